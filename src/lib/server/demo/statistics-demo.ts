// Two years of past use for the evaluator workspace: bookings and usage records on a sample of the
// demo's instruments, with seasons (quiet at the Spring Festival and in August) and cross-area flows
// shaped like the paper's figures — Beijing mostly serves the other areas (about 75:25 out to in),
// Hebei mostly uses theirs (about 21:79), Tianjin in between (about 60:40).
// It writes only before the window of the foundation demo's bookings, so the two never overlap.
// statistics-demo-money.ts adds the money around it: reported sample-testing requests (送样检测) with
// their final charges, and Hebei and Tianjin innovation vouchers (创新券) redeemed on both.
import type { Kysely } from 'kysely';
import { withWriteTransaction, type Db } from '../db/dialect';
import type { AreaCode, Database } from '../db/schema';
import { wallTime, zonedToUtc } from '../../domain/time/zone';
import { Rng } from './prng';
import { demoDayStart } from './seed';
import { seedHistoryMoney, type CompletedUse, type HistoryInstrument, type HistoryPerson } from './statistics-demo-money';

const ZONE = 'Asia/Shanghai';
const DAY = 86_400_000;
const HOUR = 3_600_000;
/** the foundation demo's bookings reach this far back; history stops before it */
const RECENT_WINDOW_DAYS = 36;
/** one instrument in this many gets a history (keeps the seed to seconds) */
const SAMPLE_EVERY = 8;

/** Share of an area's instrument use by users of each area (rows: instrument area). */
export const USER_AREA_SHARE: Record<AreaCode, Record<AreaCode, number>> = {
	BJ: { BJ: 0.6, TJ: 0.1, HE: 0.3 },
	TJ: { TJ: 0.5, BJ: 0.15, HE: 0.35 },
	HE: { HE: 0.7, BJ: 0.15, TJ: 0.15 }
};

/** Booking intensity of a local date: low around the Spring Festival and in August, growing slowly. */
export function seasonFactor(year: number, month: number, day: number, yearsAgo: number): number {
	const growth = 1 - 0.12 * yearsAgo;
	if ((month === 1 && day >= 20) || (month === 2 && day <= 20)) return 0.3 * growth;
	if (month === 8) return 0.5 * growth;
	return growth;
}

type Person = HistoryPerson;

export interface HistoryCounts {
	bookings: number;
	usage: number;
	/** reported sample-testing requests */
	samples: number;
	/** redeemed voucher reservations (bookings and samples) */
	vouchers: number;
}

export async function seedStatisticsHistory(db: Db, now = Date.now()): Promise<HistoryCounts> {
	const k = db.kysely;
	const rng = new Rng('statistics-history');
	const today = demoDayStart(now);
	// from 1 January two years back, so last year and the year before are whole
	const from = zonedToUtc(wallTime(today + 12 * HOUR, ZONE).year - 2, 1, 1, 0, 0, ZONE);
	const until = today - RECENT_WINDOW_DAYS * DAY;

	const instruments = (
		await k
			.selectFrom('instruments')
			.select(['id', 'area_code', 'institution_id', 'facility_id', 'price_hour_fen', 'modes'])
			.where('published', '=', 1)
			.where('status', '=', 'in_service')
			.orderBy('id')
			.execute()
	).filter((i, n) => n % SAMPLE_EVERY === 0 && /self|assisted/.test(i.modes));
	const people = await k
		.selectFrom('users')
		.innerJoin('institutions', 'institutions.id', 'users.institution_id')
		.select(['users.id', 'users.institution_id as institutionId', 'institutions.area_code as area', 'institutions.kind'])
		.where('users.email', 'not like', '%@demo.jjj')
		.orderBy('users.id')
		.execute();
	const byArea: Record<AreaCode, Person[]> = { BJ: [], TJ: [], HE: [] };
	for (const p of people as Person[]) byArea[p.area].push(p);
	if (instruments.length === 0 || byArea.BJ.length === 0 || byArea.TJ.length === 0 || byArea.HE.length === 0) return { bookings: 0, usage: 0, samples: 0, vouchers: 0 };

	const bookings: Record<string, unknown>[] = [];
	const usagePlan = new Map<string, { start: number; end: number; user: Person; fen: number; rate: number; internal: boolean; year: number; minutes: number; mode: 'self' | 'assisted' }>();
	for (const inst of instruments) {
		const shares = USER_AREA_SHARE[inst.area_code];
		for (let day = from; day < until; day += DAY) {
			const w = wallTime(day + 12 * HOUR, ZONE);
			if (w.weekday > 5) continue;
			const yearsAgo = Math.floor((today - day) / (365 * DAY));
			// about 1.1 bookings a week per instrument on weekdays, less in quiet seasons
			if (!rng.chance(0.22 * seasonFactor(w.year, w.month, w.day, yearsAgo))) continue;
			const morning = rng.chance(0.5);
			const hours = rng.int(1, 3);
			const start = zonedToUtc(w.year, w.month, w.day, morning ? 9 : 14, 0, ZONE);
			const end = start + hours * HOUR;
			const area = rng.weighted(['BJ', 'TJ', 'HE'] as AreaCode[], (a) => shares[a]);
			let user = rng.pick(byArea[area]);
			// a third of local use is by the instrument's own institution, where it has people
			if (area === inst.area_code && rng.chance(0.33)) {
				const own = byArea[area].filter((p) => p.institutionId === inst.institution_id);
				if (own.length > 0) user = rng.pick(own);
			}
			const mode = rng.chance(0.6) ? ('self' as const) : ('assisted' as const);
			const roll = rng.float();
			const status = roll < 0.85 ? 'completed' : roll < 0.9 ? 'no_show' : roll < 0.97 ? 'cancelled' : 'rejected';
			bookings.push({
				instrument_id: inst.id,
				user_id: user.id,
				mode,
				start_at: start,
				end_at: end,
				status,
				active: 0,
				purpose: '测试分析',
				project: '',
				quote_fen: Math.round(inst.price_hour_fen * hours),
				user_area_code: user.area,
				user_institution_id: user.institutionId,
				decided_at: start - 2 * DAY,
				created_at: start - 5 * DAY,
				updated_at: end
			});
			if (status === 'completed') {
				const actualStart = start + rng.int(0, 15) * 60_000;
				const actualEnd = Math.max(actualStart + 30 * 60_000, end - rng.int(0, 25) * 60_000);
				const minutes = Math.ceil((actualEnd - actualStart) / 60_000 / 30) * 30;
				// the charge comes from actual use, billed in half hours (rounded up), own staff at half rate
				const internal = user.institutionId === inst.institution_id;
				const rate = internal ? Math.round(inst.price_hour_fen / 2) : inst.price_hour_fen;
				const fen = Math.round((rate * minutes) / 60);
				usagePlan.set(`${inst.id}:${start}`, { start: actualStart, end: actualEnd, user, fen, rate, internal, year: w.year, minutes, mode });
			}
		}
	}

	const maxRows = db.dialect === 'postgres' ? 3_000 : 1_500;
	let usage = 0;
	const byId = new Map<number, HistoryInstrument>(instruments.map((i) => [i.id, i]));
	/** completed bookings, for the vouchers spent on them */
	const completed: CompletedUse[] = [];
	let money = { samples: 0, vouchers: 0 };
	await withWriteTransaction(db, async (trx) => {
		for (let i = 0; i < bookings.length; i += maxRows) {
			const chunk = bookings.slice(i, i + maxRows);
			const ids = await insertBookings(trx, chunk);
			const records = ids.flatMap((b) => {
				const u = usagePlan.get(`${b.instrument_id}:${b.start_at}`);
				return u
					? [{ booking_id: b.id, instrument_id: b.instrument_id, user_id: u.user.id, operator_user_id: u.user.id, start_at: u.start, end_at: u.end, recorded_by: null, source: 'checkin' as const, created_at: u.end, updated_at: u.end }]
					: [];
			});
			if (records.length > 0) await trx.insertInto('usage_records').values(records).execute();
			const charges = ids.flatMap((b) => {
				const u = usagePlan.get(`${b.instrument_id}:${b.start_at}`);
				return u
					? [{ booking_id: b.id, instrument_id: b.instrument_id, user_id: u.user.id, mode: u.mode, unit: 'hour' as const, rate_fen: u.rate, internal: u.internal ? 1 : 0, year: u.year, quantity: u.minutes, free_quantity: 0, quote_fen: u.fen, computed_fen: u.fen, final_fen: u.fen, adjust_reason: null, status: 'final' as const, finalised_by: null, created_at: u.end, updated_at: u.end }]
					: [];
			});
			if (charges.length > 0) await trx.insertInto('booking_charges').values(charges).execute();
			usage += records.length;
			for (const b of ids) {
				const u = usagePlan.get(`${b.instrument_id}:${b.start_at}`);
				const i = byId.get(b.instrument_id);
				if (u && i) completed.push({ bookingId: b.id, sampleRequestId: null, instrument: i, user: u.user, createdAt: b.start_at - 5 * DAY, doneAt: u.end, feeFen: b.quote_fen, finalFen: u.fen });
			}
		}
		money = await seedHistoryMoney(trx, db.dialect, { from, until, today, instruments, byArea, bookings: bookings as { instrument_id: number; start_at: number }[], completed });
	});
	return { bookings: bookings.length, usage, ...money };
}

function insertBookings(trx: Kysely<Database>, rows: Record<string, unknown>[]) {
	return trx
		.insertInto('bookings')
		.values(rows as never)
		.returning(['id', 'instrument_id', 'start_at', 'quote_fen'])
		.execute();
}
