// Statistics services for the evaluator workspace and API: who may see which area, then facts from
// the repository, metrics from the domain. Evaluators see their area(s) (roles.evaluatorAreas), the
// admin sees all; nobody else sees evaluator data. Results name areas, institutions, facilities and
// instruments, never people.
import type { Db } from '../db/dialect';
import type { Roles } from '../auth/roles';
import { ServiceError } from '../booking/booking.errors';
import { writeAudit } from '../audit/audit.repository';
import { withWriteTransaction } from '../db/dialect';
import * as repo from './statistics.repository';
import { cachedRollups } from './statistics.cache';
import { cachedCatalogueRead, cacheOf, catalogueVersion } from '../catalogue/catalogue-cache';
import { refreshRollups } from './statistics.rollup';
import type { InstrumentBaseRow, Level, StatFilter } from './statistics.repository';
import { emptyMetrics, metricsByKey, metricsTotal, rankBy, type MetricName, type Metrics, type StatisticsFacts } from '../../domain/statistics/metrics';
import { instrumentFacts, type InstrumentRow } from '../../domain/statistics/instruments';
import type { ClosureRule } from '../../domain/schedule/closures';
import type { TimeRange } from '../../domain/time/range';
import { flowMatrix, type FlowCell } from '../../domain/statistics/flows';
import { isMonthAligned, monthsOf, periodYears, previousPeriod, type Period } from '../../domain/statistics/period';
import { checkScheme, parseScheme, scoreCard, type EvaluationScheme, type ScoreCard } from '../../domain/statistics/evaluation';

export const AREA_CODES = ['BJ', 'TJ', 'HE'] as const;

/** The areas a person may evaluate: every area for the admin, the assigned ones for an evaluator, else none. */
export function evaluatorAreas(roles: Roles): string[] {
	if (roles.admin || roles.evaluatorAreas === 'all') return [...AREA_CODES];
	return [...roles.evaluatorAreas];
}

export function canEvaluate(roles: Roles): boolean {
	return evaluatorAreas(roles).length > 0;
}

export interface Selection {
	/** one area; absent: every area the person may see */
	area?: string;
	institutionId?: number;
	facilityId?: number;
	instrumentId?: number;
}

/** Turns what was asked for into a filter within the person's scope; forbidden outside it. */
export async function scopeFilter(db: Db, roles: Roles, sel: Selection): Promise<StatFilter> {
	const allowed = evaluatorAreas(roles);
	if (allowed.length === 0) throw new ServiceError('forbidden');
	if (sel.area !== undefined && !allowed.includes(sel.area)) throw new ServiceError('forbidden');
	const areas = sel.area !== undefined ? [sel.area] : allowed;
	const f: StatFilter = { areas: areas.length === AREA_CODES.length ? null : areas };
	const k = db.kysely;
	if (sel.instrumentId !== undefined) {
		const i = await k.selectFrom('instruments').select(['area_code']).where('id', '=', sel.instrumentId).executeTakeFirst();
		if (!i) throw new ServiceError('not_found');
		if (!areas.includes(i.area_code)) throw new ServiceError('forbidden');
		f.instrumentId = sel.instrumentId;
	}
	if (sel.facilityId !== undefined) {
		const fac = await k.selectFrom('facilities').select(['area_code']).where('id', '=', sel.facilityId).executeTakeFirst();
		if (!fac) throw new ServiceError('not_found');
		if (!areas.includes(fac.area_code)) throw new ServiceError('forbidden');
		f.facilityId = sel.facilityId;
	}
	if (sel.institutionId !== undefined) {
		const inst = await k.selectFrom('institutions').select('id').where('id', '=', sel.institutionId).executeTakeFirst();
		if (!inst) throw new ServiceError('not_found');
		const seen = await k.selectFrom('facilities').select('id').where('institution_id', '=', sel.institutionId).where('area_code', 'in', areas as never).executeTakeFirst();
		if (!seen) throw new ServiceError('forbidden');
		f.institutionId = sel.institutionId;
	}
	return f;
}

export async function loadScheme(db: Db): Promise<EvaluationScheme> {
	return parseScheme(await repo.currentSchemeJson(db.kysely));
}

/**
 * Where the period aggregates come from: month-aligned periods (months, quarters, years, custom
 * ranges of whole months) from the roll-ups, brought up to date first; other custom ranges from the
 * source rows. Both give the same facts (tests/integration/statistics-rollup.test.ts); answers from
 * the roll-ups are kept per process until a month they read is recomputed (statistics.cache.ts).
 */
async function factSource(db: Db, period: Period): Promise<typeof cachedRollups | typeof repo> {
	if (!isMonthAligned(period)) return repo;
	await refreshRollups(db);
	return cachedRollups;
}

/** The instruments of a selection with their closures over a span: what open time, openness and freshness need. */
export interface InstrumentBase {
	rows: InstrumentRow[];
	closures: Map<number, ClosureRule[]>;
}

/**
 * Loads the instrument base once for every period inside span (a trend's months, a period and the one
 * before); kept per process until an instrument or closure changes (the catalogue version of migration
 * 0011, raised by triggers in any process).
 */
export async function loadInstrumentBase(db: Db, level: Level, f: StatFilter, span: TimeRange): Promise<InstrumentBase> {
	const k = db.kysely;
	// The rows depend neither on the span nor on the level (the level only picks the key each row is
	// grouped by): two selections kept (50,000 rows with their opening hours are ~25 MB), keyed per call.
	// The closures depend on the span (small).
	// One version read for both: keyed rows are only ever cached with the version their base was read at.
	const version = await catalogueVersion(k);
	const base = await cacheOf<InstrumentBaseRow[]>(k, 'statistics-instrument-rows', 2).get(version, JSON.stringify(f), () => repo.instrumentBaseRows(k, f));
	// keyed rows share the base's strings (~5 MB per level at 50,000 instruments): the last four kept
	const rows = await cacheOf<InstrumentRow[]>(k, 'statistics-instrument-keyed', 4).get(version, JSON.stringify([level, f]), async () => repo.keyedRows(level, base));
	const everything = f.areas === null && f.institutionId === undefined && f.facilityId === undefined && f.instrumentId === undefined;
	const closures = await cacheOf<Map<number, ClosureRule[]>>(k, 'statistics-closures', 32).get(version, JSON.stringify([level, f, span.start, span.end]), () =>
		repo.closureRules(k, span, everything ? null : rows.map((r) => r.id))
	);
	return { rows, closures };
}

/** Every fact a level's metrics need for one period and filter (base: instruments loaded already for a span covering the period). */
export async function loadFacts(db: Db, level: Level, period: Period, f: StatFilter, now: number, staleDays: number, base?: InstrumentBase): Promise<StatisticsFacts> {
	const k = db.kysely;
	const src = await factSource(db, period);
	// an instrument level's bookings come summed per instrument where the roll-ups can (the year export)
	const summed = level === 'instrument' && 'bookingSums' in src;
	const [bookings, bookingSums, usage, samples, reach, instruments] = await Promise.all([
		summed ? [] : src.bookingFacts(k, level, period, f),
		summed ? src.bookingSums(k, level, period, f) : undefined,
		src.usageFacts(k, level, period, f),
		src.sampleFacts(k, level, period, f),
		src.reachFacts(k, level, period, f),
		base ?? loadInstrumentBase(db, level, f, period)
	]);
	const compute = async () => instrumentFacts(instruments.rows, instruments.closures, period, now, staleDays);
	// A closed period's open time and freshness no longer depend on now: kept per catalogue version for
	// the few-row levels (the overview and area or institution rankings ask again and again).
	const keep = period.end <= now && (level === 'all' || level === 'area' || level === 'institution');
	const facts = keep ? await cachedCatalogueRead(k, 'statistics-instrument-facts', 64, JSON.stringify([level, f, period.start, period.end, staleDays]), compute) : await compute();
	return { bookings, bookingSums, usage, samples, reach, instruments: facts };
}

export interface Overview {
	period: Period;
	metrics: Metrics;
	previous: Metrics;
	years: number;
	scheme: EvaluationScheme;
}

/** The key figures of a selection, with the previous period's for comparison. */
export async function overview(db: Db, roles: Roles, sel: Selection, period: Period, now = Date.now()): Promise<Overview> {
	const f = await scopeFilter(db, roles, sel);
	const scheme = await loadScheme(db);
	const prev = previousPeriod(period);
	const base = await loadInstrumentBase(db, 'all', f, { start: prev.start, end: period.end });
	const [cur, before] = await Promise.all([loadFacts(db, 'all', period, f, now, scheme.staleDays, base), loadFacts(db, 'all', prev, f, now, scheme.staleDays, base)]);
	return { period, metrics: metricsTotal(cur), previous: metricsTotal(before), years: periodYears(period), scheme };
}

export interface GroupRow {
	key: string;
	nameZh: string;
	nameEn: string;
	areaCode: string;
	parentId: number | null;
	metrics: Metrics;
}

/** Metrics per area, institution, facility or instrument within a selection, ranked by one metric. */
export async function breakdown(db: Db, roles: Roles, sel: Selection, level: Exclude<Level, 'all'>, period: Period, sort: MetricName = 'effectiveHours', now = Date.now(), ascending = false): Promise<GroupRow[]> {
	const f = await scopeFilter(db, roles, sel);
	const scheme = await loadScheme(db);
	const facts = await loadFacts(db, level, period, f, now, scheme.staleDays);
	const byKey = metricsByKey(facts);
	const names = await repo.namesFor(db.kysely, level, [...byKey.keys()]);
	const rows: GroupRow[] = [...byKey].map(([key, metrics]) => {
		const n = names.get(key);
		return { key, nameZh: n?.nameZh ?? key, nameEn: n?.nameEn ?? key, areaCode: n?.areaCode ?? '', parentId: n?.parentId ?? null, metrics };
	});
	if (level === 'area') {
		const allowed = f.areas ?? [...AREA_CODES];
		for (const a of allowed) if (!byKey.has(a)) rows.push({ key: a, nameZh: names.get(a)?.nameZh ?? a, nameEn: names.get(a)?.nameEn ?? a, areaCode: a, parentId: null, metrics: emptyMetrics() });
	}
	return rankBy(rows, sort, ascending);
}

/** The area-to-area flow matrix; an evaluator of some areas sees the rows and columns of those areas. */
export async function flows(db: Db, roles: Roles, sel: { area?: string }, period: Period): Promise<FlowCell[]> {
	const f = await scopeFilter(db, roles, sel);
	const scoped: StatFilter = { ...f, userSideToo: f.areas !== null };
	const k = db.kysely;
	const src = await factSource(db, period);
	const [bookings, usage, samples] = await Promise.all([src.bookingFacts(k, 'area', period, scoped), src.usageFacts(k, 'area', period, scoped), src.sampleFacts(k, 'area', period, scoped)]);
	const cells = flowMatrix(bookings, usage, samples);
	const seen = f.areas;
	return seen ? cells.filter((c) => seen.includes(c.from) || seen.includes(c.to)) : cells;
}

export interface TrendPoint {
	month: string;
	metrics: Metrics;
}

/** Month by month within the period (hours split at month ends). */
export async function trend(db: Db, roles: Roles, sel: Selection, period: Period, now = Date.now()): Promise<TrendPoint[]> {
	const f = await scopeFilter(db, roles, sel);
	const scheme = await loadScheme(db);
	const out: TrendPoint[] = [];
	const base = await loadInstrumentBase(db, 'all', f, period);
	for (const month of monthsOf(period)) out.push({ month: month.code, metrics: metricsTotal(await loadFacts(db, 'all', month, f, now, scheme.staleDays, base)) });
	return out;
}

export interface InstitutionCard {
	institutionId: number;
	nameZh: string;
	nameEn: string;
	areaCode: string;
	metrics: Metrics;
	card: ScoreCard;
	previous: ScoreCard;
	previousMetrics: Metrics;
}

/** Score cards per institution (its instruments in the scope), with the previous period's for comparison. */
export async function scorecards(db: Db, roles: Roles, sel: Selection, period: Period, now = Date.now()): Promise<{ scheme: EvaluationScheme; cards: InstitutionCard[] }> {
	const scheme = await loadScheme(db);
	const [cur, prev] = await Promise.all([
		breakdown(db, roles, sel, 'institution', period, 'effectiveHours', now),
		breakdown(db, roles, sel, 'institution', previousPeriod(period), 'effectiveHours', now)
	]);
	const prevByKey = new Map(prev.map((r) => [r.key, r.metrics]));
	const years = periodYears(period);
	const prevYears = periodYears(previousPeriod(period));
	const cards = cur
		.filter((r) => r.metrics.instruments > 0)
		.map((r) => {
			const pm = prevByKey.get(r.key) ?? emptyMetrics();
			return { institutionId: Number(r.key), nameZh: r.nameZh, nameEn: r.nameEn, areaCode: r.areaCode, metrics: r.metrics, card: scoreCard(r.metrics, years, scheme), previous: scoreCard(pm, prevYears, scheme), previousMetrics: pm };
		})
		.sort((a, b) => (b.card.total ?? -1) - (a.card.total ?? -1) || a.institutionId - b.institutionId);
	return { scheme, cards };
}

/** One instrument's bookings in the period (no personal names). */
export async function instrumentBookings(db: Db, roles: Roles, instrumentId: number, period: Period) {
	await scopeFilter(db, roles, { instrumentId });
	return repo.bookingLines(db.kysely, instrumentId, period);
}

/** Admin only: replaces the evaluation scheme in force, with an audit row. */
export async function updateScheme(db: Db, actor: { id: number }, roles: Roles, scheme: EvaluationScheme, now = Date.now()): Promise<void> {
	if (!roles.admin) throw new ServiceError('forbidden');
	const problems = checkScheme(scheme);
	if (problems.length > 0) throw new ServiceError('conflict', problems);
	await withWriteTransaction(db, async (trx) => {
		const { before, id } = await repo.saveScheme(trx, JSON.stringify(scheme), actor.id, now);
		await writeAudit(trx, { actorUserId: actor.id, entity: 'evaluation_scheme', entityId: id, action: 'update', before: before ? JSON.parse(before) : null, after: scheme, at: now });
	});
}
