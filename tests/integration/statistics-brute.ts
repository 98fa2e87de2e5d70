// Brute-force recount of every statistics metric from raw rows, one booking, usage record and sample
// at a time, written independently of the SQL aggregates: the reference the differential test compares
// the service (and API) against.
import type { Db } from '../../src/lib/server/db/dialect';
import type { Metrics } from '../../src/lib/domain/statistics/metrics';
import type { TimeRange } from '../../src/lib/domain/time/range';
import { parseOpeningHours } from '../../src/lib/domain/booking/opening-hours';
import { openTime, type ClosureRule } from '../../src/lib/domain/schedule/closures';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
type Level = 'all' | 'area' | 'institution' | 'facility' | 'instrument';

export async function loadRaw(db: Db) {
	const k = db.kysely;
	return {
		instruments: await k.selectFrom('instruments').selectAll().execute(),
		bookings: await k.selectFrom('bookings').selectAll().execute(),
		usage: await k.selectFrom('usage_records').selectAll().execute(),
		samples: await k.selectFrom('sample_requests').selectAll().execute(),
		charges: await k.selectFrom('booking_charges').selectAll().execute(),
		vouchers: await k.selectFrom('voucher_reservations').selectAll().execute(),
		sampleCharges: await k.selectFrom('sample_charges').selectAll().execute(),
		users: await k.selectFrom('users').innerJoin('institutions', 'institutions.id', 'users.institution_id').select(['users.id', 'users.institution_id', 'institutions.area_code']).execute(),
		closures: await k.selectFrom('instrument_closures').selectAll().execute()
	};
}
export type Raw = Awaited<ReturnType<typeof loadRaw>>;

const part = (s: number, e: number, p: TimeRange) => Math.max(0, Math.min(e, p.end) - Math.max(s, p.start));

/** Every metric per group key at level, for instruments whose area is in areas (null: all). */
export function bruteMetrics(raw: Raw, level: Level, p: TimeRange, now: number, areas: string[] | null, staleDays = 90): Map<string, Metrics> {
	const inst = new Map(raw.instruments.map((i) => [i.id, i]));
	const keyOf = (id: number): string => {
		const i = inst.get(id)!;
		return level === 'all' ? 'all' : level === 'area' ? i.area_code : String(level === 'institution' ? i.institution_id : level === 'facility' ? i.facility_id : i.id);
	};
	const inScope = (id: number) => areas === null || areas.includes(inst.get(id)!.area_code);
	const out = new Map<string, Metrics & { _arr: number; _ns: number; _can: number; _nr: number; _pub: number; _fresh: number; _open: number; _eff: number; _users: Set<number>; _insts: Set<number> }>();
	const get = (key: string) => {
		let m = out.get(key);
		if (!m)
			out.set(key, (m = { instruments: 0, openHours: 0, bookedHours: 0, effectiveHours: 0, utilisation: null, sharedHours: 0, crossAreaHours: 0, outsideUsers: 0, institutionsServed: 0, bookings: 0, recognisedBookings: 0, sampleRequests: 0, samples: 0, revenueFen: 0, voucherFen: 0, noShowRate: null, cancellationRate: null, opennessRate: null, freshnessRate: null, _arr: 0, _ns: 0, _can: 0, _nr: 0, _pub: 0, _fresh: 0, _open: 0, _eff: 0, _users: new Set(), _insts: new Set() }));
		return m;
	};
	const windowEnd = Math.min(p.end, now);
	for (const i of raw.instruments) {
		if (!inScope(i.id) || i.status === 'retired') continue;
		const m = get(keyOf(i.id));
		m.instruments++;
		if (i.published === 1) m._pub++;
		const asOf = Math.max(p.start, windowEnd);
		if (asOf - (i.confirmed_at ?? i.created_at) <= staleDays * DAY) m._fresh++;
		const rules: ClosureRule[] = raw.closures
			.filter((c) => c.instrument_id === i.id)
			.map((c) => (c.recurrence === 'once' ? { id: c.id, kind: c.kind, reason: c.reason, recurrence: 'once', start: c.start_at!, end: c.end_at! } : { id: c.id, kind: c.kind, reason: c.reason, recurrence: 'weekly', weekday: c.weekday!, startTime: c.start_time!, endTime: c.end_time!, fromDate: c.from_date, untilDate: c.until_date }));
		if (windowEnd > p.start) m._open += openTime(parseOpeningHours(i.opening_hours), rules, p.start, windowEnd, i.timezone).reduce((n, r) => n + r.end - r.start, 0);
	}
	const charge = new Map(raw.charges.filter((c) => c.status === 'final').map((c) => [c.booking_id, c.final_fen ?? 0]));
	const voucher = new Map(raw.vouchers.filter((v) => v.status === 'redeemed').map((v) => [v.booking_id, v.redeemed_fen]));
	const byId = new Map(raw.bookings.map((b) => [b.id, b]));
	for (const b of raw.bookings) {
		if (!inScope(b.instrument_id)) continue;
		const startsIn = b.start_at >= p.start && b.start_at < p.end;
		const ms = part(b.start_at, b.end_at, p);
		if (!startsIn && ms === 0) continue;
		const m = get(keyOf(b.instrument_id));
		const accepted = ['approved', 'checked_in', 'completed', 'no_show'].includes(b.status);
		if (accepted) m.bookedHours += ms / HOUR;
		if (!startsIn) continue;
		if (accepted) m.bookings++;
		if (accepted && (b.recognition_kind === 'agreement' || b.recognition_kind === 'case')) m.recognisedBookings++;
		if (['checked_in', 'completed', 'no_show'].includes(b.status)) m._arr++;
		if (b.status === 'no_show') m._ns++;
		if (b.status === 'cancelled') m._can++;
		if (b.status !== 'rejected') m._nr++;
		m.revenueFen += charge.get(b.id) ?? 0;
		m.voucherFen += voucher.get(b.id) ?? 0;
	}
	const users = new Map(raw.users.map((u) => [u.id, u]));
	for (const u of raw.usage) {
		if (!inScope(u.instrument_id) || u.end_at === null) continue;
		const ms = part(u.start_at, u.end_at, p);
		if (ms === 0) continue;
		const i = inst.get(u.instrument_id)!;
		const b = u.booking_id ? byId.get(u.booking_id) : undefined;
		const userInst = b ? b.user_institution_id : users.get(u.user_id)!.institution_id;
		const userArea = b ? b.user_area_code : users.get(u.user_id)!.area_code;
		const m = get(keyOf(u.instrument_id));
		m._eff += ms;
		if (userInst !== i.institution_id) {
			m.sharedHours += ms / HOUR;
			m._users.add(u.user_id);
			m._insts.add(userInst);
		}
		if (userArea !== i.area_code) m.crossAreaHours += ms / HOUR;
	}
	for (const s of raw.samples) {
		if (!inScope(s.instrument_id) || s.status !== 'reported' || s.reported_at === null || s.reported_at < p.start || s.reported_at >= p.end) continue;
		const m = get(keyOf(s.instrument_id));
		m.sampleRequests++;
		m.samples += s.sample_count;
		m.revenueFen += raw.sampleCharges.find((c) => c.sample_request_id === s.id && c.status === 'final')?.final_fen ?? 0;
		m.voucherFen += raw.vouchers.find((v) => v.sample_request_id === s.id && v.status === 'redeemed')?.redeemed_fen ?? 0;
		if (s.user_institution_id !== inst.get(s.instrument_id)!.institution_id) {
			m._users.add(s.user_id);
			m._insts.add(s.user_institution_id);
		}
	}
	const result = new Map<string, Metrics>();
	for (const [key, m] of out) {
		const r = (a: number, b: number) => (b > 0 ? a / b : null);
		result.set(key, {
			instruments: m.instruments, openHours: m._open / HOUR, bookedHours: m.bookedHours, effectiveHours: m._eff / HOUR, utilisation: r(m._eff, m._open),
			sharedHours: m.sharedHours, crossAreaHours: m.crossAreaHours, outsideUsers: m._users.size, institutionsServed: m._insts.size, bookings: m.bookings,
			recognisedBookings: m.recognisedBookings, sampleRequests: m.sampleRequests, samples: m.samples, revenueFen: m.revenueFen, voucherFen: m.voucherFen,
			noShowRate: r(m._ns, m._arr), cancellationRate: r(m._can, m._nr), opennessRate: r(m._pub, m.instruments), freshnessRate: r(m._fresh, m.instruments)
		});
	}
	return result;
}

/** The flow matrix by brute force: user area → instrument area, effective hours, accepted bookings by start, revenue. */
export function bruteFlows(raw: Raw, p: TimeRange): Map<string, { hours: number; bookings: number; revenueFen: number }> {
	const inst = new Map(raw.instruments.map((i) => [i.id, i]));
	const byId = new Map(raw.bookings.map((b) => [b.id, b]));
	const users = new Map(raw.users.map((u) => [u.id, u]));
	const charge = new Map(raw.charges.filter((c) => c.status === 'final').map((c) => [c.booking_id, c.final_fen ?? 0]));
	const out = new Map<string, { hours: number; bookings: number; revenueFen: number }>();
	const cell = (a: string, b: string) => {
		const key = `${a}>${b}`;
		if (!out.has(key)) out.set(key, { hours: 0, bookings: 0, revenueFen: 0 });
		return out.get(key)!;
	};
	for (const b of raw.bookings) {
		if (b.start_at < p.start || b.start_at >= p.end) continue;
		const c = cell(b.user_area_code, inst.get(b.instrument_id)!.area_code);
		if (['approved', 'checked_in', 'completed', 'no_show'].includes(b.status)) c.bookings++;
		c.revenueFen += charge.get(b.id) ?? 0;
	}
	for (const u of raw.usage) {
		if (u.end_at === null) continue;
		const ms = part(u.start_at, u.end_at, p);
		if (ms === 0) continue;
		const b = u.booking_id ? byId.get(u.booking_id) : undefined;
		cell(b ? b.user_area_code : users.get(u.user_id)!.area_code, inst.get(u.instrument_id)!.area_code).hours += ms / HOUR;
	}
	for (const s of raw.samples) {
		if (s.status !== 'reported' || s.reported_at === null || s.reported_at < p.start || s.reported_at >= p.end) continue;
		cell(s.user_area_code, inst.get(s.instrument_id)!.area_code).revenueFen += raw.sampleCharges.find((c) => c.sample_request_id === s.id && c.status === 'final')?.final_fen ?? 0;
	}
	return out;
}
