// Facility SQL: the filtered list, counts by kind × area, one facility with its institution, and
// its published instruments.
import type { Kysely } from 'kysely';
import type { AreaCode, Database, FacilityKind } from '../db/schema';

type Q = Kysely<Database>;

export interface FacilityFilter {
	area?: AreaCode;
	kind?: FacilityKind;
}

function filtered(db: Q, f: FacilityFilter) {
	let q = db.selectFrom('facilities');
	if (f.area) q = q.where('facilities.area_code', '=', f.area);
	if (f.kind) q = q.where('facilities.kind', '=', f.kind);
	return q;
}

export async function countFacilities(db: Q, f: FacilityFilter): Promise<number> {
	const row = await filtered(db, f)
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.executeTakeFirstOrThrow();
	return Number(row.n);
}

/** One page of facilities with institution and city names and the number of listed instruments. */
export function listFacilities(db: Q, f: FacilityFilter, nameColumn: 'name_zh' | 'name_en', limit: number, offset: number) {
	return filtered(db, f)
		.innerJoin('institutions', 'institutions.id', 'facilities.institution_id')
		.innerJoin('cities', 'cities.id', 'facilities.city_id')
		.select((eb) => [
			'facilities.id',
			'facilities.name_zh',
			'facilities.name_en',
			'facilities.kind',
			'facilities.area_code',
			'facilities.city_id',
			'facilities.accreditations',
			'facilities.confirmed_at',
			'cities.name_zh as city_name_zh',
			'cities.name_en as city_name_en',
			'institutions.id as institution_id',
			'institutions.name_zh as institution_name_zh',
			'institutions.name_en as institution_name_en',
			'institutions.area_code as institution_area_code',
			eb
				.selectFrom('instruments')
				.select((sub) => sub.fn.countAll<number>().as('n'))
				.whereRef('instruments.facility_id', '=', 'facilities.id')
				.where('instruments.published', '=', 1)
				.where('instruments.status', '!=', 'retired')
				.as('instrument_count')
		])
		.orderBy(`facilities.${nameColumn}`)
		.orderBy('facilities.id')
		.limit(limit)
		.offset(offset)
		.execute();
}
export type FacilityListRow = Awaited<ReturnType<typeof listFacilities>>[number];

/** Number of facilities per (kind, area) over all facilities. */
export async function countFacilitiesByKindAndArea(db: Q) {
	const rows = await db
		.selectFrom('facilities')
		.select((eb) => ['kind', 'area_code', eb.fn.countAll<number>().as('n')])
		.groupBy(['kind', 'area_code'])
		.execute();
	return rows.map((r) => ({ kind: r.kind, area: r.area_code, count: Number(r.n) }));
}

/** A facility with its city and its institution (with the institution's own area and city). */
export function findFacility(db: Q, id: number) {
	return db
		.selectFrom('facilities')
		.innerJoin('institutions', 'institutions.id', 'facilities.institution_id')
		.innerJoin('cities', 'cities.id', 'facilities.city_id')
		.innerJoin('cities as institution_city', 'institution_city.id', 'institutions.city_id')
		.selectAll('facilities')
		.select([
			'cities.name_zh as city_name_zh',
			'cities.name_en as city_name_en',
			'institutions.name_zh as institution_name_zh',
			'institutions.name_en as institution_name_en',
			'institutions.kind as institution_kind',
			'institutions.area_code as institution_area_code',
			'institution_city.name_zh as institution_city_name_zh',
			'institution_city.name_en as institution_city_name_en'
		])
		.where('facilities.id', '=', id)
		.executeTakeFirst();
}

function listedOf(db: Q, facilityId: number) {
	return db
		.selectFrom('instruments')
		.where('instruments.facility_id', '=', facilityId)
		.where('instruments.published', '=', 1)
		.where('instruments.status', '!=', 'retired');
}

export async function countFacilityInstruments(db: Q, facilityId: number): Promise<number> {
	const row = await listedOf(db, facilityId)
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.executeTakeFirstOrThrow();
	return Number(row.n);
}

/** One page of a facility's published, not retired instruments, by name. */
export function listFacilityInstruments(db: Q, facilityId: number, nameColumn: 'name_zh' | 'name_en', limit: number, offset: number) {
	return listedOf(db, facilityId)
		.select([
			'instruments.id',
			'instruments.name_zh',
			'instruments.name_en',
			'instruments.model',
			'instruments.manufacturer',
			'instruments.category_code',
			'instruments.value_fen',
			'instruments.status',
			'instruments.modes'
		])
		.orderBy(`instruments.${nameColumn}`)
		.orderBy('instruments.id')
		.limit(limit)
		.offset(offset)
		.execute();
}
