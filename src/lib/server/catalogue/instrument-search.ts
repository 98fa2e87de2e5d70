// Instrument search: query terms, one page of results and the facet counts.
//
// Facets use standard faceting: each facet is counted with every other filter applied and its
// own left out (the area facet also leaves out the city: a city implies its area), so a facet's
// numbers say what choosing a value would give. The city facet is counted once an area is chosen.
// One grouped query gives the matching instruments per (area, city, kind, category, modes) for the
// text alone; every facet count and the total are summed from those groups here, so the text is
// matched twice per search (groups and page), whatever filters are set.
//
// Caches (catalogue-cache.ts): whole results by (text, filters, order, page), the facet groups by
// (text, status) — so a new filter on a known text costs only the page query — and the area and city
// lists; all refilled when the catalogue version moves. Searches for "instruments I may operate
// myself" depend on the person and are not cached. Cached results are shared: callers must not
// modify them.
//
// Trigram index (migration 0011): terms of 3+ characters find their candidates in SQLite FTS5 or
// PostgreSQL pg_trgm, 2-character terms in the bigram postings, and a LIKE on search_text confirms.
import type { Db } from '../db/dialect';
import { instrumentTextIndex, type TextIndex } from '../db/dialect';
import { selfOperableSets } from '../qualification/self-operation.service';
import { bigrams, parseQuery } from '../../domain/catalogue/search-text';
import { CATEGORIES, categoryByCode } from '../../domain/catalogue/categories';
import { AREA_CODES, FACILITY_KINDS, parseModes, SERVICE_MODES } from '../../domain/catalogue/facility-kinds';
import { translator, type Locale, type MessageKey } from '../../i18n/locale';
import { escapeLike, type InstrumentQuery } from './catalogue.query';
import { cacheOf, catalogueVersion } from './catalogue-cache';
import * as repo from './catalogue.repository';

export interface Label {
	zh: string;
	en: string;
}
export interface FacetCount {
	value: string;
	count: number;
	label: Label;
}
export interface InstrumentFacets {
	area: FacetCount[];
	/** empty until an area is chosen */
	city: FacetCount[];
	kind: FacetCount[];
	category: FacetCount[];
	mode: FacetCount[];
}
export interface Paged<T> {
	items: T[];
	total: number;
	page: number;
	pageSize: number;
	pages: number;
}
export type InstrumentSummary = repo.InstrumentSummaryRow & { modeList: ReturnType<typeof parseModes> };
export type InstrumentSearchResult = Paged<InstrumentSummary> & { facets: InstrumentFacets };

const zh = translator('zh-CN');
const en = translator('en');
export const messageLabel = (key: MessageKey): Label => ({ zh: zh(key), en: en(key) });
export const kindLabel = (kind: string): Label => messageLabel(`facility.kind.${kind}` as MessageKey);
export const nameColumn = (locale: Locale) => (locale === 'en' ? ('name_en' as const) : ('name_zh' as const));
export const pageCount = (total: number, pageSize: number) => Math.max(1, Math.ceil(total / pageSize));

/** Query text → AND-terms of OR-alternatives, dropping alternatives that contain a shorter one of the same term. */
export function searchTerms(q: string): repo.SearchAlternative[][] {
	return parseQuery(q).map((term) => {
		const alts = [...new Set(term.alternatives.filter(Boolean))];
		const minimal = alts.filter((a) => !alts.some((b) => b !== a && a.includes(b)));
		return minimal.map((alt) => ({ text: alt, pattern: `%${escapeLike(alt)}%`, grams: bigrams(alt) }));
	});
}

// Without a trigram index, an alternative's candidates come from its rarest bigrams only: the LIKE
// confirms every match, so fewer grams give the same result while reading far fewer postings
// (common English bigrams such as "er" or "on" have tens of thousands). Posting counts are cached
// per process for a while: they only steer the choice, never the result.
const MAX_GRAMS = 3;
const GRAM_TTL_MS = 10 * 60_000;
const gramCache = new WeakMap<Db, Map<string, { n: number; at: number }>>();

async function withRarestGrams(db: Db, terms: repo.SearchAlternative[][], now = Date.now()): Promise<repo.SearchAlternative[][]> {
	const long = terms.flat().filter((alt) => alt.grams.length > MAX_GRAMS);
	if (long.length === 0) return terms;
	let cache = gramCache.get(db);
	if (!cache || cache.size > 50_000) gramCache.set(db, (cache = new Map()));
	const missing = [...new Set(long.flatMap((alt) => alt.grams))].filter((g) => !((cache.get(g)?.at ?? 0) > now - GRAM_TTL_MS));
	if (missing.length > 0) {
		const counts = await repo.countGramPostings(db.kysely, missing);
		for (const g of missing) cache.set(g, { n: counts.get(g) ?? 0, at: now });
	}
	const postings = (g: string) => cache.get(g)?.n ?? 0;
	return terms.map((term) =>
		term.map((alt) =>
			alt.grams.length <= MAX_GRAMS ? alt : { ...alt, grams: [...alt.grams].sort((a, b) => postings(a) - postings(b)).slice(0, MAX_GRAMS) }
		)
	);
}

function orderOf(query: InstrumentQuery, terms: repo.SearchAlternative[][], locale: Locale): repo.InstrumentOrder {
	if (query.sort === 'value') return { by: 'value' };
	if (query.sort === 'newest') return { by: 'newest' };
	if (query.sort === 'relevance' && terms.length > 0) return { by: 'relevance', names: terms, nameColumn: nameColumn(locale) };
	return { by: 'name', nameColumn: nameColumn(locale) };
}

/** The facet filters of a query (what the groups are narrowed by after the text). */
type FacetFilter = Pick<InstrumentQuery, 'area' | 'city' | 'kind' | 'category' | 'mode'>;
type Facet = keyof FacetFilter;

/** Whether a group passes every facet filter except the left-out ones. */
function passes(g: repo.FacetGroup, f: FacetFilter, leftOut: Facet[] = []): boolean {
	const on = (facet: Facet) => f[facet] !== undefined && !leftOut.includes(facet);
	if (on('area') && g.area !== f.area) return false;
	if (on('city') && g.city !== f.city) return false;
	if (on('kind') && g.kind !== f.kind) return false;
	if (on('category') && g.category !== f.category) return false;
	if (on('mode') && !g.modes.includes(f.mode!)) return false; // as the SQL: modes LIKE '%mode%'
	return true;
}

type Counts = Map<string, number>;
/** Instruments per value of a facet, over the groups passing every other filter (the area facet also ignores the city). */
function facetCounts(groups: repo.FacetGroup[], f: FacetFilter, facet: Exclude<Facet, 'mode'>): Counts {
	const out: Counts = new Map();
	const leftOut: Facet[] = facet === 'area' ? ['area', 'city'] : [facet];
	for (const g of groups) {
		if (!passes(g, f, leftOut)) continue;
		const v = String(g[facet]);
		out.set(v, (out.get(v) ?? 0) + g.count);
	}
	return out;
}

/** Facet values in a fixed order, those with results plus the chosen one (even at zero). */
function facet(counts: Counts, values: readonly string[], chosen: string | undefined, label: (v: string) => Label): FacetCount[] {
	return values
		.filter((v) => (counts.get(v) ?? 0) > 0 || v === chosen)
		.map((v) => ({ value: v, count: counts.get(v) ?? 0, label: label(v) }));
}

function facetsOf(groups: repo.FacetGroup[], query: InstrumentQuery, areas: repo.AreaRow[], cities: repo.CityRow[]): { total: number; facets: InstrumentFacets } {
	let total = 0;
	for (const g of groups) if (passes(g, query)) total += g.count;
	const modeCounts = new Map<string, number>();
	for (const g of groups) {
		if (!passes(g, query, ['mode'])) continue;
		for (const m of SERVICE_MODES) if (g.modes.includes(m)) modeCounts.set(m, (modeCounts.get(m) ?? 0) + g.count);
	}
	const areaName = new Map(areas.map((a) => [a.code as string, { zh: a.name_zh, en: a.name_en }]));
	const cityName = new Map(cities.map((c) => [String(c.id), { zh: c.name_zh, en: c.name_en }]));
	return {
		total,
		facets: {
			area: facet(facetCounts(groups, query, 'area'), AREA_CODES, query.area, (v) => areaName.get(v) ?? { zh: v, en: v }),
			city: query.area
				? facet(facetCounts(groups, query, 'city'), cities.filter((c) => c.area_code === query.area).map((c) => String(c.id)), query.city ? String(query.city) : undefined, (v) => cityName.get(v) ?? { zh: v, en: v })
				: [],
			kind: facet(facetCounts(groups, query, 'kind'), FACILITY_KINDS, query.kind, kindLabel),
			category: facet(facetCounts(groups, query, 'category'), CATEGORIES.map((c) => c.code), query.category, (v) => {
				const c = categoryByCode(v);
				return { zh: c?.zh ?? v, en: c?.en ?? v };
			}),
			mode: SERVICE_MODES.map((m) => ({ value: m, count: modeCounts.get(m) ?? 0, label: messageLabel(`booking.mode.${m}` as MessageKey) }))
		}
	};
}

/** The area and city lists (names for the facets), cached per catalogue version. */
export async function placeLists(db: Db, version: number | null) {
	const k = db.kysely;
	return cacheOf<{ areas: repo.AreaRow[]; cities: repo.CityRow[] }>(k, 'places', 1).get(version, 'all', async () => {
		const [areas, cities] = await Promise.all([repo.listAreas(k), repo.listCities(k)]);
		return { areas, cities };
	});
}

async function search(db: Db, query: InstrumentQuery, locale: Locale, version: number | null, index: TextIndex, userId: number | null): Promise<InstrumentSearchResult> {
	const k = db.kysely;
	const parsed = searchTerms(query.q);
	const terms = index === null ? await withRarestGrams(db, parsed) : parsed;
	const { area, city, kind, category, mode, status } = query;
	const selfOperable = query.operable === '1' && userId !== null ? await selfOperableSets(k, userId, Date.now()) : undefined;
	const filter: repo.InstrumentFilter = { terms, textIndex: index, area, city, kind, category, mode, status, selfOperable };
	const groupsOf = () => repo.countFacetGroups(k, filter);
	const [ids, groups, places] = await Promise.all([
		repo.searchInstrumentIds(k, filter, orderOf(query, terms, locale), query.pageSize, (query.page - 1) * query.pageSize),
		selfOperable ? groupsOf() : cacheOf<repo.FacetGroup[]>(k, 'search-groups', 200).get(version, JSON.stringify([parsed.map((t) => t.map((a) => a.text)), status ?? null]), groupsOf),
		placeLists(db, version)
	]);
	const rows = await repo.findInstrumentSummaries(k, ids);
	const byId = new Map(rows.map((r) => [r.id, r]));
	const items = ids.flatMap((id) => {
		const r = byId.get(id);
		return r ? [{ ...r, modeList: parseModes(r.modes) }] : [];
	});
	const { total, facets } = facetsOf(groups, query, places.areas, places.cities);
	return { items, total, page: query.page, pageSize: query.pageSize, pages: pageCount(total, query.pageSize), facets };
}

/** Searches published instruments; returns one page, the total and the facet counts. */
export async function searchInstruments(db: Db, query: InstrumentQuery, locale: Locale = 'zh-CN', userId: number | null = null): Promise<InstrumentSearchResult> {
	const [version, index] = await Promise.all([catalogueVersion(db.kysely), instrumentTextIndex(db)]);
	if (query.operable === '1' && userId !== null) return search(db, query, locale, null, index, userId);
	const { q, area, city, kind, category, mode, status, sort, page, pageSize } = query;
	const key = JSON.stringify([searchTerms(q).map((t) => t.map((a) => a.text)), area, city, kind, category, mode, status, sort, page, pageSize, nameColumn(locale)]);
	return cacheOf<InstrumentSearchResult>(db.kysely, 'search-results', 1000).get(version, key, () => search(db, query, locale, version, index, null));
}
