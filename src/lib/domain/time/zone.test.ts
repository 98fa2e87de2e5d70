import { describe, expect, it } from 'vitest';
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
	it('gives the local calendar date', () => {
		expect(localDate(Date.UTC(2026, 10, 30, 16, 0), 'Asia/Shanghai')).toBe('2026-12-01');
		expect(localDate(Date.UTC(2026, 10, 30, 15, 59), 'Asia/Shanghai')).toBe('2026-11-30');
	});
});
