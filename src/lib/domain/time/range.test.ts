import { describe, expect, it } from 'vitest';
import { contains, coveredBy, mergeRanges, overlaps } from './range';

describe('half-open ranges', () => {
	it('treats ranges that only touch as not overlapping', () => {
		expect(overlaps({ start: 0, end: 10 }, { start: 10, end: 20 })).toBe(false);
		expect(overlaps({ start: 10, end: 20 }, { start: 0, end: 10 })).toBe(false);
	});
	it('sees a one-millisecond overlap at either end', () => {
		expect(overlaps({ start: 0, end: 11 }, { start: 10, end: 20 })).toBe(true);
		expect(overlaps({ start: 19, end: 30 }, { start: 10, end: 20 })).toBe(true);
	});
	it('sees containment as overlap in both directions', () => {
		expect(overlaps({ start: 0, end: 100 }, { start: 10, end: 20 })).toBe(true);
		expect(overlaps({ start: 10, end: 20 }, { start: 0, end: 100 })).toBe(true);
	});
	it('contains a range with equal ends but not one sticking out by one', () => {
		expect(contains({ start: 0, end: 10 }, { start: 0, end: 10 })).toBe(true);
		expect(contains({ start: 0, end: 10 }, { start: 0, end: 11 })).toBe(false);
		expect(contains({ start: 0, end: 10 }, { start: -1, end: 10 })).toBe(false);
	});
	it('merges touching ranges so a booking across two adjacent opening ranges is covered', () => {
		expect(mergeRanges([{ start: 10, end: 20 }, { start: 0, end: 10 }, { start: 30, end: 40 }])).toEqual([
			{ start: 0, end: 20 },
			{ start: 30, end: 40 }
		]);
		expect(coveredBy({ start: 5, end: 15 }, [{ start: 0, end: 10 }, { start: 10, end: 20 }])).toBe(true);
		expect(coveredBy({ start: 5, end: 35 }, [{ start: 0, end: 20 }, { start: 30, end: 40 }])).toBe(false);
	});
});
