// The money around the demo history (statistics-demo.ts), written in the same transaction:
// - sample testing (送样检测): reported requests on the history's instruments that offer it, with the
//   same seasons and cross-area shares as the bookings; each has its final charge (sample_charges,
//   per-sample rate of the instrument's sample rule — internal rate for its own institution — with
//   the yearly free quota, as the sample service prices them) and, when the instrument was free that
//   day, its instrument time: a 'sample' booking, completed, with a usage record (source 'sample') and
//   NO booking charge (the request carries the money, as charge.service.ts holds it);
// - innovation vouchers (创新券) in each of the two past years: a Hebei 通兑 programme and a Tianjin one,
//   both open to every provider; grants to enterprises of the area whose people used instruments in
//   the history; on a share of their completed bookings and reported samples at other institutions,
//   a redeemed reservation exactly as reservation.service.ts / sample-voucher.service.ts leave it
//   (reserved = min(ratio × fee, balance, cap left), redeemed = ratio × final charge, the rest
//   released, key `usage-<booking>` / `sample-<request>`); grant and programme totals match. The
//   Hebei programme of the year before last is settled: one paid provider claim per facility.
// Demo accounts' institutions get no history grants (their grants are the voucher demo's).
import { sql, type Kysely } from 'kysely';
import type { AreaCode, Database, InstitutionKind } from '../db/schema';
import type { DialectName } from '../db/dialect';
import { fallbackRule, quote, type InstitutionKindName, type PriceRule } from '../../domain/pricing/price-rules';
import { settleReservation, voucherShare } from '../../domain/voucher/voucher-rules';
import { wallTime, zonedToUtc } from '../../domain/time/zone';
import { toRule } from '../pricing/price.repository';
import { Rng } from './prng';
import { seasonFactor, USER_AREA_SHARE } from './statistics-demo';

type Q = Kysely<Database>;

const ZONE = 'Asia/Shanghai';
const DAY = 86_400_000;
const HOUR = 3_600_000;

export interface HistoryInstrument {
	id: number;
	area_code: AreaCode;
	institution_id: number;
	facility_id: number;
	price_hour_fen: number;
	modes: string;
}

export interface HistoryPerson {
	id: number;
	institutionId: number;
	area: AreaCode;
	kind: InstitutionKind;
}

/** A completed booking or a reported sample request of the history: what a voucher is spent on. */
export interface CompletedUse {
	bookingId: number | null;
	sampleRequestId: number | null;
	instrument: HistoryInstrument;
	user: HistoryPerson;
	/** when it was sent (the voucher share is reserved then) */
	createdAt: number;
	/** completion or report (the share is redeemed then) */
	doneAt: number;
	/** the quote the share is reserved on */
	feeFen: number;
	finalFen: number;
}

export interface HistoryMoneyInput {
	/** local midnight of 1 January two years back, and where the history stops */
	from: number;
	until: number;
	today: number;
	instruments: HistoryInstrument[];
	byArea: Record<AreaCode, HistoryPerson[]>;
	/** the history's bookings (a sample's instrument time avoids their days) */
	bookings: { instrument_id: number; start_at: number }[];
	/** the history's completed bookings, with ids */
	completed: CompletedUse[];
}

/** Sample requests per weekday per instrument offering them (before the season). */
const SAMPLE_RATE = 0.035;
const SAMPLE_KINDS = ['粉末样品', '薄膜样品', '块体材料', '液体样品', '生物组织切片', '高分子材料', '金属断口', '土壤样品'];

interface Programme {
	area: AreaCode;
	nameZh: string;
	nameEn: string;
	year: number;
	budgetFen: number;
	ratioBp: number;
	capFen: number;
	validFrom: number;
	validTo: number;
	/** share of the area's enterprises (with history use) that hold a grant, and of their uses paid with it */
	holders: number;
	uses: number;
}

function chunks<T>(rows: T[], size: number): T[][] {
	const out: T[][] = [];
	for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
	return out;
}

export async function seedHistoryMoney(trx: Q, dialect: DialectName, input: HistoryMoneyInput): Promise<{ samples: number; vouchers: number }> {
	// PostgreSQL binds at most 65,535 parameters a statement: 2,000 rows of the widest table (23 columns) stay under it
	const maxRows = dialect === 'postgres' ? 2_000 : 1_000;
	const samples = await seedHistorySamples(trx, input, maxRows);
	const vouchers = await seedHistoryVouchers(trx, input, [...input.completed, ...samples], maxRows);
	return { samples: samples.length, vouchers };
}

async function seedHistorySamples(trx: Q, input: HistoryMoneyInput, maxRows: number): Promise<CompletedUse[]> {
	const { from, until, today, byArea } = input;
	const rng = new Rng('statistics-history-samples');
	const instruments = input.instruments.filter((i) => i.modes.split(',').includes('sample'));
	if (instruments.length === 0) return [];
	const rules = new Map<number, PriceRule>();
	for (const ids of chunks(instruments.map((i) => i.id), 500)) {
		const rows = await trx.selectFrom('price_rules').selectAll().where('mode', '=', 'sample').where('instrument_id', 'in', ids).execute();
		for (const r of rows) rules.set(r.instrument_id, toRule(r));
	}
	// the days an instrument already has a history booking: the sample's instrument time goes elsewhere
	const busy = new Set<string>();
	for (const b of input.bookings) busy.add(`${b.instrument_id}:${Math.floor((b.start_at - from) / DAY)}`);
	/** free samples taken per person, instrument and year */
	const freeUsed = new Map<string, number>();

	interface Plan {
		inst: HistoryInstrument;
		user: HistoryPerson;
		count: number;
		kind: string;
		created: number;
		decided: number;
		slot: { start: number; end: number } | null;
		reported: number;
		rateFen: number;
		internal: boolean;
		year: number;
		freeQuantity: number;
		feeFen: number;
	}
	const plans: Plan[] = [];
	/** instrument:reported, unique per request (the inserted rows are matched back by it) */
	const taken = new Set<string>();
	for (const inst of instruments) {
		const shares = USER_AREA_SHARE[inst.area_code];
		const rule = rules.get(inst.id) ?? fallbackRule('sample', inst.price_hour_fen);
		for (let day = from, n = 0; day < until - 3 * DAY; day += DAY, n++) {
			const w = wallTime(day + 12 * HOUR, ZONE);
			if (w.weekday > 5) continue;
			const yearsAgo = Math.floor((today - day) / (365 * DAY));
			if (!rng.chance(SAMPLE_RATE * seasonFactor(w.year, w.month, w.day, yearsAgo))) continue;
			const area = rng.weighted(['BJ', 'TJ', 'HE'] as AreaCode[], (a) => shares[a]);
			let user = rng.pick(byArea[area]);
			if (area === inst.area_code && rng.chance(0.33)) {
				const own = byArea[area].filter((p) => p.institutionId === inst.institution_id);
				if (own.length > 0) user = rng.pick(own);
			}
			const count = rng.int(1, 8);
			const kind = rng.pick(SAMPLE_KINDS);
			const created = day - rng.int(3, 12) * DAY + rng.int(9, 17) * HOUR;
			const decided = created + rng.int(2, 30) * HOUR;
			// the instrument time (when the instrument is free that day), else tested without a booked slot
			const withSlot = !busy.has(`${inst.id}:${n}`) && rng.chance(0.75);
			const hours = rng.int(1, 3);
			const start = zonedToUtc(w.year, w.month, w.day, 10, 0, ZONE);
			const slot = withSlot ? { start, end: start + hours * HOUR } : null;
			let reported = (slot ? slot.end : start + 6 * HOUR) + rng.int(1, 40) * HOUR;
			while (taken.has(`${inst.id}:${reported}`)) reported += 60_000;
			taken.add(`${inst.id}:${reported}`);
			// priced as sampleQuote does: the rule of the sample mode, the free quota of the request's year
			const internal = user.institutionId === inst.institution_id;
			const year = wallTime(created, ZONE).year;
			const key = `${user.id}:${inst.id}:${year}`;
			const q = quote(rule, { bookedMinutes: 0, samples: count, internal, institutionKind: user.kind as InstitutionKindName, freeUsed: freeUsed.get(key) ?? 0 });
			if (q.freeQuantity > 0) freeUsed.set(key, (freeUsed.get(key) ?? 0) + q.freeQuantity);
			plans.push({ inst, user, count, kind, created, decided, slot, reported, rateFen: q.rateFen, internal, year, freeQuantity: q.freeQuantity, feeFen: q.feeFen });
		}
	}

	const uses: CompletedUse[] = [];
	for (const part of chunks(plans, maxRows)) {
		// the instrument time first (its purpose names the request once the request has its id)
		const slotted = part.filter((p) => p.slot !== null);
		const bookingIds = new Map<string, number>();
		if (slotted.length > 0) {
			const rows = await trx
				.insertInto('bookings')
				.values(
					slotted.map((p) => ({
						instrument_id: p.inst.id,
						user_id: p.user.id,
						mode: 'sample' as const,
						start_at: p.slot!.start,
						end_at: p.slot!.end,
						status: 'completed' as const,
						active: 0,
						purpose: '送样检测 / sample testing',
						project: '',
						quote_fen: p.feeFen,
						user_area_code: p.user.area,
						user_institution_id: p.user.institutionId,
						decision_reason: null,
						decided_by: null,
						decided_at: p.decided,
						created_at: p.decided,
						updated_at: p.reported
					}))
				)
				.returning(['id', 'instrument_id', 'start_at'])
				.execute();
			for (const r of rows) bookingIds.set(`${r.instrument_id}:${r.start_at}`, r.id);
		}
		const requests = await trx
			.insertInto('sample_requests')
			.values(
				part.map((p) => ({
					instrument_id: p.inst.id,
					facility_id: p.inst.facility_id,
					user_id: p.user.id,
					sample_count: p.count,
					sample_kind: p.kind,
					hazards: '',
					wanted_date: null,
					notes: '',
					status: 'reported' as const,
					quote_fen: p.feeFen,
					reject_reason: null,
					booking_id: p.slot ? bookingIds.get(`${p.inst.id}:${p.slot.start}`)! : null,
					result_path: null,
					result_name: null,
					result_type: null,
					result_size: null,
					reported_at: p.reported,
					decided_by: null,
					decided_at: p.decided,
					user_area_code: p.user.area,
					user_institution_id: p.user.institutionId,
					created_at: p.created,
					updated_at: p.reported
				}))
			)
			.returning(['id', 'instrument_id', 'reported_at', 'booking_id'])
			.execute();
		const requestIds = new Map(requests.map((r) => [`${r.instrument_id}:${r.reported_at}`, r]));
		const ids = part.map((p) => requestIds.get(`${p.inst.id}:${p.reported}`)!);
		await trx
			.insertInto('sample_charges')
			.values(
				part.map((p, n) => ({
					sample_request_id: ids[n].id,
					instrument_id: p.inst.id,
					user_id: p.user.id,
					unit: 'sample' as const,
					rate_fen: p.rateFen,
					internal: p.internal ? 1 : 0,
					year: p.year,
					quantity: p.count,
					free_quantity: p.freeQuantity,
					quote_fen: p.feeFen,
					final_fen: p.feeFen,
					status: 'final' as const,
					created_at: p.created,
					updated_at: p.reported
				}))
			)
			.execute();
		const withBooking = part.flatMap((p, n) => (p.slot && ids[n].booking_id !== null ? [{ p, id: ids[n].id, bookingId: ids[n].booking_id }] : []));
		if (withBooking.length > 0) {
			// as reportSample records it: the scheduled slot, source 'sample'
			await trx
				.insertInto('usage_records')
				.values(withBooking.map(({ p, id, bookingId }) => ({ booking_id: bookingId, instrument_id: p.inst.id, user_id: p.user.id, operator_user_id: null, start_at: p.slot!.start, end_at: p.slot!.end, recorded_by: null, source: 'sample' as const, notes: `#${id}`, created_at: p.reported, updated_at: p.reported })))
				.execute();
			for (const few of chunks(withBooking, 500)) {
				const purpose = sql<string>`case id ${sql.join(few.map(({ id, bookingId }) => sql`when ${bookingId} then ${`送样检测 / sample testing #${id}`}`), sql` `)} end`;
				await trx.updateTable('bookings').set({ purpose }).where('id', 'in', few.map((b) => b.bookingId)).execute();
			}
		}
		part.forEach((p, n) => uses.push({ bookingId: null, sampleRequestId: ids[n].id, instrument: p.inst, user: p.user, createdAt: p.created, doneAt: p.reported, feeFen: p.feeFen, finalFen: p.feeFen }));
	}
	return uses;
}

/** The two past years' programmes: Hebei 通兑 (50 %) and Tianjin 通兑 (40 %), every provider of the three areas. */
function programmesOf(today: number): Programme[] {
	const thisYear = wallTime(today + 12 * HOUR, ZONE).year;
	const out: Programme[] = [];
	for (const year of [thisYear - 2, thisYear - 1]) {
		const validFrom = zonedToUtc(year, 1, 1, 0, 0, ZONE);
		const validTo = zonedToUtc(year + 1, 1, 1, 0, 0, ZONE);
		out.push({ area: 'HE', nameZh: `河北省科技创新券（通用通兑）${year}年度`, nameEn: `Hebei innovation voucher (universal) ${year}`, year, budgetFen: 200_000_000, ratioBp: 5_000, capFen: 20_000_000, validFrom, validTo, holders: 0.85, uses: 0.8 });
		out.push({ area: 'TJ', nameZh: `天津市科技创新券（通兑）${year}年度`, nameEn: `Tianjin innovation voucher (exchange) ${year}`, year, budgetFen: 100_000_000, ratioBp: 4_000, capFen: 10_000_000, validFrom, validTo, holders: 0.7, uses: 0.6 });
	}
	return out;
}

async function userIdByEmail(trx: Q, email: string): Promise<number | null> {
	return (await trx.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst())?.id ?? null;
}

async function seedHistoryVouchers(trx: Q, input: HistoryMoneyInput, uses: CompletedUse[], maxRows: number): Promise<number> {
	const rng = new Rng('statistics-history-vouchers');
	const admin = await userIdByEmail(trx, 'admin@demo.jjj');
	const authority: Record<AreaCode, number | null> = {
		BJ: admin,
		TJ: (await userIdByEmail(trx, 'evaluator.tj@demo.jjj')) ?? admin,
		HE: (await userIdByEmail(trx, 'evaluator.he@demo.jjj')) ?? admin
	};
	const demoInstitutions = new Set(
		(await trx.selectFrom('users').select('institution_id').where('email', 'like', '%@demo.jjj').execute()).map((u) => u.institution_id)
	);
	// uses paid with a voucher: an enterprise's, at another institution, with something to pay
	const eligible = uses
		.filter((u) => u.user.kind === 'enterprise' && !demoInstitutions.has(u.user.institutionId) && u.user.institutionId !== u.instrument.institution_id && u.feeFen > 0)
		.sort((a, b) => a.createdAt - b.createdAt || a.doneAt - b.doneAt);

	let redeemedCount = 0;
	const settled: { programmeId: number; facilityId: number; institutionId: number; reservations: { id: number; redeemedFen: number; useKey: string; redeemedAt: number }[]; year: number }[] = [];
	for (const p of programmesOf(input.today)) {
		// applications in February, decided from March on
		const created = zonedToUtc(p.year, 2, 10, 10, 0, ZONE);
		const decidedBase = zonedToUtc(p.year, 3, 1, 10, 0, ZONE);
		const programme = await trx
			.insertInto('voucher_programmes')
			.values({ issuer_area: p.area, name_zh: p.nameZh, name_en: p.nameEn, year: p.year, budget_fen: p.budgetFen, ratio_bp: p.ratioBp, cap_fen: p.capFen, valid_from: p.validFrom, valid_to: p.validTo, model: 'exchange', scope: 'all', status: 'closed', created_by: authority[p.area], created_at: created - 30 * DAY, updated_at: p.validTo })
			.returning('id')
			.executeTakeFirstOrThrow();
		// the area's enterprises with uses in the programme's year, in a fixed order
		const byEnterprise = new Map<number, CompletedUse[]>();
		for (const u of eligible) {
			if (u.user.area !== p.area || u.createdAt < decidedBase || u.createdAt >= p.validTo) continue;
			let list = byEnterprise.get(u.user.institutionId);
			if (!list) byEnterprise.set(u.user.institutionId, (list = []));
			list.push(u);
		}
		let grantedFen = 0;
		const reservations: Record<string, unknown>[] = [];
		for (const [institutionId, list] of [...byEnterprise].sort((a, b) => a[0] - b[0])) {
			if (!rng.chance(p.holders)) continue;
			const decided = decidedBase + rng.int(0, 40) * DAY;
			const chosen = list.filter((u) => u.createdAt >= decided && rng.chance(p.uses));
			if (chosen.length === 0) continue;
			// approved for about what the enterprise expected to spend (in ¥10,000), within the cap and the budget left
			const demand = chosen.reduce((s, u) => s + Math.round((u.feeFen * p.ratioBp) / 10_000), 0);
			const wanted = Math.max(1_000_000, Math.ceil((demand * (0.7 + 0.6 * rng.float())) / 1_000_000) * 1_000_000);
			const amount = Math.min(wanted, p.capFen, p.budgetFen - grantedFen);
			if (amount <= 0) break;
			grantedFen += amount;
			const applicant = chosen[0].user.id;
			const grant = await trx
				.insertInto('voucher_grants')
				.values({ programme_id: programme.id, institution_id: institutionId, applicant_user_id: applicant, requested_fen: Math.min(p.capFen, wanted), purpose: '跨区域科研仪器共享检测服务', amount_fen: amount, status: 'approved', decision_reason: null, decided_by: authority[p.area], decided_at: decided, expires_at: p.validTo, created_at: created + rng.int(0, 14) * DAY, updated_at: decided })
				.returning('id')
				.executeTakeFirstOrThrow();
			let redeemed = 0;
			let last = decided;
			for (const u of chosen) {
				// reserved when sent (the balance and cap left then), the ratio share of the final charge redeemed on completion
				const share = voucherShare({ ratioBp: p.ratioBp, feeFen: u.feeFen, balanceFen: amount - redeemed, capLeftFen: p.capFen - redeemed });
				if (share <= 0) continue;
				const { redeemFen, releaseFen } = settleReservation(share, p.ratioBp, u.finalFen);
				redeemed += redeemFen;
				last = Math.max(last, u.doneAt);
				reservations.push({
					grant_id: grant.id,
					booking_id: u.bookingId,
					sample_request_id: u.sampleRequestId,
					programme_id: programme.id,
					issuer_area: p.area,
					model: 'exchange',
					enterprise_institution_id: institutionId,
					provider_facility_id: u.instrument.facility_id,
					provider_institution_id: u.instrument.institution_id,
					provider_area: u.instrument.area_code,
					fee_fen: u.feeFen,
					reserved_fen: share,
					final_charge_fen: u.finalFen,
					redeemed_fen: redeemFen,
					released_fen: releaseFen,
					status: 'redeemed',
					redemption_key: u.bookingId !== null ? `usage-${u.bookingId}` : `sample-${u.sampleRequestId}`,
					redeemed_at: u.doneAt,
					claim_line_id: null,
					created_at: u.createdAt,
					updated_at: u.doneAt
				});
			}
			await trx.updateTable('voucher_grants').set({ redeemed_fen: redeemed, updated_at: last }).where('id', '=', grant.id).execute();
		}
		await trx.updateTable('voucher_programmes').set({ granted_fen: grantedFen }).where('id', '=', programme.id).execute();
		const inserted: { id: number; provider_facility_id: number; provider_institution_id: number; redeemed_fen: number; redemption_key: string | null; redeemed_at: number | null }[] = [];
		for (const part of chunks(reservations, maxRows)) {
			inserted.push(...(await trx.insertInto('voucher_reservations').values(part as never).returning(['id', 'provider_facility_id', 'provider_institution_id', 'redeemed_fen', 'redemption_key', 'redeemed_at']).execute()));
		}
		redeemedCount += inserted.length;
		// the year before last of Hebei is settled: each facility's redemptions claimed, approved and paid
		if (p.area === 'HE' && p.year === wallTime(input.today + 12 * HOUR, ZONE).year - 2) {
			const byFacility = new Map<number, (typeof settled)[number]>();
			for (const r of inserted) {
				if (r.redeemed_fen <= 0) continue;
				let s = byFacility.get(r.provider_facility_id);
				if (!s) byFacility.set(r.provider_facility_id, (s = { programmeId: programme.id, facilityId: r.provider_facility_id, institutionId: r.provider_institution_id, reservations: [], year: p.year }));
				s.reservations.push({ id: r.id, redeemedFen: r.redeemed_fen, useKey: r.redemption_key ?? '', redeemedAt: r.redeemed_at ?? p.validTo });
			}
			settled.push(...[...byFacility.values()].sort((a, b) => a.facilityId - b.facilityId));
		}
	}
	await settleClaims(trx, settled, authority.HE, maxRows);
	return redeemedCount;
}

/** One paid provider claim per facility: lines approved, the reservations pointing at them. */
async function settleClaims(trx: Q, claims: { programmeId: number; facilityId: number; institutionId: number; reservations: { id: number; redeemedFen: number; useKey: string }[]; year: number }[], payer: number | null, maxRows: number): Promise<void> {
	if (claims.length === 0 || payer === null) return;
	const managers = new Map<number, number>();
	for (const r of await trx.selectFrom('role_assignments').select(['user_id', 'facility_id']).where('role', '=', 'manager').where('facility_id', 'is not', null).orderBy('user_id').execute()) {
		if (r.facility_id !== null && !managers.has(r.facility_id)) managers.set(r.facility_id, r.user_id);
	}
	const year = claims[0].year;
	const periodFrom = zonedToUtc(year, 1, 1, 0, 0, ZONE);
	const periodTo = zonedToUtc(year + 1, 1, 1, 0, 0, ZONE);
	const submitted = zonedToUtc(year + 1, 1, 15, 10, 0, ZONE);
	const reviewed = zonedToUtc(year + 1, 2, 20, 10, 0, ZONE);
	const paid = zonedToUtc(year + 1, 3, 10, 10, 0, ZONE);
	const rows = await trx
		.insertInto('settlement_claims')
		.values(
			claims.map((c, n) => {
				const total = c.reservations.reduce((s, r) => s + r.redeemedFen, 0);
				return { programme_id: c.programmeId, issuer_area: 'HE' as const, kind: 'provider' as const, facility_id: c.facilityId, institution_id: c.institutionId, period_from: periodFrom, period_to: periodTo, claimed_fen: total, approved_fen: total, status: 'paid' as const, paid_reference: `冀科券拨〔${year + 1}〕${String(n + 1).padStart(3, '0')}号`, paid_at: paid, paid_by: payer, created_by: managers.get(c.facilityId) ?? payer, created_at: submitted, updated_at: paid };
			})
		)
		.returning(['id', 'facility_id'])
		.execute();
	const claimOf = new Map(rows.map((r) => [r.facility_id, r.id]));
	const lines = claims.flatMap((c) => c.reservations.map((r) => ({ claim_id: claimOf.get(c.facilityId)!, reservation_id: r.id, amount_fen: r.redeemedFen, contract_no: r.useKey.startsWith('usage-') ? `B${r.useKey.slice(6)}` : `S${r.useKey.slice(7)}`, receipt_no: '', status: 'approved' as const, reason: null, reviewed_by: payer, reviewed_at: reviewed })));
	for (const part of chunks(lines, maxRows)) await trx.insertInto('settlement_claim_lines').values(part).execute();
	const ids = lines.map((l) => l.reservation_id);
	for (const part of chunks(ids, 5_000)) {
		await trx
			.updateTable('voucher_reservations')
			.set({ claim_line_id: sql<number>`(select l.id from settlement_claim_lines l where l.reservation_id = voucher_reservations.id)` })
			.where('id', 'in', part)
			.execute();
	}
}
