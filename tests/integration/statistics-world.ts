// A generated statistics fixture: institutions and facilities in the three areas (one Beijing
// institution with a Tianjin branch), instruments with closures (one retired, one unpublished),
// people, and Q1 2026 bookings in every status — many crossing month ends at night — with usage
// records (some without a booking), final charges, redeemed vouchers, reported samples (with their
// charges, some paid partly by a voucher) and
// bookings enabled by recognition. Inserted directly: the statistics read history, they do not make it.
import type { Db } from '../../src/lib/server/db/dialect';
import type { AreaCode, BookingStatus } from '../../src/lib/server/db/schema';
import { mulberry32 } from '../../src/lib/server/demo/prng';
import { newFacility, newInstitution, newInstrument, newUser } from './fixtures';

const H = 3_600_000;
const sh = (iso: string) => Date.parse(`${iso}+08:00`);

export const WORLD_NOW = sh('2026-03-20T12:00:00');
export const WORLD_FROM = sh('2025-12-20T00:00:00');
export const WORLD_TO = sh('2026-04-10T00:00:00');

export interface World {
	evaluator: { id: number };
	evaluatorTj: { id: number };
	admin: { id: number };
	researcher: { id: number };
	manager: { id: number };
	institutions: { id: number; area: AreaCode }[];
}

export async function buildStatisticsWorld(db: Db, seed = 7): Promise<World> {
	const rnd = mulberry32(seed);
	const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)];
	const k = db.kysely;
	const areas: AreaCode[] = ['BJ', 'TJ', 'HE'];
	const institutions: { id: number; area: AreaCode }[] = [];
	for (const area of areas) for (let n = 0; n < 2; n++) institutions.push({ id: (await newInstitution(db, { area, kind: n === 1 ? 'enterprise' : 'university' })).id, area });
	const facilities = [];
	for (const inst of institutions) facilities.push(await newFacility(db, { institutionId: inst.id }));
	facilities.push(await newFacility(db, { institutionId: institutions[0].id, area: 'TJ' })); // a Beijing university's Tianjin branch
	const instruments = [];
	for (const fac of facilities) for (let n = 0; n < 2; n++) instruments.push(await newInstrument(db, { facilityId: fac.id }));
	await k.updateTable('instruments').set({ status: 'retired' }).where('id', '=', instruments[3].id).execute();
	await k.updateTable('instruments').set({ published: 0 }).where('id', '=', instruments[5].id).execute();
	await k.updateTable('instruments').set({ confirmed_at: WORLD_NOW - 200 * 24 * H }).where('id', 'in', [instruments[1].id, instruments[6].id]).execute();
	// closures: a once-only maintenance crossing the January/February boundary, and a weekly one
	await k.insertInto('instrument_closures').values([
		{ instrument_id: instruments[0].id, kind: 'maintenance', reason: '维护', recurrence: 'once', start_at: sh('2026-01-30T10:00:00'), end_at: sh('2026-02-03T12:00:00'), weekday: null, start_time: null, end_time: null, from_date: null, until_date: null, created_by: null, created_at: WORLD_FROM },
		{ instrument_id: instruments[2].id, kind: 'other', reason: '例会', recurrence: 'weekly', start_at: null, end_at: null, weekday: 3, start_time: '14:00', end_time: '16:00', from_date: '2026-02-01', until_date: null, created_by: null, created_at: WORLD_FROM }
	]).execute();

	const people = [];
	for (const inst of institutions) for (let n = 0; n < 3; n++) people.push({ ...(await newUser(db, { institutionId: inst.id })), area: inst.area, inst: inst.id });
	const evaluator = await newUser(db, { institutionId: institutions[0].id, role: 'evaluator', roleArea: null });
	const evaluatorTj = await newUser(db, { institutionId: institutions[2].id, role: 'evaluator', roleArea: 'TJ' });
	const admin = await newUser(db, { institutionId: institutions[0].id, role: 'admin' });
	const researcher = await newUser(db, { institutionId: institutions[4].id });
	const manager = await newUser(db, { institutionId: institutions[2].id, role: 'manager', facilityId: facilities[2].id });

	const programme = await k.insertInto('voucher_programmes').values({ issuer_area: 'HE', name_zh: '河北创新券', year: 2026, budget_fen: 10_000_000, granted_fen: 1_000_000, ratio_bp: 5000, cap_fen: 1_000_000, valid_from: WORLD_FROM, valid_to: WORLD_TO, model: 'exchange', scope: 'all', created_by: null, created_at: WORLD_FROM, updated_at: WORLD_FROM }).returning('id').executeTakeFirstOrThrow();

	const statuses: BookingStatus[] = ['completed', 'completed', 'completed', 'checked_in', 'approved', 'no_show', 'cancelled', 'rejected', 'requested'];
	const monthEnds = ['2025-12-31', '2026-01-31', '2026-02-28', '2026-03-31'];
	for (let n = 0; n < 160; n++) {
		const instrument = pick(instruments);
		const person = pick(people);
		let start: number;
		if (n % 5 === 0) start = sh(`${pick(monthEnds)}T${pick(['21', '22', '23'])}:00:00`); // crosses the month end at night
		else start = WORLD_FROM + Math.floor(rnd() * ((WORLD_TO - WORLD_FROM) / H - 30)) * H;
		const end = start + (1 + Math.floor(rnd() * 5)) * H;
		const status = pick(statuses);
		const recognised = rnd() < 0.2 ? pick(['agreement', 'case', 'direct'] as const) : null;
		const b = await k
			.insertInto('bookings')
			.values({
				instrument_id: instrument.id, user_id: person.id, mode: pick(['self', 'assisted'] as const), start_at: start, end_at: end, status,
				active: ['requested', 'approved', 'checked_in'].includes(status) ? 1 : 0, purpose: '测试', project: '', quote_fen: 10_000,
				user_area_code: person.area, user_institution_id: person.inst, decision_reason: null, decided_by: null, decided_at: null,
				created_at: start - 24 * H, updated_at: start, recognition_kind: recognised
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		if (status === 'completed' || status === 'checked_in') {
			const usedStart = start + Math.floor(rnd() * 30) * 60_000;
			const usedEnd = status === 'checked_in' && rnd() < 0.5 ? null : end + Math.floor(rnd() * 40 - 20) * 60_000;
			await k.insertInto('usage_records').values({ booking_id: b.id, instrument_id: instrument.id, user_id: person.id, operator_user_id: null, start_at: usedStart, end_at: usedEnd, recorded_by: null, source: 'checkin', created_at: usedStart, updated_at: usedStart }).execute();
		}
		if (status === 'completed') {
			const fee = 1000 * (1 + Math.floor(rnd() * 50));
			await k.insertInto('booking_charges').values({ booking_id: b.id, instrument_id: instrument.id, user_id: person.id, mode: 'self', unit: 'hour', rate_fen: 1000, internal: 0, year: 2026, quantity: 1, free_quantity: 0, quote_fen: fee, computed_fen: fee, final_fen: fee, adjust_reason: null, status: 'final', finalised_by: null, created_at: start, updated_at: start }).execute();
			if (rnd() < 0.3) {
				const grant = await k.insertInto('voucher_grants').values({ programme_id: programme.id, institution_id: person.inst, applicant_user_id: person.id, requested_fen: fee, amount_fen: fee, reserved_fen: 0, redeemed_fen: fee, status: 'approved', decision_reason: null, decided_by: null, decided_at: null, expires_at: WORLD_TO, created_at: start, updated_at: start }).returning('id').executeTakeFirstOrThrow();
				await k.insertInto('voucher_reservations').values({ grant_id: grant.id, booking_id: b.id, programme_id: programme.id, issuer_area: 'HE', model: 'exchange', enterprise_institution_id: person.inst, provider_facility_id: instrument.facility_id, provider_institution_id: instrument.institution_id, provider_area: instrument.area_code, fee_fen: fee, reserved_fen: fee, final_charge_fen: fee, redeemed_fen: Math.floor(fee / 2), released_fen: fee - Math.floor(fee / 2), status: 'redeemed', redemption_key: `k${b.id}`, redeemed_at: end, claim_line_id: null, created_at: start, updated_at: end }).execute();
			}
		}
	}
	// usage without a booking (recorded by a manager), one crossing the February/March boundary
	for (let n = 0; n < 12; n++) {
		const instrument = pick(instruments);
		const person = pick(people);
		const start = n === 0 ? sh('2026-02-28T22:30:00') : WORLD_FROM + Math.floor(rnd() * 2000) * H;
		await k.insertInto('usage_records').values({ booking_id: null, instrument_id: instrument.id, user_id: person.id, operator_user_id: null, start_at: start, end_at: start + 3 * H, recorded_by: null, source: 'manager', created_at: start, updated_at: start }).execute();
	}
	for (let n = 0; n < 25; n++) {
		const instrument = pick(instruments);
		const person = pick(people);
		const at = WORLD_FROM + Math.floor(rnd() * 2000) * H;
		const count = 1 + Math.floor(rnd() * 9);
		const status = pick(['reported', 'reported', 'testing', 'cancelled'] as const);
		const s = await k.insertInto('sample_requests').values({ instrument_id: instrument.id, facility_id: instrument.facility_id, user_id: person.id, sample_count: count, sample_kind: '粉末', wanted_date: null, status, quote_fen: null, reject_reason: null, booking_id: null, result_path: null, result_name: null, result_type: null, result_size: null, reported_at: at, decided_by: null, decided_at: null, user_area_code: person.area, user_institution_id: person.inst, created_at: at - 48 * H, updated_at: at }).returning('id').executeTakeFirstOrThrow();
		// the money of a sample request: final on the report, quoted while testing, void when cancelled; some paid partly by a voucher
		const fee = 5_000 * count;
		const chargeStatus = status === 'reported' ? 'final' : status === 'testing' ? 'quoted' : 'void';
		await k.insertInto('sample_charges').values({ sample_request_id: s.id, instrument_id: instrument.id, user_id: person.id, unit: 'sample', rate_fen: 5_000, internal: person.inst === instrument.institution_id ? 1 : 0, year: 2026, quantity: count, free_quantity: 0, quote_fen: fee, final_fen: chargeStatus === 'final' ? fee : null, status: chargeStatus, created_at: at - 48 * H, updated_at: at }).execute();
		if (status === 'reported' && n % 3 === 0) {
			const grant = await k.insertInto('voucher_grants').values({ programme_id: programme.id, institution_id: person.inst, applicant_user_id: person.id, requested_fen: fee, amount_fen: fee, reserved_fen: 0, redeemed_fen: fee / 2, status: 'approved', decision_reason: null, decided_by: null, decided_at: null, expires_at: WORLD_TO, created_at: at, updated_at: at }).returning('id').executeTakeFirstOrThrow();
			await k.insertInto('voucher_reservations').values({ grant_id: grant.id, booking_id: null, sample_request_id: s.id, programme_id: programme.id, issuer_area: 'HE', model: 'exchange', enterprise_institution_id: person.inst, provider_facility_id: instrument.facility_id, provider_institution_id: instrument.institution_id, provider_area: instrument.area_code, fee_fen: fee, reserved_fen: fee, final_charge_fen: fee, redeemed_fen: fee / 2, released_fen: fee / 2, status: 'redeemed', redemption_key: `sample-${s.id}`, redeemed_at: at, claim_line_id: null, created_at: at, updated_at: at }).execute();
		}
	}
	return { evaluator, evaluatorTj, admin, researcher, manager, institutions };
}
