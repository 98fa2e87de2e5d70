import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatLocalDateTime, localDate, parseLocalDateTime, wallTime, zonedToUtc } from './zone';

describe('zones', () => {
	it('reads Shanghai wall time eight hours ahead of UTC', () => {
		const ms = Date.UTC(2026, 11, 1, 0, 30); // 2026-12-01 00:30Z
		expect(wallTime(ms, 'Asia/Shanghai')).toMatchObject({ year: 2026, month: 12, day: 1, hour: 8, minute: 30, weekday: 2 });
	});
	it('turns Shanghai local midnight into 16:00 UTC of the day before', () => {
		expect(new Date(zonedToUtc(2026, 12, 1, 0, 0, 'Asia/Shanghai')).toISOString()).toBe('2026-11-30T16:00:00.000Z');
	});
	it('round-trips through a zone with daylight saving time', () => {
		const ms = zonedToUtc(2026, 7, 1, 9, 0, 'Europe/Berlin');
		expect(new Date(ms).toISOString()).toBe('2026-07-01T07:00:00.000Z');
		expect(formatLocalDateTime(ms, 'Europe/Berlin')).toBe('2026-07-01T09:00');
	});
	it('parses datetime-local values and rejects impossible dates', () => {
		expect(parseLocalDateTime('2026-12-01T09:00', 'Asia/Shanghai')).toBe(Date.UTC(2026, 11, 1, 1, 0));
		expect(parseLocalDateTime('2026-02-31T09:00', 'Asia/Shanghai')).toBeNull();
		expect(parseLocalDateTime('2026-12-01 25:00', 'Asia/Shanghai')).toBeNull();
		expect(parseLocalDateTime('tomorrow', 'Asia/Shanghai')).toBeNull();
	});
	it('reads the same wall time as Intl at any instant, across daylight-saving changes and odd offsets', () => {
		const zones = ['Asia/Shanghai', 'Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'America/St_Johns', 'Pacific/Chatham'];
		const intl = (ms: number, timeZone: string) => {
			const f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', weekday: 'short' });
			const p = Object.fromEntries(f.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
			const weekday = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 }[p.weekday as string];
			return { year: Number(p.year), month: Number(p.month), day: Number(p.day), hour: Number(p.hour), minute: Number(p.minute), weekday };
		};
		// every minute around 2026's offset changes; Lord Howe's October change falls in the middle of a UTC hour
		for (const [zone, at] of [['Europe/Berlin', Date.UTC(2026, 2, 29, 1)], ['Europe/Berlin', Date.UTC(2026, 9, 25, 1)], ['America/New_York', Date.UTC(2026, 2, 8, 7)], ['America/New_York', Date.UTC(2026, 10, 1, 6)], ['Australia/Lord_Howe', Date.UTC(2026, 3, 4, 15)], ['Australia/Lord_Howe', Date.UTC(2026, 9, 3, 15, 30)]] as const) {
			for (let ms = at - 2 * 3_600_000; ms <= at + 2 * 3_600_000; ms += 60_000) expect(wallTime(ms, zone)).toEqual(intl(ms, zone));
		}
		fc.assert(
			fc.property(fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2100, 0, 1) }), fc.constantFrom(...zones), (ms, zone) => {
				expect(wallTime(ms, zone)).toEqual(intl(ms, zone));
			}),
			{ numRuns: 3000 }
		);
	});
	it('gives the local calendar date', () => {
		expect(localDate(Date.UTC(2026, 10, 30, 16, 0), 'Asia/Shanghai')).toBe('2026-12-01');
		expect(localDate(Date.UTC(2026, 10, 30, 15, 59), 'Asia/Shanghai')).toBe('2026-11-30');
	});
});
