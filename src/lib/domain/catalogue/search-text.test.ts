import { describe, expect, it } from 'vitest';
import { bigrams, normalise, parseQuery } from './search-text';

describe('search text', () => {
	it('normalises full-width letters and case', () => {
		expect(normalise('  ＮＭＲ　Bruker  ')).toBe('nmr bruker');
	});
	it('makes Chinese bigrams and skips grams across spaces', () => {
		expect(bigrams('电子显微镜')).toEqual(['电子', '子显', '显微', '微镜']);
		expect(bigrams('ab cd')).toEqual(['ab', 'cd']);
	});
	it('expands abbreviations into alternatives', () => {
		expect(parseQuery('电镜')[0].alternatives).toEqual(['电镜', '电子显微镜']);
		expect(parseQuery('NMR')[0].alternatives).toContain('核磁共振');
	});
	it('splits words into AND terms and caps their number', () => {
		expect(parseQuery('显微镜 天津').map((t) => t.alternatives[0])).toEqual(['显微镜', '天津']);
		expect(parseQuery('a b c d e f g h')).toHaveLength(6);
		expect(parseQuery('   ')).toEqual([]);
	});
});
