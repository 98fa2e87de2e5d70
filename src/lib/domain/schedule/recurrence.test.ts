import { describe, expect, it } from 'vitest';
import { MAX_OCCURRENCES, weeklyOccurrences } from './recurrence';

const TZ = 'Asia/Shanghai';
const H = 3_600_000;

describe('weeklyOccurrences', () => {
	// Tuesday 2026-12-01 07:00–09:00 Shanghai = Monday 23:00Z – Tuesday 01:00Z
	const start = Date.UTC(2026, 10, 30, 23, 0);
	const end = start + 2 * H;
	it('repeats N times at the same local time, dated by the Shanghai day not the UTC day', () => {
		const o = weeklyOccurrences(start, end, { count: 3 }, TZ);
		expect(o.map((x) => x.date)).toEqual(['2026-12-01', '2026-12-08', '2026-12-15']);
		expect(o.map((x) => x.start - start)).toEqual([0, 7 * 24 * H, 14 * 24 * H]);
		expect(o.every((x) => x.end - x.start === 2 * H)).toBe(true);
		expect(o.map((x) => x.index)).toEqual([1, 2, 3]);
	});
	it('stops after the until date, which is included', () => {
		expect(weeklyOccurrences(start, end, { untilDate: '2026-12-15' }, TZ).map((x) => x.date)).toEqual(['2026-12-01', '2026-12-08', '2026-12-15']);
		expect(weeklyOccurrences(start, end, { untilDate: '2026-12-14' }, TZ).map((x) => x.date)).toEqual(['2026-12-01', '2026-12-08']);
	});
	it('never produces more than the maximum', () => {
		expect(weeklyOccurrences(start, end, { count: 500 }, TZ)).toHaveLength(MAX_OCCURRENCES);
		expect(weeklyOccurrences(start, end, { untilDate: '2099-01-01' }, TZ)).toHaveLength(MAX_OCCURRENCES);
	});
	it('keeps the wall-clock time across a DST change in zones that have one', () => {
		// New York: 2027-03-08 10:00 EST, a week later 10:00 EDT (one hour less between them)
		const ny = Date.UTC(2027, 2, 8, 15, 0);
		const o = weeklyOccurrences(ny, ny + H, { count: 2 }, 'America/New_York');
		expect(o[1].start - o[0].start).toBe(7 * 24 * H - H);
	});
});
