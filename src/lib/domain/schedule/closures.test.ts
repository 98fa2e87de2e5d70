import { describe, expect, it } from 'vitest';
import { closedIntervals, closuresHit, openTime, subtractRanges, type ClosureRule } from './closures';

const H = 3_600_000;
const TZ = 'Asia/Shanghai';
// Monday 2026-11-30 00:00 Shanghai = 2026-11-29 16:00Z
const monday = Date.UTC(2026, 10, 29, 16, 0);
const week = { from: monday, to: monday + 7 * 24 * H };
const hours = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '08:00', end: '18:00' }));

const once = (start: number, end: number, id = 1): ClosureRule => ({ id, kind: 'maintenance', reason: '年度保养', recurrence: 'once', start, end });
const weekly = (over: Partial<Extract<ClosureRule, { recurrence: 'weekly' }>> = {}): ClosureRule => ({
	id: 2,
	kind: 'other',
	reason: '每周例会',
	recurrence: 'weekly',
	weekday: 3,
	startTime: '12:00',
	endTime: '14:00',
	fromDate: null,
	untilDate: null,
	...over
});

describe('subtractRanges', () => {
	it('cuts the middle out of a range and leaves touching ends alone', () => {
		expect(subtractRanges([{ start: 0, end: 10 }], [{ start: 3, end: 5 }])).toEqual([{ start: 0, end: 3 }, { start: 5, end: 10 }]);
		expect(subtractRanges([{ start: 0, end: 10 }], [{ start: 10, end: 12 }])).toEqual([{ start: 0, end: 10 }]);
		expect(subtractRanges([{ start: 0, end: 10 }], [{ start: -5, end: 20 }])).toEqual([]);
	});
});

describe('closedIntervals', () => {
	it('clips a one-off closure to the window', () => {
		const c = closedIntervals([once(monday - H, monday + H)], monday, monday + 24 * H, TZ);
		expect(c).toEqual([{ start: monday, end: monday + H, closureId: 1, kind: 'maintenance', reason: '年度保养' }]);
	});
	it('expands a weekly closure at the local time on its weekday only', () => {
		const c = closedIntervals([weekly()], week.from, week.to, TZ);
		// Wednesday 12:00 Shanghai = 04:00Z
		expect(c.map((x) => new Date(x.start).toISOString())).toEqual(['2026-12-02T04:00:00.000Z']);
		expect(c[0].end - c[0].start).toBe(2 * H);
	});
	it('applies a weekly closure only from and until its dates, inclusive', () => {
		const three = { from: week.from, to: week.from + 21 * 24 * H };
		const all = closedIntervals([weekly()], three.from, three.to, TZ).map((x) => new Date(x.start).toISOString().slice(0, 10));
		expect(all).toEqual(['2026-12-02', '2026-12-09', '2026-12-16']);
		const bounded = closedIntervals([weekly({ fromDate: '2026-12-09', untilDate: '2026-12-09' })], three.from, three.to, TZ);
		expect(bounded.map((x) => new Date(x.start).toISOString().slice(0, 10))).toEqual(['2026-12-09']);
	});
	it('keeps a weekly closure at 07:00–09:00 Shanghai right across the UTC day boundary', () => {
		const c = closedIntervals([weekly({ weekday: 2, startTime: '07:00', endTime: '09:00' })], week.from, week.to, TZ);
		expect(c.map((x) => [new Date(x.start).toISOString(), new Date(x.end).toISOString()])).toEqual([['2026-11-30T23:00:00.000Z', '2026-12-01T01:00:00.000Z']]);
	});
});

describe('openTime', () => {
	it('is the opening hours minus the closures', () => {
		const wedStart = Date.UTC(2026, 11, 2, 0, 0); // Wed 08:00 Shanghai
		const open = openTime(hours, [weekly()], wedStart, wedStart + 24 * H, TZ);
		expect(open).toEqual([
			{ start: wedStart, end: wedStart + 4 * H },
			{ start: wedStart + 6 * H, end: wedStart + 10 * H }
		]);
	});
	it('a closure covering a whole day leaves no open time that day', () => {
		const tue = Date.UTC(2026, 10, 30, 16, 0); // Tue 00:00 Shanghai
		expect(openTime(hours, [once(tue, tue + 24 * H)], tue, tue + 24 * H, TZ)).toEqual([]);
	});
});

describe('closuresHit', () => {
	const closed = [
		{ start: 10, end: 20, closureId: 1, kind: 'holiday' as const, reason: 'a' },
		{ start: 30, end: 40, closureId: 2, kind: 'outage' as const, reason: 'b' },
		{ start: 50, end: 60, closureId: 2, kind: 'outage' as const, reason: 'b' }
	];
	it('reports each closure once and not one that only touches the range', () => {
		expect(closuresHit({ start: 20, end: 30 }, closed)).toEqual([]);
		expect(closuresHit({ start: 19, end: 55 }, closed).map((c) => c.closureId)).toEqual([1, 2]);
	});
});
