// Catalogue SQL: instrument search with facet counts, details, and the search index writer.
//
// Search: an alternative matches an instrument whose search_text contains it (LIKE, wildcards
// escaped). An index narrows the rows the LIKE reads: for 3+ characters the trigram index when the
// database has one (SQLite FTS5 instrument_fts, PostgreSQL pg_trgm; see migration 0011), else — and
// always for 2 characters — the bigram postings (instrument_grams). A one-character alternative falls
// back to LIKE alone.
import { sql, type Expression, type ExpressionBuilder, type Kysely, type SelectQueryBuilder, type SqlBool } from 'kysely';
import { selfOperableWhere, type SelfOperableSets } from '../qualification/self-operation.service';
import type { TextIndex } from '../db/dialect';
import type { AreaCode, Database, FacilityKind, InstrumentStatus, ServiceMode } from '../db/schema';
import { bigrams, instrumentSearchText } from '../../domain/catalogue/search-text';
import { prepared } from '../db/prepared';

type Q = Kysely<Database>;
type EB = ExpressionBuilder<Database, 'instruments'>;

/** One way of matching a term: its text, its LIKE pattern (already escaped, with % around) and its bigrams. */
export interface SearchAlternative {
	text: string;
	pattern: string;
	grams: string[];
}

export interface InstrumentFilter {
	/** AND across terms, OR across each term's alternatives */
	terms: SearchAlternative[][];
	/** the trigram index to find candidates with (null: bigram postings only) */
	textIndex: TextIndex;
	area?: AreaCode;
	city?: number;
	kind?: FacilityKind;
	category?: string;
	mode?: ServiceMode;
	/** exact status; undefined means every status except retired */
	status?: InstrumentStatus;
	/** only instruments offering self-operation that this person's qualifications allow */
	selfOperable?: SelfOperableSets;
}

/** Facets: each one is counted with every filter applied except its own. */
export type FacetName = 'area' | 'city' | 'kind' | 'category' | 'mode';

/** Trigram indexes find substrings of 3 characters or more. */
const TRIGRAM_MIN = 3;

/** An FTS5 query for the phrase text: a quoted string, quotes doubled (trigram: any substring). */
const ftsPhrase = (text: string) => `"${text.replace(/"/g, '""')}"`;

/** A subquery of instrument ids (as instrument_id), whichever index it reads. */
type Candidates = SelectQueryBuilder<Database, 'instrument_grams', { instrument_id: number }>;

const trigramReady = (alt: SearchAlternative) => Array.from(alt.text).length >= TRIGRAM_MIN;

/** The ids of instruments that may contain the alternative (a superset: the LIKE decides): FTS5 or bigram postings. */
function candidates(eb: EB, alt: SearchAlternative, index: TextIndex): Candidates {
	if (index === 'fts5' && trigramReady(alt)) {
		return eb
			.selectFrom(sql<{ rowid: number }>`instrument_fts`.as('instrument_fts'))
			.select(sql<number>`instrument_fts.rowid`.as('instrument_id'))
			.where(sql<SqlBool>`instrument_fts match ${ftsPhrase(alt.text)}`) as unknown as Candidates;
	}
	return eb
		.selectFrom('instrument_grams')
		.select('instrument_grams.instrument_id')
		.where('instrument_grams.gram', 'in', alt.grams)
		.groupBy('instrument_grams.instrument_id')
		.having((h) => h.fn.countAll(), '=', alt.grams.length);
}

/**
 * A term matches when its text contains any alternative. Written as
 *   id IN (candidates of alt 1 UNION ALL candidates of alt 2 …) AND (LIKE alt 1 OR LIKE alt 2 …)
 * which equals OR(candidates_i AND LIKE_i) because each LIKE implies its own candidates; this
 * form lets the database drive the query from the candidates (a semi-join) instead of scanning.
 * PostgreSQL with pg_trgm: a 3+ character LIKE is itself answered from the trigram index (bitmap
 * scans, OR-ed), so only 2-character alternatives take the bigram candidates.
 */
function matchesTerm(eb: EB, term: SearchAlternative[], index: TextIndex): Expression<SqlBool> {
	const likeOf = (alt: SearchAlternative) => sql<SqlBool>`${eb.ref('instruments.search_text')} like ${alt.pattern} escape '\\'`;
	const likes = term.map(likeOf);
	const like = likes.length === 1 ? likes[0] : eb.or(likes);
	// An alternative without bigrams (one character) could be anywhere: LIKE alone.
	if (term.length === 0 || term.some((alt) => alt.grams.length === 0)) return like;
	if (index === 'pg_trgm') {
		const each = term.map((alt) => (trigramReady(alt) ? likeOf(alt) : eb.and([eb('instruments.id', 'in', candidates(eb, alt, null)), likeOf(alt)])));
		return each.length === 1 ? each[0] : eb.or(each);
	}
	const [first, ...rest] = term;
	let union = candidates(eb, first, index);
	for (const alt of rest) union = union.unionAll(candidates(eb, alt, index));
	return eb.and([eb('instruments.id', 'in', union), like]);
}

function conditions(eb: EB, f: InstrumentFilter): Expression<SqlBool>[] {
	const c: Expression<SqlBool>[] = [eb('instruments.published', '=', 1)];
	c.push(f.status ? eb('instruments.status', '=', f.status) : eb('instruments.status', '!=', 'retired'));
	if (f.area) c.push(eb('instruments.area_code', '=', f.area));
	if (f.city) c.push(eb('instruments.city_id', '=', f.city));
	if (f.kind) c.push(eb('instruments.facility_kind', '=', f.kind));
	if (f.category) c.push(eb('instruments.category_code', '=', f.category));
	if (f.mode) c.push(eb('instruments.modes', 'like', `%${f.mode}%`));
	if (f.selfOperable) {
		c.push(eb('instruments.modes', 'like', '%self%'));
		c.push(selfOperableWhere(f.selfOperable)(eb));
	}
	for (const term of f.terms) c.push(matchesTerm(eb, term, f.textIndex));
	return c;
}

export type InstrumentOrder =
	| { by: 'relevance'; names: SearchAlternative[][]; nameColumn: 'name_zh' | 'name_en' }
	| { by: 'name'; nameColumn: 'name_zh' | 'name_en' }
	| { by: 'value' }
	| { by: 'newest' };

/** The ids of one page of matching instruments, in order. */
export async function searchInstrumentIds(db: Q, f: InstrumentFilter, order: InstrumentOrder, limit: number, offset: number) {
	let q = db
		.selectFrom('instruments')
		.select('instruments.id')
		.where((eb) => eb.and(conditions(eb, f)));
	if (order.by === 'relevance') {
		// Terms found in the name rank first: score = number of terms whose alternative is in a name.
		const score = order.names.map(
			(term) =>
				sql<number>`(case when ${sql.join(
					term.map((alt) => sql`(lower(instruments.name_zh) like ${alt.pattern} escape '\\' or lower(instruments.name_en) like ${alt.pattern} escape '\\')`),
					sql` or `
				)} then 1 else 0 end)`
		);
		if (score.length > 0) q = q.orderBy(sql`${sql.join(score, sql` + `)}`, 'desc');
		// then shorter names: the query is a larger part of them (质谱仪 before 飞行时间质谱仪)
		q = q.orderBy(sql`length(${sql.ref(`instruments.${order.nameColumn}`)})`).orderBy(`instruments.${order.nameColumn}`).orderBy('instruments.id');
	} else if (order.by === 'name') q = q.orderBy(`instruments.${order.nameColumn}`).orderBy('instruments.id');
	else if (order.by === 'value') q = q.orderBy('instruments.value_fen', 'desc').orderBy('instruments.id');
	else q = q.orderBy('instruments.purchase_year', 'desc').orderBy('instruments.id', 'desc');
	const rows = await q.limit(limit).offset(offset).execute();
	return rows.map((r) => r.id);
}

/** Matching instruments counted per combination of the facet columns and the modes. */
export interface FacetGroup {
	area: AreaCode;
	city: number;
	kind: FacilityKind;
	category: string;
	modes: string;
	count: number;
}

/**
 * The instruments matching the text, status and self-operation (not the facet filters), counted per
 * area, city, kind, category and modes: every facet count and the total follow from these groups.
 */
export async function countFacetGroups(db: Q, f: Pick<InstrumentFilter, 'terms' | 'textIndex' | 'status' | 'selfOperable'>): Promise<FacetGroup[]> {
	const filter: InstrumentFilter = { terms: f.terms, textIndex: f.textIndex, status: f.status, selfOperable: f.selfOperable };
	const rows = await db
		.selectFrom('instruments')
		.select((eb) => [
			'instruments.area_code',
			'instruments.city_id',
			'instruments.facility_kind',
			'instruments.category_code',
			'instruments.modes',
			eb.fn.countAll<number>().as('n')
		])
		.where((eb) => eb.and(conditions(eb, filter)))
		.groupBy(['instruments.area_code', 'instruments.city_id', 'instruments.facility_kind', 'instruments.category_code', 'instruments.modes'])
		.execute();
	return rows.map((r) => ({ area: r.area_code, city: Number(r.city_id), kind: r.facility_kind, category: r.category_code, modes: r.modes, count: Number(r.n) }));
}

/** Number of postings of each gram (grams absent from the index are left out). */
export async function countGramPostings(db: Q, grams: string[]): Promise<Map<string, number>> {
	if (grams.length === 0) return new Map();
	const rows = await db
		.selectFrom('instrument_grams')
		.select((eb) => ['gram', eb.fn.countAll<number>().as('n')])
		.where('gram', 'in', grams)
		.groupBy('gram')
		.execute();
	return new Map(rows.map((r) => [r.gram, Number(r.n)]));
}

/** Display rows (with facility, institution and city names) for the given instrument ids. */
export function findInstrumentSummaries(db: Q, ids: number[]) {
	if (ids.length === 0) return Promise.resolve([]);
	return db
		.selectFrom('instruments')
		.innerJoin('facilities', 'facilities.id', 'instruments.facility_id')
		.innerJoin('institutions', 'institutions.id', 'instruments.institution_id')
		.innerJoin('cities', 'cities.id', 'instruments.city_id')
		.select([
			'instruments.id',
			'instruments.name_zh',
			'instruments.name_en',
			'instruments.model',
			'instruments.manufacturer',
			'instruments.category_code',
			'instruments.value_fen',
			'instruments.purchase_year',
			'instruments.status',
			'instruments.modes',
			'instruments.price_hour_fen',
			sql<number | null>`coalesce(instruments.confirmed_at, instruments.created_at)`.as('confirmed_at'), // instrument-admin: listing freshness
			'instruments.area_code',
			'instruments.city_id',
			'instruments.facility_id',
			'instruments.facility_kind',
			'instruments.institution_id',
			'facilities.name_zh as facility_name_zh',
			'facilities.name_en as facility_name_en',
			'institutions.name_zh as institution_name_zh',
			'institutions.name_en as institution_name_en',
			'cities.name_zh as city_name_zh',
			'cities.name_en as city_name_en'
		])
		.where('instruments.id', 'in', ids)
		.execute();
}
export type InstrumentSummaryRow = Awaited<ReturnType<typeof findInstrumentSummaries>>[number];

/** Every column of instruments but search_text (the search index's text, internal and the longest). */
const DETAIL_COLUMNS = [
	'instruments.id',
	'instruments.facility_id',
	'instruments.name_zh',
	'instruments.name_en',
	'instruments.model',
	'instruments.manufacturer',
	'instruments.category_code',
	'instruments.value_fen',
	'instruments.purchase_year',
	'instruments.status',
	'instruments.photo_url',
	'instruments.specifications',
	'instruments.modes',
	'instruments.required_qualification',
	'instruments.published',
	'instruments.timezone',
	'instruments.opening_hours',
	'instruments.slot_minutes',
	'instruments.min_minutes',
	'instruments.max_minutes',
	'instruments.notice_minutes',
	'instruments.horizon_days',
	'instruments.cancel_deadline_minutes',
	'instruments.approval_mode',
	'instruments.cross_area_needs_approval',
	'instruments.price_hour_fen',
	'instruments.area_code',
	'instruments.city_id',
	'instruments.facility_kind',
	'instruments.institution_id',
	'instruments.created_at',
	'instruments.updated_at',
	'instruments.required_qualification_type_id',
	'instruments.acceptance_date',
	'instruments.accreditations',
	'instruments.confirmed_at',
	'instruments.buffer_minutes',
	'instruments.max_week_minutes',
	'instruments.max_future_bookings',
	'instruments.no_show_minutes'
] as const;

/** One instrument with every column but search_text and the names of its facility, institution, city and area. */
export async function findInstrumentDetail(db: Q, id: number) {
	return (await instrumentDetail(db, id))[0];
}
const instrumentDetail = prepared((db: Q, id: number) =>
	db
		.selectFrom('instruments')
		.innerJoin('facilities', 'facilities.id', 'instruments.facility_id')
		.innerJoin('institutions', 'institutions.id', 'instruments.institution_id')
		.innerJoin('cities', 'cities.id', 'instruments.city_id')
		.innerJoin('areas', 'areas.code', 'instruments.area_code')
		.select(DETAIL_COLUMNS)
		.select([
			'facilities.name_zh as facility_name_zh',
			'facilities.name_en as facility_name_en',
			'institutions.name_zh as institution_name_zh',
			'institutions.name_en as institution_name_en',
			'institutions.area_code as institution_area_code',
			'cities.name_zh as city_name_zh',
			'cities.name_en as city_name_en',
			'areas.name_zh as area_name_zh',
			'areas.name_en as area_name_en'
		])
		.where('instruments.id', '=', id)
);
export type InstrumentDetailRow = NonNullable<Awaited<ReturnType<typeof findInstrumentDetail>>>;

/** One instrument's columns as findInstrumentDetail reads them, without the names of its places (a primary-key read of one table). */
export async function findInstrumentRow(db: Q, id: number) {
	return (await instrumentRow(db, id))[0];
}
const instrumentRow = prepared((db: Q, id: number) => db.selectFrom('instruments').select(DETAIL_COLUMNS).where('instruments.id', '=', id));
export type InstrumentRow = NonNullable<Awaited<ReturnType<typeof findInstrumentRow>>>;

/** The names of every facility, institution, city and area (a few thousand short rows), for a per-version cache. */
export async function listPlaceNames(db: Q) {
	const [facilities, institutions, cities, areas] = await Promise.all([
		db.selectFrom('facilities').select(['id', 'name_zh', 'name_en']).execute(),
		db.selectFrom('institutions').select(['id', 'name_zh', 'name_en', 'area_code']).execute(),
		db.selectFrom('cities').select(['id', 'name_zh', 'name_en']).execute(),
		db.selectFrom('areas').select(['code', 'name_zh', 'name_en']).execute()
	]);
	return { facilities, institutions, cities, areas };
}

export function listAreas(db: Q) {
	return db.selectFrom('areas').selectAll().orderBy('sort_order').execute();
}

export function listCities(db: Q) {
	return db.selectFrom('cities').select(['id', 'area_code', 'name_zh', 'name_en']).orderBy('area_code').orderBy('id').execute();
}
export type AreaRow = Awaited<ReturnType<typeof listAreas>>[number];
export type CityRow = Awaited<ReturnType<typeof listCities>>[number];

/** Published instruments that are not retired. */
export async function countListedInstruments(db: Q): Promise<number> {
	const row = await db
		.selectFrom('instruments')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('published', '=', 1)
		.where('status', '!=', 'retired')
		.executeTakeFirstOrThrow();
	return Number(row.n);
}

/** A trivial round trip, for health checks. */
export async function ping(db: Q): Promise<void> {
	await sql`select 1`.execute(db);
}

/**
 * Rebuilds search_text and the bigram postings of the given instruments from their names, model,
 * manufacturer, facility and institution. Pass a transaction to make it part of a larger write.
 */
export async function indexInstruments(db: Q, ids: number[]): Promise<void> {
	for (let i = 0; i < ids.length; i += 500) {
		const chunk = ids.slice(i, i + 500);
		const rows = await db
			.selectFrom('instruments')
			.innerJoin('facilities', 'facilities.id', 'instruments.facility_id')
			.innerJoin('institutions', 'institutions.id', 'facilities.institution_id')
			.select([
				'instruments.id',
				'instruments.name_zh',
				'instruments.name_en',
				'instruments.model',
				'instruments.manufacturer',
				'facilities.name_zh as facility_name',
				'institutions.name_zh as institution_name'
			])
			.where('instruments.id', 'in', chunk)
			.execute();
		const write = async (trx: Q) => {
			const postings: { gram: string; instrument_id: number }[] = [];
			for (const r of rows) {
				const text = instrumentSearchText({
					nameZh: r.name_zh,
					nameEn: r.name_en,
					model: r.model,
					manufacturer: r.manufacturer,
					// Chinese names only, as the demo seed does: English ones would double the postings.
					facilityName: r.facility_name,
					institutionName: r.institution_name
				});
				await trx.updateTable('instruments').set({ search_text: text }).where('id', '=', r.id).execute();
				for (const gram of bigrams(text)) postings.push({ gram, instrument_id: r.id });
			}
			await trx.deleteFrom('instrument_grams').where('instrument_id', 'in', chunk).execute();
			for (let j = 0; j < postings.length; j += 1000) {
				await trx.insertInto('instrument_grams').values(postings.slice(j, j + 1000)).execute();
			}
		};
		if (db.isTransaction) await write(db);
		else await db.transaction().execute(write);
	}
}

/** Rebuilds the search index of one instrument (see indexInstruments). */
export function indexInstrument(db: Q, id: number): Promise<void> {
	return indexInstruments(db, [id]);
}
