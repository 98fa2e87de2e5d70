import { describe, expect, it } from 'vitest';
import { openIntervals, parseOpeningHours, DEFAULT_OPENING_HOURS } from './opening-hours';

const SH = 'Asia/Shanghai';
// Monday 2026-11-30 in Shanghai starts at 2026-11-29T16:00Z.
const mondayStart = Date.UTC(2026, 10, 29, 16, 0);
const DAY = 86_400_000;

describe('opening hours', () => {
	it('expands a week of default hours into ten UTC intervals in Shanghai time', () => {
		const open = openIntervals(DEFAULT_OPENING_HOURS, mondayStart, mondayStart + 7 * DAY, SH);
		expect(open).toHaveLength(10);
		expect(new Date(open[0].start).toISOString()).toBe('2026-11-30T00:30:00.000Z'); // 08:30 local
		expect(new Date(open[1].end).toISOString()).toBe('2026-11-30T09:30:00.000Z'); // 17:30 local
	});
	it('clips intervals to the window', () => {
		const from = Date.UTC(2026, 10, 30, 2, 0); // 10:00 local Monday
		const open = openIntervals(DEFAULT_OPENING_HOURS, from, from + 3_600_000, SH);
		expect(open).toEqual([{ start: from, end: from + 3_600_000 }]);
	});
	it('gives the same instants to a viewer whatever zone the server runs in', () => {
		const a = openIntervals([{ weekday: 1, start: '09:00', end: '10:00' }], mondayStart, mondayStart + DAY, SH);
		expect(a).toEqual([{ start: Date.UTC(2026, 10, 30, 1, 0), end: Date.UTC(2026, 10, 30, 2, 0) }]);
	});
	it('supports 24:00 as the end of the day', () => {
		const a = openIntervals([{ weekday: 1, start: '20:00', end: '24:00' }], mondayStart, mondayStart + DAY, SH);
		expect(a).toEqual([{ start: mondayStart + 20 * 3_600_000, end: mondayStart + DAY }]);
	});
	it('drops malformed stored entries', () => {
		expect(parseOpeningHours('[{"weekday":8,"start":"08:00","end":"09:00"},{"weekday":1,"start":"10:00","end":"09:00"},{"weekday":2,"start":"08:00","end":"12:00"}]')).toEqual([
			{ weekday: 2, start: '08:00', end: '12:00' }
		]);
		expect(parseOpeningHours('not json')).toEqual([]);
	});
});
