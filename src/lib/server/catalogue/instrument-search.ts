// Instrument search: query terms, gram selection, one page of results and the facet counts.
//
// Facets use standard faceting: each facet is counted with every other filter applied and its
// own left out (the area facet also leaves out the city: a city implies its area), so a facet's
// numbers say what choosing a value would give. The city facet is counted once an area is chosen.
// Every facet whose own filter is not set shares one grouped query, which also gives the total.
//
// Measured once on 50,000 instruments (2,006 facilities, 3.4 M postings), one whole call with
// facets, warm: SQLite 2–35 ms for typical queries (x射线衍射仪 3, NMR 5, 显微镜 16, 质谱 23,
// spectrometer 37), 55–85 ms for the broadest (no query, "e", "er", area only); PostgreSQL 15 after
// VACUUM ANALYZE: 5–50 ms typical, 60–90 ms broadest. EXPLAIN QUERY PLAN: instruments are
// reached by primary key from the candidate list, postings by the (gram, instrument_id) key.
import type { Db } from '../db/dialect';
import { selfOperableSets } from '../qualification/self-operation.service';
import { bigrams, parseQuery } from '../../domain/catalogue/search-text';
import { CATEGORIES, categoryByCode } from '../../domain/catalogue/categories';
import { AREA_CODES, FACILITY_KINDS, parseModes, SERVICE_MODES } from '../../domain/catalogue/facility-kinds';
import { translator, type Locale, type MessageKey } from '../../i18n/locale';
import { escapeLike, type InstrumentQuery } from './catalogue.query';
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
		return minimal.map((alt) => ({ pattern: `%${escapeLike(alt)}%`, grams: bigrams(alt) }));
	});
}

// An alternative's candidates come from its rarest grams only: the LIKE confirms every match, so
// fewer grams give the same result while reading far fewer postings (common English bigrams such
// as "er" or "on" have tens of thousands). Posting counts are cached per process for a while:
// they only steer the choice, never the result.
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

type Counts = Map<string, number>;
function countBy(groups: repo.InstrumentGroup[], facet: repo.GroupFacet): Counts {
	const out: Counts = new Map();
	for (const g of groups) {
		const v = g.values[facet];
		if (v !== undefined) out.set(v, (out.get(v) ?? 0) + g.count);
	}
	return out;
}

/** Facet values in a fixed order, those with results plus the chosen one (even at zero). */
function facet(counts: Counts, values: readonly string[], chosen: string | undefined, label: (v: string) => Label): FacetCount[] {
	return values
		.filter((v) => (counts.get(v) ?? 0) > 0 || v === chosen)
		.map((v) => ({ value: v, count: counts.get(v) ?? 0, label: label(v) }));
}

/** Searches published instruments; returns one page, the total and the facet counts. */
export async function searchInstruments(db: Db, query: InstrumentQuery, locale: Locale = 'zh-CN', userId: number | null = null): Promise<InstrumentSearchResult> {
	const k = db.kysely;
	const terms = await withRarestGrams(db, searchTerms(query.q));
	const { area, city, kind, category, mode, status } = query;
	const selfOperable = query.operable === '1' && userId !== null ? await selfOperableSets(k, userId, Date.now()) : undefined;
	const filter: repo.InstrumentFilter = { terms, area, city, kind, category, mode, status, selfOperable };
	const isSet: Record<repo.GroupFacet | 'mode', boolean> = {
		area: Boolean(query.area || query.city),
		city: Boolean(query.city),
		kind: Boolean(query.kind),
		category: Boolean(query.category),
		mode: Boolean(query.mode)
	};
	const facets: repo.GroupFacet[] = query.area ? ['area', 'city', 'kind', 'category'] : ['area', 'kind', 'category'];
	const shared = facets.filter((f) => !isSet[f]);
	const own = facets.filter((f) => isSet[f]);
	const [ids, base, modeGroups, areas, cities, ...ownGroups] = await Promise.all([
		repo.searchInstrumentIds(k, filter, orderOf(query, terms, locale), query.pageSize, (query.page - 1) * query.pageSize),
		repo.countInstrumentGroups(k, filter, shared),
		isSet.mode ? repo.countInstrumentGroups(k, filter, [], 'mode') : Promise.resolve(null),
		repo.listAreas(k),
		query.area ? repo.listCities(k) : Promise.resolve([]),
		...own.map((f) => repo.countInstrumentGroups(k, filter, [f], f))
	]);
	const rows = await repo.findInstrumentSummaries(k, ids);
	const byId = new Map(rows.map((r) => [r.id, r]));
	const items = ids.flatMap((id) => {
		const r = byId.get(id);
		return r ? [{ ...r, modeList: parseModes(r.modes) }] : [];
	});
	const total = base.reduce((sum, g) => sum + g.count, 0);
	const counts = (f: repo.GroupFacet) => countBy(isSet[f] ? ownGroups[own.indexOf(f)] : base, f);
	const modeSource = modeGroups ?? base;
	const modeCount = (m: (typeof SERVICE_MODES)[number]) => modeSource.reduce((sum, g) => sum + g[m], 0);
	const areaName = new Map(areas.map((a) => [a.code as string, { zh: a.name_zh, en: a.name_en }]));
	const cityName = new Map(cities.map((c) => [String(c.id), { zh: c.name_zh, en: c.name_en }]));
	return {
		items,
		total,
		page: query.page,
		pageSize: query.pageSize,
		pages: pageCount(total, query.pageSize),
		facets: {
			area: facet(counts('area'), AREA_CODES, query.area, (v) => areaName.get(v) ?? { zh: v, en: v }),
			city: query.area
				? facet(counts('city'), cities.filter((c) => c.area_code === query.area).map((c) => String(c.id)), query.city ? String(query.city) : undefined, (v) => cityName.get(v) ?? { zh: v, en: v })
				: [],
			kind: facet(counts('kind'), FACILITY_KINDS, query.kind, kindLabel),
			category: facet(counts('category'), CATEGORIES.map((c) => c.code), query.category, (v) => {
				const c = categoryByCode(v);
				return { zh: c?.zh ?? v, en: c?.en ?? v };
			}),
			mode: SERVICE_MODES.map((m) => ({ value: m, count: modeCount(m), label: messageLabel(`booking.mode.${m}` as MessageKey) }))
		}
	};
}
