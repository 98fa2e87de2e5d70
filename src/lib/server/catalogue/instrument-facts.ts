// Slowly changing facts of one instrument, cached per process (catalogue-cache.ts): what the
// instrument page shows about it (names, facility, institution, place, rules, photo) and what the
// calendar needs (zone, opening hours, closure rules). Refilled when the catalogue version moves —
// any write to instruments, facilities, institutions, places or closures. Cached values are shared:
// callers must not modify them.
import type { Kysely } from 'kysely';
import type { Db } from '../db/dialect';
import type { Database } from '../db/schema';
import { prepared } from '../db/prepared';
import { parseOpeningHours, weekLines, type OpeningRange } from '../../domain/booking/opening-hours';
import type { ClosureRule } from '../../domain/schedule/closures';
import * as scheduleRepo from '../schedule/schedule.repository';
import { cacheOf, catalogueVersion } from './catalogue-cache';
import * as repo from './catalogue.repository';
import { categoryByCode } from '../../domain/catalogue/categories';
import { parseModes } from '../../domain/catalogue/facility-kinds';
import type { Locale } from '../../i18n/locale';

// Bounds (least recently used dropped first), measured in heap snapshots at 50,000 instruments: a
// page row with its names is ~4 KB of heap, calendar facts ~0.5 KB (opening hours shared, below).
// Page rows are kept from an instrument's second view only (doorkeeper.ts): pages of random
// instruments would hit 2,000 rows one time in 25, and keeping every miss cost more in garbage
// collection (each entry promoted, then evicted) than the hits saved. The instruments people come
// back to stay, a sweep through the catalogue does not. With the price cache (page-context.ts,
// ~0.9 KB each) the instrument caches stay under ~30 MB.
const DETAIL_ENTRIES = 2_000;
const CALENDAR_ENTRIES = 20_000;

/**
 * The instrument page's instrument in one locale: every column but the search index text, with its
 * facility, institution, city and area names, its service modes and category names; null when it does
 * not exist (every status, published or not). Built once per locale and version from one row and kept:
 * a page only reads it (callers must not modify it).
 */
export async function instrumentDetail(db: Db, id: number, locale: Locale, version?: number | null): Promise<InstrumentDetail | null> {
	const v = version === undefined ? await catalogueVersion(db.kysely) : version;
	return cacheOf<InstrumentDetail | null>(db.kysely, 'instrument-detail', DETAIL_ENTRIES, { admitOnSecondRequest: true }).get(v, `${locale}:${id}`, async () => {
		const row = await instrumentWithPlaces(db.kysely, id, v);
		if (!row) return null;
		// The row read for this entry becomes the entry (no copy of its ~50 fields per miss).
		const category = categoryByCode(row.category_code);
		const detail = row as InstrumentDetail;
		detail.modeList = parseModes(row.modes);
		detail.category_name_zh = category?.zh ?? row.category_code;
		detail.category_name_en = category?.en ?? row.category_code;
		detail.category_name = locale === 'en' ? detail.category_name_en : detail.category_name_zh; // in the locale asked for
		return detail;
	});
}
interface Names {
	zh: string;
	en: string;
}
/** Every facility, institution, city and area name by id (code for areas), as of one catalogue version. */
interface PlaceNames {
	facilities: Map<number, Names>;
	institutions: Map<number, Names & { area: string }>;
	cities: Map<number, Names>;
	areas: Map<string, Names>;
}

/**
 * The names of the places, kept per catalogue version (a facility, institution, city or area
 * renamed raises it): one entry of a few thousand short rows, read once after each catalogue write,
 * so an instrument page reads its instrument alone by primary key instead of joining four tables,
 * and every page of a facility shares one copy of its names.
 */
function placeNames(k: Kysely<Database>, version: number | null): Promise<PlaceNames> | null {
	const cache = cacheOf<PlaceNames>(k, 'place-names', 1);
	if (!cache.keepsAt(version)) return null; // no version, or a racing older reader: the names would not be kept
	return cache.get(version, 'all', async () => {
		const r = await repo.listPlaceNames(k);
		const names = <T extends { name_zh: string; name_en: string }>(x: T) => ({ zh: x.name_zh, en: x.name_en });
		return {
			facilities: new Map(r.facilities.map((x) => [x.id, names(x)])),
			institutions: new Map(r.institutions.map((x) => [x.id, { ...names(x), area: x.area_code }])),
			cities: new Map(r.cities.map((x) => [x.id, names(x)])),
			areas: new Map(r.areas.map((x) => [x.code, names(x)]))
		};
	});
}

/**
 * The instrument with the names of its facility, institution, city and area (as
 * repo.findInstrumentDetail reads them in one join): its own row, then the names from placeNames.
 * A place the names do not hold (created after they were read, as a racing write can) sends the
 * read to the join instead.
 */
async function instrumentWithPlaces(k: Kysely<Database>, id: number, version: number | null): Promise<repo.InstrumentDetailRow | undefined> {
	const names = placeNames(k, version);
	if (!names) return repo.findInstrumentDetail(k, id); // names that would not be kept are not worth reading all of them
	const [row, places] = await Promise.all([repo.findInstrumentRow(k, id), names]);
	if (!row) return undefined;
	const facility = places.facilities.get(row.facility_id);
	const institution = places.institutions.get(row.institution_id);
	const city = places.cities.get(row.city_id);
	const area = places.areas.get(row.area_code);
	if (!facility || !institution || !city || !area) return repo.findInstrumentDetail(k, id);
	const detail = row as repo.InstrumentDetailRow;
	detail.facility_name_zh = facility.zh;
	detail.facility_name_en = facility.en;
	detail.institution_name_zh = institution.zh;
	detail.institution_name_en = institution.en;
	detail.institution_area_code = institution.area as repo.InstrumentDetailRow['institution_area_code'];
	detail.city_name_zh = city.zh;
	detail.city_name_en = city.en;
	detail.area_name_zh = area.zh;
	detail.area_name_en = area.en;
	return detail;
}

export type InstrumentDetail = repo.InstrumentDetailRow & { modeList: ReturnType<typeof parseModes>; category_name_zh: string; category_name_en: string; category_name: string };

export interface CalendarFacts {
	id: number;
	facilityId: number;
	published: boolean;
	timezone: string;
	openingHours: OpeningRange[];
	/** every closure rule of the instrument, by id */
	closures: ClosureRule[];
}

// The instrument's calendar fields and its closure rules in one statement (one row per rule, or one
// row with null rule fields when it has none): a calendar request reads them on every cache miss.
const calendarRows = prepared((k: Kysely<Database>, id: number) =>
	k
		.selectFrom('instruments')
		.leftJoin('instrument_closures', 'instrument_closures.instrument_id', 'instruments.id')
		.select([
			'instruments.id as instrument_id_',
			'instruments.facility_id as facility_id_',
			'instruments.timezone as timezone_',
			'instruments.opening_hours as opening_hours_',
			'instruments.published as published_'
		])
		.select(['instrument_closures.id', 'instrument_closures.instrument_id', 'instrument_closures.kind', 'instrument_closures.reason', 'instrument_closures.recurrence', 'instrument_closures.start_at', 'instrument_closures.end_at', 'instrument_closures.weekday', 'instrument_closures.start_time', 'instrument_closures.end_time', 'instrument_closures.from_date', 'instrument_closures.until_date'])
		.where('instruments.id', '=', id)
);

// Most instruments share a handful of weekly patterns: equal opening-hours texts share one parsed
// (read-only) list instead of one per cached instrument.
const OPENING_PATTERNS = 2_000;
const openingPatterns = new Map<string, OpeningRange[]>();
function sharedOpeningHours(json: string): OpeningRange[] {
	let parsed = openingPatterns.get(json);
	if (!parsed) {
		parsed = parseOpeningHours(json);
		if (openingPatterns.size >= OPENING_PATTERNS) openingPatterns.clear();
		openingPatterns.set(json, parsed);
	}
	return parsed;
}

// The instrument page's seven lines of the week, one list per pattern text (read-only, shared).
const weekLinePatterns = new Map<string, string[]>();
/** The stored opening hours as the page lists them (weekLines), Monday first; '' for a closed day. */
export function openingWeekLines(json: string): string[] {
	let lines = weekLinePatterns.get(json);
	if (!lines) {
		lines = weekLines(sharedOpeningHours(json));
		if (weekLinePatterns.size >= OPENING_PATTERNS) weekLinePatterns.clear();
		weekLinePatterns.set(json, lines);
	}
	return lines;
}

/** What the calendar of an instrument needs besides bookings and wait-list offers; null when it does not exist. */
export async function calendarFacts(db: Db, id: number, version?: number | null): Promise<CalendarFacts | null> {
	const k = db.kysely;
	const v = version === undefined ? await catalogueVersion(k) : version;
	return cacheOf<CalendarFacts | null>(k, 'instrument-calendar', CALENDAR_ENTRIES).get(v, String(id), async () => {
		const rows = await calendarRows(k, id);
		if (rows.length === 0) return null;
		const row = rows[0];
		const closures = rows.filter((r) => r.id !== null).map((r) => scheduleRepo.toRule(r as scheduleRepo.ClosureRuleFields));
		return {
			id: row.instrument_id_,
			facilityId: row.facility_id_,
			published: row.published_ === 1,
			timezone: row.timezone_,
			openingHours: sharedOpeningHours(row.opening_hours_),
			closures: closures.sort((a, b) => a.id - b.id)
		};
	});
}

/** The closure rules that can touch [from, to): one-off ones overlapping it and every weekly one (as closuresAround selects). */
export function closuresAround(rules: ClosureRule[], from: number, to: number): ClosureRule[] {
	return rules.filter((r) => r.recurrence === 'weekly' || (r.start < to && r.end > from));
}
