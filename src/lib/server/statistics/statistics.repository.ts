// Statistics SQL: period aggregates GROUPed BY in the database over the covering time indexes of
// migration 0008 (no roll-up tables: a year is one index range scan per source, and the rows that
// come back are already grouped by scope key, user area, outside flag and status). Each function
// returns the plain facts the domain metric module sums; an empty source gives an empty array.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../db/schema';
import type { BookingFact, ReachFact, SampleFact, StatusName, UsageFact } from '../../domain/statistics/metrics';
import { LONGEST_SPAN_MS } from '../../domain/statistics/metrics';
import type { InstrumentRow } from '../../domain/statistics/instruments';
import type { ClosureRule } from '../../domain/schedule/closures';
import type { TimeRange } from '../../domain/time/range';

/** How rows are grouped: 'all' is one group (totals whose distinct counts must not be summed). */
export type Level = 'all' | 'area' | 'institution' | 'facility' | 'instrument';
export const LEVELS: Level[] = ['area', 'institution', 'facility', 'instrument'];

/** Which instruments (and, for flows, which users) a query covers. */
export interface StatFilter {
	/** instrument areas seen; null: all */
	areas: string[] | null;
	/** flows: also rows whose user area is in `areas` (the user side of the matrix) */
	userSideToo?: boolean;
	institutionId?: number;
	facilityId?: number;
	instrumentId?: number;
	/** only these instruments (the roll-up refresh recomputes a batch) */
	instrumentIds?: number[];
}

const KEY_COLUMN: Record<Level, string> = { all: 'all_key', area: 'instrument_area', institution: 'institution_id', facility: 'facility_id', instrument: 'instrument_id' };

type Q = Kysely<Database>;

/** The filter as SQL over a row source aliased t with instrument_area, user_area and the key columns. */
export function where(f: StatFilter): RawBuilder<unknown> {
	const parts: RawBuilder<unknown>[] = [sql`1 = 1`];
	if (f.areas) {
		const list = f.areas.length > 0 ? f.areas : ['--'];
		const inList = sql.join(list.map((a) => sql`${a}`));
		parts.push(f.userSideToo ? sql`(t.instrument_area in (${inList}) or t.user_area in (${inList}))` : sql`t.instrument_area in (${inList})`);
	}
	if (f.institutionId !== undefined) parts.push(sql`t.institution_id = ${f.institutionId}`);
	if (f.facilityId !== undefined) parts.push(sql`t.facility_id = ${f.facilityId}`);
	if (f.instrumentId !== undefined) parts.push(sql`t.instrument_id = ${f.instrumentId}`);
	if (f.instrumentIds !== undefined) parts.push(f.instrumentIds.length > 0 ? sql`t.instrument_id in (${sql.join(f.instrumentIds.map((id) => sql`${id}`))})` : sql`1 = 0`);
	return sql.join(parts, sql` and `);
}

/** The part of [start, end) inside the period, as SQL (portable CASE instead of LEAST/GREATEST). */
function inside(start: RawBuilder<unknown>, end: RawBuilder<unknown>, p: TimeRange): RawBuilder<unknown> {
	return sql`((case when ${end} < ${p.end} then ${end} else ${p.end} end) - (case when ${start} > ${p.start} then ${start} else ${p.start} end))`;
}

const INSTRUMENT_COLUMNS = sql`i.id as instrument_id, i.facility_id as facility_id, i.institution_id as institution_id, i.area_code as instrument_area, 'all' as all_key`;

export function bookingRows(p: TimeRange): RawBuilder<unknown> {
	return sql`select ${INSTRUMENT_COLUMNS}, b.user_area_code as user_area,
			case when b.user_institution_id = i.institution_id then 0 else 1 end as outside,
			b.status as status,
			case when b.recognition_kind in ('agreement', 'case') then 1 else 0 end as recognised,
			case when b.start_at >= ${p.start} then 1 else 0 end as started,
			${inside(sql`b.start_at`, sql`b.end_at`, p)} as booked_ms,
			case when b.start_at >= ${p.start} then coalesce(c.final_fen, 0) else 0 end as revenue_fen,
			case when b.start_at >= ${p.start} then coalesce(v.redeemed_fen, 0) else 0 end as voucher_fen
		from bookings b
		join instruments i on i.id = b.instrument_id
		left join booking_charges c on c.booking_id = b.id and c.status = 'final'
		left join voucher_reservations v on v.booking_id = b.id and v.status = 'redeemed'
		where b.start_at >= ${p.start - LONGEST_SPAN_MS} and b.start_at < ${p.end} and b.end_at > ${p.start}`;
}

/** Finished usage records overlapping the period; the user's area and institution come from the booking's snapshot, else the person's institution now. */
export function usageRows(p: TimeRange): RawBuilder<unknown> {
	return sql`select ${INSTRUMENT_COLUMNS}, coalesce(b.user_area_code, ui.area_code) as user_area,
			u.user_id as user_id, coalesce(b.user_institution_id, us.institution_id) as user_institution_id,
			case when coalesce(b.user_institution_id, us.institution_id) = i.institution_id then 0 else 1 end as outside,
			${inside(sql`u.start_at`, sql`u.end_at`, p)} as ms
		from usage_records u
		join instruments i on i.id = u.instrument_id
		left join bookings b on b.id = u.booking_id
		join users us on us.id = u.user_id
		join institutions ui on ui.id = us.institution_id
		where u.end_at is not null and u.start_at >= ${p.start - LONGEST_SPAN_MS} and u.start_at < ${p.end} and u.end_at > ${p.start}`;
}

export function sampleRows(p: TimeRange): RawBuilder<unknown> {
	return sql`select ${INSTRUMENT_COLUMNS}, s.user_area_code as user_area, s.user_id as user_id, s.user_institution_id as user_institution_id,
			case when s.user_institution_id = i.institution_id then 0 else 1 end as outside, s.sample_count as sample_count,
			coalesce(c.final_fen, 0) as revenue_fen, coalesce(v.redeemed_fen, 0) as voucher_fen
		from sample_requests s
		join instruments i on i.id = s.instrument_id
		left join sample_charges c on c.sample_request_id = s.id and c.status = 'final'
		left join voucher_reservations v on v.sample_request_id = s.id and v.status = 'redeemed'
		where s.status = 'reported' and s.reported_at >= ${p.start} and s.reported_at < ${p.end}`;
}

export async function bookingFacts(db: Q, level: Level, p: TimeRange, f: StatFilter): Promise<BookingFact[]> {
	const key = sql.ref(`t.${KEY_COLUMN[level]}`);
	const { rows } = await sql<{ key: string | number; user_area: string; instrument_area: string; outside: number; status: StatusName; recognised: number; started: number; booked_ms: number; revenue_fen: number; voucher_fen: number }>`
		select ${key} as key, t.user_area, t.instrument_area, t.outside, t.status, t.recognised,
			sum(t.started) as started, sum(t.booked_ms) as booked_ms, sum(t.revenue_fen) as revenue_fen, sum(t.voucher_fen) as voucher_fen
		from (${bookingRows(p)}) t
		where ${where(f)}
		group by ${key}, t.user_area, t.instrument_area, t.outside, t.status, t.recognised`.execute(db);
	return rows.map((r) => ({
		key: String(r.key),
		userArea: r.user_area,
		instrumentArea: r.instrument_area,
		outside: Number(r.outside) === 1,
		status: r.status,
		recognised: Number(r.recognised) === 1,
		started: Number(r.started),
		bookedMs: Number(r.booked_ms),
		revenueFen: Number(r.revenue_fen),
		voucherFen: Number(r.voucher_fen)
	}));
}

export async function usageFacts(db: Q, level: Level, p: TimeRange, f: StatFilter): Promise<UsageFact[]> {
	const key = sql.ref(`t.${KEY_COLUMN[level]}`);
	const { rows } = await sql<{ key: string | number; user_area: string; instrument_area: string; outside: number; ms: number }>`
		select ${key} as key, t.user_area, t.instrument_area, t.outside, sum(t.ms) as ms
		from (${usageRows(p)}) t
		where ${where(f)}
		group by ${key}, t.user_area, t.instrument_area, t.outside`.execute(db);
	return rows.map((r) => ({ key: String(r.key), userArea: r.user_area, instrumentArea: r.instrument_area, outside: Number(r.outside) === 1, ms: Number(r.ms) }));
}

export async function sampleFacts(db: Q, level: Level, p: TimeRange, f: StatFilter): Promise<SampleFact[]> {
	const key = sql.ref(`t.${KEY_COLUMN[level]}`);
	const { rows } = await sql<{ key: string | number; user_area: string; instrument_area: string; outside: number; requests: number; samples: number; revenue_fen: number; voucher_fen: number }>`
		select ${key} as key, t.user_area, t.instrument_area, t.outside, count(*) as requests, sum(t.sample_count) as samples,
			sum(t.revenue_fen) as revenue_fen, sum(t.voucher_fen) as voucher_fen
		from (${sampleRows(p)}) t
		where ${where(f)}
		group by ${key}, t.user_area, t.instrument_area, t.outside`.execute(db);
	return rows.map((r) => ({
		key: String(r.key),
		userArea: r.user_area,
		instrumentArea: r.instrument_area,
		outside: Number(r.outside) === 1,
		requests: Number(r.requests),
		samples: Number(r.samples),
		revenueFen: Number(r.revenue_fen),
		voucherFen: Number(r.voucher_fen)
	}));
}

/** Distinct outside users and institutions with effective use or a reported sample, per key. */
export async function reachFacts(db: Q, level: Level, p: TimeRange, f: StatFilter): Promise<ReachFact[]> {
	const col = sql.ref(`t.${KEY_COLUMN[level]}`);
	const { rows } = await sql<{ key: string | number; users: number; institutions: number }>`
		select r.key as key, count(distinct r.user_id) as users, count(distinct r.user_institution_id) as institutions
		from (
			select ${col} as key, t.user_id, t.user_institution_id from (${usageRows(p)}) t where t.outside = 1 and ${where(f)}
			union all
			select ${col} as key, t.user_id, t.user_institution_id from (${sampleRows(p)}) t where t.outside = 1 and ${where(f)}
		) r
		group by r.key`.execute(db);
	return rows.map((r) => ({ key: String(r.key), outsideUsers: Number(r.users), institutionsServed: Number(r.institutions) }));
}

/** An instrument of the statistics base: where it belongs and what open time and freshness need. */
export interface InstrumentBaseRow extends Omit<InstrumentRow, 'key'> {
	areaCode: string;
	institutionId: number;
	facilityId: number;
}

/** The instruments in the filter, whatever the level (keyedRows puts a level's keys on them). */
export async function instrumentBaseRows(db: Q, f: StatFilter): Promise<InstrumentBaseRow[]> {
	let q = db
		.selectFrom('instruments as i')
		.select(['i.id', 'i.facility_id', 'i.institution_id', 'i.area_code', 'i.status', 'i.published', 'i.opening_hours', 'i.timezone', 'i.confirmed_at', 'i.created_at']);
	if (f.areas) q = q.where('i.area_code', 'in', (f.areas.length > 0 ? f.areas : ['--']) as never);
	if (f.institutionId !== undefined) q = q.where('i.institution_id', '=', f.institutionId);
	if (f.facilityId !== undefined) q = q.where('i.facility_id', '=', f.facilityId);
	if (f.instrumentId !== undefined) q = q.where('i.id', '=', f.instrumentId);
	const rows = await q.execute();
	// These rows are kept per process (statistics.service): equal texts (opening hours, zones, areas)
	// share one string instead of one copy per instrument (a third of the memory at 50,000 rows).
	const shared = new Map<string, string>();
	const one = (s: string) => {
		const kept = shared.get(s);
		if (kept !== undefined) return kept;
		shared.set(s, s);
		return s;
	};
	return rows.map((r) => ({
		id: r.id,
		areaCode: one(r.area_code),
		institutionId: r.institution_id,
		facilityId: r.facility_id,
		status: one(r.status),
		published: r.published,
		openingHours: one(r.opening_hours),
		timeZone: one(r.timezone),
		confirmedAt: r.confirmed_at ?? r.created_at
	}));
}

/** The base rows keyed at level (the key a level groups by: 'all', the area, institution, facility or instrument id). */
export function keyedRows(level: Level, base: InstrumentBaseRow[]): InstrumentRow[] {
	const keys = new Map<number, string>(); // one string per institution or facility id
	const keyOf = (id: number) => {
		let k = keys.get(id);
		if (k === undefined) keys.set(id, (k = String(id)));
		return k;
	};
	return base.map((r) => ({
		id: r.id,
		key: level === 'all' ? 'all' : level === 'area' ? r.areaCode : level === 'institution' ? keyOf(r.institutionId) : level === 'facility' ? keyOf(r.facilityId) : String(r.id),
		status: r.status,
		published: r.published,
		openingHours: r.openingHours,
		timeZone: r.timeZone,
		confirmedAt: r.confirmedAt
	}));
}

/** Closures that may touch the period, per instrument (weekly ones always; once-only ones when they overlap). */
export async function closureRules(db: Q, p: TimeRange, instrumentIds: number[] | null): Promise<Map<number, ClosureRule[]>> {
	let q = db
		.selectFrom('instrument_closures')
		.selectAll()
		.where((eb) => eb.or([eb('recurrence', '=', 'weekly'), eb.and([eb('start_at', '<', p.end), eb('end_at', '>', p.start)])]));
	if (instrumentIds && instrumentIds.length <= 500) q = q.where('instrument_id', 'in', instrumentIds.length > 0 ? instrumentIds : [-1]);
	const rows = await q.execute();
	const wanted = instrumentIds ? new Set(instrumentIds) : null;
	const out = new Map<number, ClosureRule[]>();
	for (const r of rows) {
		if (wanted && !wanted.has(r.instrument_id)) continue;
		const rule: ClosureRule =
			r.recurrence === 'once'
				? { id: r.id, kind: r.kind, reason: r.reason, recurrence: 'once', start: r.start_at ?? 0, end: r.end_at ?? 0 }
				: { id: r.id, kind: r.kind, reason: r.reason, recurrence: 'weekly', weekday: r.weekday ?? 0, startTime: r.start_time ?? '00:00', endTime: r.end_time ?? '00:00', fromDate: r.from_date, untilDate: r.until_date };
		const list = out.get(r.instrument_id) ?? [];
		list.push(rule);
		out.set(r.instrument_id, list);
	}
	return out;
}

export interface NamedRow {
	key: string;
	nameZh: string;
	nameEn: string;
	areaCode: string;
	parentId: number | null;
}

/** Display names for group keys at a level (institutions, facilities, instruments, areas — never people). */
export async function namesFor(db: Q, level: Level, keys: string[]): Promise<Map<string, NamedRow>> {
	const out = new Map<string, NamedRow>();
	if (level === 'area') {
		for (const a of await db.selectFrom('areas').selectAll().execute()) out.set(a.code, { key: a.code, nameZh: a.name_zh, nameEn: a.name_en, areaCode: a.code, parentId: null });
		return out;
	}
	const ids = keys.map(Number).filter((n) => Number.isInteger(n));
	for (let i = 0; i < ids.length; i += 500) {
		const chunk = ids.slice(i, i + 500);
		if (level === 'institution') {
			for (const r of await db.selectFrom('institutions').select(['id', 'name_zh', 'name_en', 'area_code']).where('id', 'in', chunk).execute())
				out.set(String(r.id), { key: String(r.id), nameZh: r.name_zh, nameEn: r.name_en, areaCode: r.area_code, parentId: null });
		} else if (level === 'facility') {
			for (const r of await db.selectFrom('facilities').select(['id', 'name_zh', 'name_en', 'area_code', 'institution_id']).where('id', 'in', chunk).execute())
				out.set(String(r.id), { key: String(r.id), nameZh: r.name_zh, nameEn: r.name_en, areaCode: r.area_code, parentId: r.institution_id });
		} else {
			for (const r of await db.selectFrom('instruments').select(['id', 'name_zh', 'name_en', 'area_code', 'facility_id']).where('id', 'in', chunk).execute())
				out.set(String(r.id), { key: String(r.id), nameZh: r.name_zh, nameEn: r.name_en, areaCode: r.area_code, parentId: r.facility_id });
		}
	}
	return out;
}

export interface BookingLine {
	id: number;
	start: number;
	end: number;
	status: StatusName;
	mode: string;
	userAreaCode: string;
	userInstitutionZh: string;
	userInstitutionEn: string;
	usedMs: number | null;
	chargeFen: number | null;
}

/** One instrument's bookings starting in the period, with the booker's institution but no personal data. */
export async function bookingLines(db: Q, instrumentId: number, p: TimeRange, limit = 500): Promise<BookingLine[]> {
	const rows = await db
		.selectFrom('bookings as b')
		.innerJoin('institutions as ui', 'ui.id', 'b.user_institution_id')
		.leftJoin('usage_records as u', 'u.booking_id', 'b.id')
		.leftJoin('booking_charges as c', (j) => j.onRef('c.booking_id', '=', 'b.id').on('c.status', '=', 'final'))
		.select(['b.id', 'b.start_at', 'b.end_at', 'b.status', 'b.mode', 'b.user_area_code', 'ui.name_zh', 'ui.name_en', 'u.start_at as used_start', 'u.end_at as used_end', 'c.final_fen'])
		.where('b.instrument_id', '=', instrumentId)
		.where('b.start_at', '>=', p.start)
		.where('b.start_at', '<', p.end)
		.orderBy('b.start_at')
		.limit(limit)
		.execute();
	return rows.map((r) => ({
		id: r.id,
		start: r.start_at,
		end: r.end_at,
		status: r.status,
		mode: r.mode,
		userAreaCode: r.user_area_code,
		userInstitutionZh: r.name_zh,
		userInstitutionEn: r.name_en,
		usedMs: r.used_start != null && r.used_end != null ? r.used_end - r.used_start : null,
		chargeFen: r.final_fen ?? null
	}));
}

export async function currentSchemeJson(db: Q): Promise<string | null> {
	const row = await db.selectFrom('evaluation_schemes').select('config_json').where('name', '=', 'current').orderBy('id', 'desc').executeTakeFirst();
	return row?.config_json ?? null;
}

export async function saveScheme(db: Q, json: string, userId: number, now: number): Promise<{ before: string | null; id: number }> {
	const before = await currentSchemeJson(db);
	await db.updateTable('evaluation_schemes').set({ name: 'previous' }).where('name', '=', 'current').execute();
	const row = await db.insertInto('evaluation_schemes').values({ name: 'current', config_json: json, updated_by: userId, updated_at: now }).returning('id').executeTakeFirstOrThrow();
	return { before, id: row.id };
}
