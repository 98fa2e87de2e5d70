// SQL for the evaluator reports (the national instrument records and the quarterly report): plain
// row reads, no aggregates — the figures come from the statistics service. Nothing here selects a
// person's name or e-mail: institutions, facilities and instruments only.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { StatFilter } from './statistics.repository';
import type { TimeRange } from '../../domain/time/range';

type Q = Kysely<Database>;

export interface RecordRow {
	id: number;
	name_zh: string;
	name_en: string;
	model: string;
	manufacturer: string;
	category_code: string;
	value_fen: number;
	purchase_year: number;
	acceptance_date: string | null;
	status: 'in_service' | 'maintenance' | 'retired';
	published: number;
	approval_mode: 'auto' | 'manager' | 'auto_internal';
	modes: string;
	specifications: string;
	accreditations: string;
	facility_accreditations: string;
	price_hour_fen: number;
	institution_zh: string;
	credit_code: string;
	facility_zh: string;
	area_zh: string;
	city_zh: string | null;
	address: string;
	contact_phone: string;
	contact_email: string;
}

/** Up to `limit` instruments of the filter with id > afterId, in id order (keyset pages for streaming). */
export async function recordPage(db: Q, f: StatFilter, afterId: number, limit: number): Promise<RecordRow[]> {
	let q = db
		.selectFrom('instruments as i')
		.innerJoin('facilities as f', 'f.id', 'i.facility_id')
		.innerJoin('institutions as n', 'n.id', 'i.institution_id')
		.innerJoin('areas as a', 'a.code', 'f.area_code')
		.leftJoin('cities as c', 'c.id', 'f.city_id')
		.select([
			'i.id', 'i.name_zh', 'i.name_en', 'i.model', 'i.manufacturer', 'i.category_code', 'i.value_fen', 'i.purchase_year', 'i.acceptance_date',
			'i.status', 'i.published', 'i.approval_mode', 'i.modes', 'i.specifications', 'i.accreditations', 'f.accreditations as facility_accreditations',
			'i.price_hour_fen', 'n.name_zh as institution_zh', 'n.credit_code', 'f.name_zh as facility_zh', 'a.name_zh as area_zh', 'c.name_zh as city_zh',
			'f.address', 'f.contact_phone', 'f.contact_email'
		])
		.where('i.id', '>', afterId);
	if (f.areas) q = q.where('i.area_code', 'in', (f.areas.length > 0 ? f.areas : ['--']) as never);
	if (f.institutionId !== undefined) q = q.where('i.institution_id', '=', f.institutionId);
	if (f.facilityId !== undefined) q = q.where('i.facility_id', '=', f.facilityId);
	if (f.instrumentId !== undefined) q = q.where('i.id', '=', f.instrumentId);
	return q.orderBy('i.id').limit(limit).execute();
}

/** Outside-user prices of the given instruments, per instrument. */
export async function outsidePrices(db: Q, instrumentIds: number[]): Promise<Map<number, { mode: string; unit: 'hour' | 'sample'; outsideFen: number }[]>> {
	const out = new Map<number, { mode: string; unit: 'hour' | 'sample'; outsideFen: number }[]>();
	if (instrumentIds.length === 0) return out;
	const rows = await db.selectFrom('price_rules').select(['instrument_id', 'mode', 'unit', 'outside_fen']).where('instrument_id', 'in', instrumentIds).execute();
	for (const r of rows) {
		const list = out.get(r.instrument_id) ?? [];
		list.push({ mode: r.mode, unit: r.unit, outsideFen: r.outside_fen });
		out.set(r.instrument_id, list);
	}
	return out;
}

export interface InstitutionHead {
	id: number;
	nameZh: string;
	nameEn: string;
	areaCode: string;
	creditCode: string;
}

export async function institutionHead(db: Q, id: number): Promise<InstitutionHead | undefined> {
	const r = await db.selectFrom('institutions').select(['id', 'name_zh', 'name_en', 'area_code', 'credit_code']).where('id', '=', id).executeTakeFirst();
	return r && { id: r.id, nameZh: r.name_zh, nameEn: r.name_en, areaCode: r.area_code, creditCode: r.credit_code };
}

export interface UsageLine {
	id: number;
	instrumentId: number;
	instrumentZh: string;
	instrumentEn: string;
	start: number;
	end: number;
	source: string;
	/** the booking's mode; null for a usage record without a booking */
	mode: string | null;
	userInstitutionId: number;
	userInstitutionZh: string;
	userInstitutionEn: string;
	userAreaCode: string;
	/** the user's institution is not the instrument's */
	outside: boolean;
	chargeFen: number | null;
}

/**
 * Finished usage records (上机记录) on the filter's instruments that start in the period, oldest
 * first, at most `limit`. The user's institution and area come from the booking's snapshot, else
 * the person's institution now (as the statistics count them); the person is not named.
 */
export async function usageLines(db: Q, f: StatFilter, p: TimeRange, limit: number): Promise<UsageLine[]> {
	let q = db
		.selectFrom('usage_records as u')
		.innerJoin('instruments as i', 'i.id', 'u.instrument_id')
		.leftJoin('bookings as b', 'b.id', 'u.booking_id')
		.innerJoin('users as us', 'us.id', 'u.user_id')
		.innerJoin('institutions as ui', (j) => j.on((eb) => eb('ui.id', '=', eb.fn.coalesce('b.user_institution_id', 'us.institution_id'))))
		.leftJoin('booking_charges as c', (j) => j.onRef('c.booking_id', '=', 'u.booking_id').on('c.status', '=', 'final'))
		.select([
			'u.id', 'u.instrument_id', 'i.name_zh as instrument_zh', 'i.name_en as instrument_en', 'i.institution_id as owner_id', 'u.start_at', 'u.end_at', 'u.source', 'b.mode',
			'ui.id as user_institution_id', 'ui.name_zh as user_institution_zh', 'ui.name_en as user_institution_en', 'ui.area_code as institution_area', 'b.user_area_code', 'c.final_fen'
		])
		.where('u.end_at', 'is not', null)
		.where('u.start_at', '>=', p.start)
		.where('u.start_at', '<', p.end);
	if (f.areas) q = q.where('i.area_code', 'in', (f.areas.length > 0 ? f.areas : ['--']) as never);
	if (f.institutionId !== undefined) q = q.where('i.institution_id', '=', f.institutionId);
	if (f.facilityId !== undefined) q = q.where('i.facility_id', '=', f.facilityId);
	if (f.instrumentId !== undefined) q = q.where('i.id', '=', f.instrumentId);
	const rows = await q.orderBy('u.start_at').orderBy('u.id').limit(limit).execute();
	return rows.map((r) => ({
		id: r.id,
		instrumentId: r.instrument_id,
		instrumentZh: r.instrument_zh,
		instrumentEn: r.instrument_en,
		start: r.start_at,
		end: r.end_at ?? r.start_at,
		source: r.source,
		mode: r.mode ?? null,
		userInstitutionId: r.user_institution_id,
		userInstitutionZh: r.user_institution_zh,
		userInstitutionEn: r.user_institution_en,
		userAreaCode: r.user_area_code ?? r.institution_area,
		outside: r.user_institution_id !== r.owner_id,
		chargeFen: r.final_fen ?? null
	}));
}
