import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { openIntervals, parseOpeningHours, weekLines, DEFAULT_OPENING_HOURS, type OpeningRange } from './opening-hours';
import { wallTime, zonedToUtc } from '../time/zone';

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
	it('lists the week as seven lines, Monday first, ranges in start order, closed days empty', () => {
		const hours = parseOpeningHours('[{"weekday":2,"start":"13:30","end":"17:00"},{"weekday":7,"start":"20:00","end":"24:00"},{"weekday":2,"start":"08:30","end":"12:00"},{"weekday":9,"start":"08:00","end":"09:00"}]');
		expect(weekLines(hours)).toEqual(['', '08:30–12:00, 13:30–17:00', '', '', '', '', '20:00–24:00']);
		expect(weekLines(DEFAULT_OPENING_HOURS)[0]).toBe('08:30–12:00, 13:30–17:30');
		expect(weekLines([])).toEqual(['', '', '', '', '', '', '']);
	});
	it('drops malformed stored entries', () => {
		expect(parseOpeningHours('[{"weekday":8,"start":"08:00","end":"09:00"},{"weekday":1,"start":"10:00","end":"09:00"},{"weekday":2,"start":"08:00","end":"12:00"}]')).toEqual([
			{ weekday: 2, start: '08:00', end: '12:00' }
		]);
		expect(parseOpeningHours('not json')).toEqual([]);
	});
	it('expands like the plain day-by-day walk in zones with daylight saving, across the changes', () => {
		// the plain walk: every boundary through zonedToUtc (the expansion before the same-offset shortcut)
		const plain = (hours: OpeningRange[], from: number, to: number, tz: string) => {
			const out: { start: number; end: number }[] = [];
			const seen = new Set<string>();
			for (let cursor = from - DAY; cursor < to + DAY; cursor += DAY / 2) {
				const w = wallTime(cursor, tz);
				const key = `${w.year}-${w.month}-${w.day}`;
				if (seen.has(key)) continue;
				seen.add(key);
				for (const h of hours) {
					if (h.weekday !== w.weekday) continue;
					const [sh, sm] = h.start.split(':').map(Number);
					const [eh, em] = h.end.split(':').map(Number);
					const start = zonedToUtc(w.year, w.month, w.day, sh, sm, tz);
					const end = zonedToUtc(w.year, w.month, w.day, 0, 0, tz) + (eh * 60 + em) * 60_000;
					const c = { start: Math.max(start, from), end: Math.min(end, to) };
					if (c.end > c.start) out.push(c);
				}
			}
			return out.sort((a, b) => a.start - b.start);
		};
		const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
		const range = fc
			.tuple(fc.integer({ min: 1, max: 7 }), fc.integer({ min: 0, max: 95 }), fc.integer({ min: 1, max: 96 }))
			.map(([weekday, a, len]) => ({ weekday, start: hhmm(a * 15), end: hhmm(Math.min(96, a + len) * 15) }))
			.filter((r) => r.start < r.end);
		// windows around the 2026 spring and autumn changes of each zone
		const zones = ['Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'America/Santiago', 'Asia/Shanghai'];
		fc.assert(
			fc.property(fc.constantFrom(...zones), fc.array(range, { minLength: 1, maxLength: 6 }), fc.integer({ min: 0, max: 365 * 24 }), fc.integer({ min: 1, max: 24 * 9 }), (tz, hours, startHour, lengthHours) => {
				const from = Date.UTC(2026, 0, 1) + startHour * 3_600_000;
				const to = from + lengthHours * 3_600_000;
				expect(openIntervals(hours, from, to, tz)).toEqual(plain(hours, from, to, tz));
			}),
			{ numRuns: 400 }
		);
	});
});
