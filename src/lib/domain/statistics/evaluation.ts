// The evaluation scheme (评价考核): indicators grouped under the three national first-level
// indicators — 组织管理, 运行使用, 共享服务 — with nine second-level ones, each read from a metric,
// scored linearly between a floor (0 points) and a target (100 points), weighted, and graded
// 优秀 / 良好 / 合格 / 较差 by cut-offs. Indicators the platform has no data for are listed as not
// measured and their weight is left out (the rest are re-weighted), never filled with guesses.
import type { Metrics } from './metrics';

export type IndicatorSource =
	| 'noShowRateInverse'
	| 'opennessRate'
	| 'freshnessRate'
	| 'effectiveHoursPerInstrumentYear'
	| 'utilisation'
	| 'sharedHoursPerInstrumentYear'
	| 'crossAreaShare'
	| 'institutionsServedPerInstrument'
	| 'none';

export const INDICATOR_SOURCES: IndicatorSource[] = [
	'noShowRateInverse',
	'opennessRate',
	'freshnessRate',
	'effectiveHoursPerInstrumentYear',
	'utilisation',
	'sharedHoursPerInstrumentYear',
	'crossAreaShare',
	'institutionsServedPerInstrument',
	'none'
];

export type Grade = 'excellent' | 'good' | 'pass' | 'poor';
export const GRADES: Grade[] = ['excellent', 'good', 'pass', 'poor'];

export interface Indicator {
	/** stable code, e.g. "management" */
	code: string;
	group: 'organisation' | 'operation' | 'sharing';
	source: IndicatorSource;
	/** points in the total (weights are re-based to the measured ones) */
	weight: number;
	/** value scoring 0 */
	floor: number;
	/** value scoring 100 */
	target: number;
}

export interface Benchmarks {
	/** national average effective hours per instrument-year (2025) */
	nationalEffectiveHours: number;
	/** national average external-service hours per instrument-year (2025) */
	nationalExternalHours: number;
	/** purchase review: fully used at this many hours a year */
	fullUseHours: number;
	/** Ministry of Education benefit form quotas */
	moeGeneralHours: number;
	moeSpecialHours: number;
}

export interface EvaluationScheme {
	indicators: Indicator[];
	/** minimum total score for 优秀, 良好, 合格; below the last is 较差 */
	cutoffs: { excellent: number; good: number; pass: number };
	benchmarks: Benchmarks;
	/** days after which a listing counts as stale */
	staleDays: number;
}

export const DEFAULT_BENCHMARKS: Benchmarks = {
	nationalEffectiveHours: 1599,
	nationalExternalHours: 273,
	fullUseHours: 1200,
	moeGeneralHours: 1400,
	moeSpecialHours: 800
};

/** The default, following the national three-by-nine structure (评价考核实施细则, revised 2026). */
export const DEFAULT_SCHEME: EvaluationScheme = {
	indicators: [
		{ code: 'management', group: 'organisation', source: 'noShowRateInverse', weight: 5, floor: 0.7, target: 0.97 },
		{ code: 'openness', group: 'organisation', source: 'opennessRate', weight: 5, floor: 0.5, target: 1 },
		{ code: 'team', group: 'organisation', source: 'none', weight: 5, floor: 0, target: 1 },
		{ code: 'platform', group: 'organisation', source: 'freshnessRate', weight: 5, floor: 0.5, target: 1 },
		{ code: 'runHours', group: 'operation', source: 'effectiveHoursPerInstrumentYear', weight: 25, floor: 0, target: 1200 },
		{ code: 'runEffect', group: 'operation', source: 'utilisation', weight: 15, floor: 0, target: 0.6 },
		{ code: 'sharedHours', group: 'sharing', source: 'sharedHoursPerInstrumentYear', weight: 20, floor: 0, target: 273 },
		{ code: 'externalService', group: 'sharing', source: 'crossAreaShare', weight: 15, floor: 0, target: 0.3 },
		{ code: 'selfReliance', group: 'sharing', source: 'none', weight: 5, floor: 0, target: 1 }
	],
	cutoffs: { excellent: 85, good: 70, pass: 60 },
	benchmarks: DEFAULT_BENCHMARKS,
	staleDays: 90
};

/** The value an indicator reads from a scope's metrics over a period of `years` years; null when not measurable. */
export function indicatorValue(source: IndicatorSource, m: Metrics, years: number): number | null {
	const perInstrumentYear = (hours: number) => (m.instruments > 0 && years > 0 ? hours / m.instruments / years : null);
	switch (source) {
		case 'noShowRateInverse':
			return m.noShowRate === null ? null : 1 - m.noShowRate;
		case 'opennessRate':
			return m.opennessRate;
		case 'freshnessRate':
			return m.freshnessRate;
		case 'effectiveHoursPerInstrumentYear':
			return perInstrumentYear(m.effectiveHours);
		case 'utilisation':
			return m.utilisation;
		case 'sharedHoursPerInstrumentYear':
			return perInstrumentYear(m.sharedHours);
		case 'crossAreaShare':
			return m.effectiveHours > 0 ? m.crossAreaHours / m.effectiveHours : null;
		case 'institutionsServedPerInstrument':
			return m.instruments > 0 ? m.institutionsServed / m.instruments : null;
		case 'none':
			return null;
	}
}

/** 0..100 points: linear from floor to target, clamped (a target below the floor scores lower-is-better). */
export function indicatorScore(value: number, floor: number, target: number): number {
	if (target === floor) return value >= target ? 100 : 0;
	const s = ((value - floor) / (target - floor)) * 100;
	return Math.max(0, Math.min(100, s));
}

export function gradeOf(score: number, cutoffs: EvaluationScheme['cutoffs']): Grade {
	if (score >= cutoffs.excellent) return 'excellent';
	if (score >= cutoffs.good) return 'good';
	if (score >= cutoffs.pass) return 'pass';
	return 'poor';
}

export interface IndicatorResult extends Indicator {
	value: number | null;
	/** 0..100, null when not measured */
	score: number | null;
	/** this indicator's share of the total after re-weighting, 0..1 */
	effectiveWeight: number;
	grade: Grade | null;
}

export interface ScoreCard {
	indicators: IndicatorResult[];
	/** weighted 0..100; null when nothing could be measured */
	total: number | null;
	grade: Grade | null;
}

/** Scores one scope's metrics over a period of `years` years with scheme. */
export function scoreCard(m: Metrics, years: number, scheme: EvaluationScheme): ScoreCard {
	const values = scheme.indicators.map((ind) => indicatorValue(ind.source, m, years));
	const measuredWeight = scheme.indicators.reduce((n, ind, i) => n + (values[i] === null ? 0 : Math.max(0, ind.weight)), 0);
	let total = 0;
	const indicators = scheme.indicators.map((ind, i): IndicatorResult => {
		const value = values[i];
		if (value === null || measuredWeight === 0) return { ...ind, value, score: null, effectiveWeight: 0, grade: null };
		const score = indicatorScore(value, ind.floor, ind.target);
		const effectiveWeight = Math.max(0, ind.weight) / measuredWeight;
		total += score * effectiveWeight;
		return { ...ind, value, score, effectiveWeight, grade: gradeOf(score, scheme.cutoffs) };
	});
	if (measuredWeight === 0) return { indicators, total: null, grade: null };
	return { indicators, total, grade: gradeOf(total, scheme.cutoffs) };
}

/** Problems with a scheme an admin entered, as { code, params } (all at once); empty when valid. */
export function checkScheme(s: EvaluationScheme): { code: string; params: Record<string, string | number> }[] {
	const problems: { code: string; params: Record<string, string | number> }[] = [];
	s.indicators.forEach((ind, i) => {
		if (!Number.isFinite(ind.weight) || ind.weight < 0 || ind.weight > 100) problems.push({ code: 'stat_bad_weight', params: { row: i + 1 } });
		if (!Number.isFinite(ind.floor) || !Number.isFinite(ind.target) || ind.floor === ind.target)
			problems.push({ code: 'stat_bad_threshold', params: { row: i + 1 } });
		if (!INDICATOR_SOURCES.includes(ind.source)) problems.push({ code: 'stat_bad_source', params: { row: i + 1 } });
	});
	if (s.indicators.reduce((n, ind) => n + ind.weight, 0) <= 0) problems.push({ code: 'stat_no_weight', params: {} });
	const { excellent, good, pass } = s.cutoffs;
	if (![excellent, good, pass].every((x) => Number.isFinite(x) && x >= 0 && x <= 100) || !(excellent > good && good > pass))
		problems.push({ code: 'stat_bad_cutoffs', params: {} });
	if (!Number.isInteger(s.staleDays) || s.staleDays < 1 || s.staleDays > 3650) problems.push({ code: 'stat_bad_stale_days', params: {} });
	for (const v of Object.values(s.benchmarks)) if (!Number.isFinite(v) || v < 0) problems.push({ code: 'stat_bad_benchmark', params: {} });
	return problems;
}

/** Reads a stored scheme (JSON), falling back to the default for anything missing or malformed. */
export function parseScheme(json: string | null | undefined): EvaluationScheme {
	if (!json) return DEFAULT_SCHEME;
	try {
		const raw = JSON.parse(json) as Partial<EvaluationScheme>;
		const scheme: EvaluationScheme = {
			indicators: Array.isArray(raw.indicators) && raw.indicators.length > 0 ? raw.indicators : DEFAULT_SCHEME.indicators,
			cutoffs: { ...DEFAULT_SCHEME.cutoffs, ...(raw.cutoffs ?? {}) },
			benchmarks: { ...DEFAULT_BENCHMARKS, ...(raw.benchmarks ?? {}) },
			staleDays: raw.staleDays ?? DEFAULT_SCHEME.staleDays
		};
		return checkScheme(scheme).length === 0 ? scheme : DEFAULT_SCHEME;
	} catch {
		return DEFAULT_SCHEME;
	}
}
