import { describe, expect, it } from 'vitest';
import { checkScheme, DEFAULT_SCHEME, gradeOf, indicatorScore, parseScheme, scoreCard } from './evaluation';
import { emptyMetrics } from './metrics';

describe('evaluation scheme', () => {
	it('follows the three-by-nine structure by default', () => {
		const groups = DEFAULT_SCHEME.indicators.map((i) => i.group);
		expect(DEFAULT_SCHEME.indicators).toHaveLength(9);
		expect(groups.filter((g) => g === 'organisation')).toHaveLength(4);
		expect(groups.filter((g) => g === 'operation')).toHaveLength(2);
		expect(groups.filter((g) => g === 'sharing')).toHaveLength(3);
		expect(checkScheme(DEFAULT_SCHEME)).toEqual([]);
	});
	it('scores linearly between floor and target and grades at the exact cut-offs', () => {
		expect(indicatorScore(600, 0, 1200)).toBe(50);
		expect(indicatorScore(2000, 0, 1200)).toBe(100);
		expect(indicatorScore(-1, 0, 1200)).toBe(0);
		expect(gradeOf(85, DEFAULT_SCHEME.cutoffs)).toBe('excellent');
		expect(gradeOf(84.99, DEFAULT_SCHEME.cutoffs)).toBe('good');
		expect(gradeOf(60, DEFAULT_SCHEME.cutoffs)).toBe('pass');
		expect(gradeOf(59.99, DEFAULT_SCHEME.cutoffs)).toBe('poor');
	});
	it('leaves out indicators without data and re-weights the rest', () => {
		const m = { ...emptyMetrics(), instruments: 1, effectiveHours: 1200, openHours: 2000, utilisation: 0.6, sharedHours: 273, crossAreaHours: 360, opennessRate: 1, freshnessRate: 1, noShowRate: 0 };
		const card = scoreCard(m, 1, DEFAULT_SCHEME);
		expect(card.indicators.find((i) => i.code === 'team')!.score).toBeNull();
		expect(card.total).toBeCloseTo(100);
		expect(card.grade).toBe('excellent');
	});
	it('gives no grade when nothing can be measured', () => {
		expect(scoreCard(emptyMetrics(), 1, DEFAULT_SCHEME)).toMatchObject({ total: null, grade: null });
	});
	it('reports every problem of a bad scheme and falls back to the default when parsing one', () => {
		const bad = { ...DEFAULT_SCHEME, cutoffs: { excellent: 50, good: 70, pass: 60 }, staleDays: 0 };
		expect(checkScheme(bad).map((p) => p.code)).toEqual(['stat_bad_cutoffs', 'stat_bad_stale_days']);
		expect(parseScheme(JSON.stringify(bad))).toBe(DEFAULT_SCHEME);
		expect(parseScheme('{')).toBe(DEFAULT_SCHEME);
	});
});
