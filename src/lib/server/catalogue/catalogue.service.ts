// Catalogue services: instrument search (instrument-search.ts) and details, facility lists and
// counts, the home page summary and the health check. Everything here is public: only published
// instruments are shown, and retired ones only when asked for by status.
import type { Db } from '../db/dialect';
import type { AreaCode, FacilityKind } from '../db/schema';
import { AREA_CODES, FACILITY_KINDS, parseModes } from '../../domain/catalogue/facility-kinds';
import type { Locale } from '../../i18n/locale';
import type { FacilityQuery, InstrumentQuery, PageQuery } from './catalogue.query';
import * as repo from './catalogue.repository';
import * as facilities from './facility.repository';
import { nameColumn, pageCount, placeLists, searchInstruments } from './instrument-search';
import { catalogueVersion } from './catalogue-cache';
import { instrumentDetail } from './instrument-facts';

export { searchInstruments, kindLabel, type InstrumentSearchResult, type InstrumentSummary, type FacetCount, type Label, type Paged } from './instrument-search';

export interface FacilityCounts {
	byKind: Record<FacilityKind, number>;
	byArea: Record<AreaCode, number>;
	byKindAndArea: Record<FacilityKind, Record<AreaCode, number>>;
	total: number;
}

/** The search page: results plus the cities for the city filter. */
export async function browseInstruments(db: Db, query: InstrumentQuery, locale: Locale, userId: number | null = null) {
	const [result, places] = await Promise.all([searchInstruments(db, query, locale, userId), catalogueVersion(db.kysely).then((v) => placeLists(db, v))]);
	return { result, cities: places.cities };
}

/**
 * A published instrument with the names (zh and en) of its facility, institution, city, area and
 * category, and its modes parsed; null when it does not exist or is not published. Cached per
 * process and refilled when the catalogue changes; the object is shared (read only).
 */
export async function getInstrumentDetail(db: Db, id: number, locale: Locale = 'zh-CN', version?: number | null) {
	const detail = await instrumentDetail(db, id, locale, version);
	return detail && detail.published === 1 ? detail : null;
}
export type { InstrumentDetail } from './instrument-facts';

/** Number of facilities by kind, by area and by both, over all facilities (every kind and area present, zeros included). */
export async function getFacilityCounts(db: Db): Promise<FacilityCounts> {
	const rows = await facilities.countFacilitiesByKindAndArea(db.kysely);
	const zeroAreas = () => Object.fromEntries(AREA_CODES.map((a) => [a, 0])) as Record<AreaCode, number>;
	const byKind = Object.fromEntries(FACILITY_KINDS.map((k) => [k, 0])) as Record<FacilityKind, number>;
	const byArea = zeroAreas();
	const byKindAndArea = Object.fromEntries(FACILITY_KINDS.map((k) => [k, zeroAreas()])) as FacilityCounts['byKindAndArea'];
	let total = 0;
	for (const r of rows) {
		byKind[r.kind] = (byKind[r.kind] ?? 0) + r.count;
		byArea[r.area] = (byArea[r.area] ?? 0) + r.count;
		byKindAndArea[r.kind] ??= zeroAreas();
		byKindAndArea[r.kind][r.area] = (byKindAndArea[r.kind][r.area] ?? 0) + r.count;
		total += r.count;
	}
	return { byKind, byArea, byKindAndArea, total };
}

/** One page of facilities (filtered by area and kind) and the counts table over all facilities. */
export async function listFacilityPage(db: Db, query: FacilityQuery, locale: Locale = 'zh-CN') {
	const filter = { area: query.area, kind: query.kind };
	const [rows, total, counts] = await Promise.all([
		facilities.listFacilities(db.kysely, filter, nameColumn(locale), query.pageSize, (query.page - 1) * query.pageSize),
		facilities.countFacilities(db.kysely, filter),
		getFacilityCounts(db)
	]);
	const items = rows.map((r) => ({
		...r,
		instrument_count: Number(r.instrument_count ?? 0),
		crossArea: r.area_code !== r.institution_area_code
	}));
	return { items, total, page: query.page, pageSize: query.pageSize, pages: pageCount(total, query.pageSize), counts };
}
export type FacilityListItem = Awaited<ReturnType<typeof listFacilityPage>>['items'][number];

/** A facility with its institution (crossArea: it sits in another area than its institution) and a page of its instruments; null when missing. */
export async function getFacilityDetail(db: Db, id: number, query: PageQuery, locale: Locale = 'zh-CN') {
	const facility = await facilities.findFacility(db.kysely, id);
	if (!facility) return null;
	const [rows, total] = await Promise.all([
		facilities.listFacilityInstruments(db.kysely, id, nameColumn(locale), query.pageSize, (query.page - 1) * query.pageSize),
		facilities.countFacilityInstruments(db.kysely, id)
	]);
	return {
		facility: { ...facility, crossArea: facility.area_code !== facility.institution_area_code },
		instruments: {
			items: rows.map((r) => ({ ...r, modeList: parseModes(r.modes) })),
			total,
			page: query.page,
			pageSize: query.pageSize,
			pages: pageCount(total, query.pageSize)
		}
	};
}
export type FacilityDetail = NonNullable<Awaited<ReturnType<typeof getFacilityDetail>>>;

/** The home page: facility counts by kind × area and the number of listed instruments. */
export async function getHomeSummary(db: Db) {
	const [counts, instrumentCount] = await Promise.all([getFacilityCounts(db), repo.countListedInstruments(db.kysely)]);
	return { counts, instrumentCount };
}

/** Runs a trivial query; throws when the database does not answer. */
export async function checkHealth(db: Db): Promise<{ status: 'ok'; database: Db['dialect'] }> {
	await repo.ping(db.kysely);
	return { status: 'ok', database: db.dialect };
}
