import { describe, expect, it } from 'vitest';
import { checkPersonalLimits, localWeek } from './limits';

const H = 3_600_000;
const TZ = 'Asia/Shanghai';
// Monday 2026-11-30 00:00 Shanghai = Sunday 16:00Z
const weekStart = Date.UTC(2026, 10, 29, 16, 0);
const now = weekStart - 24 * H;
const at = (hoursIntoWeek: number, length = 1) => ({ start: weekStart + hoursIntoWeek * H, end: weekStart + (hoursIntoWeek + length) * H });

describe('localWeek', () => {
	it('runs from Shanghai Monday 00:00 to the next Monday, whatever the UTC date', () => {
		expect(localWeek(weekStart, TZ)).toEqual({ start: weekStart, end: weekStart + 7 * 24 * H });
		expect(localWeek(weekStart - 1, TZ).end).toBe(weekStart);
		// Sunday 23:59 Shanghai is still the same week
		expect(localWeek(weekStart + 7 * 24 * H - 60_000, TZ).start).toBe(weekStart);
	});
});

describe('checkPersonalLimits', () => {
	const limits = { maxWeekMinutes: 4 * 60, maxFutureBookings: 2 };
	it('allows exactly the weekly hours and refuses one minute more', () => {
		const own = [at(10, 3)];
		expect(checkPersonalLimits(at(20, 1), own, limits, now, TZ)).toEqual([]);
		const over = checkPersonalLimits({ start: weekStart + 20 * H, end: weekStart + 21 * H + 60_000 }, own, { ...limits, maxFutureBookings: null }, now, TZ);
		expect(over.map((p) => p.code)).toEqual(['weekly_limit']);
		expect(over[0].params).toEqual({ hours: 4, used: 3 });
	});
	it('counts only hours in the same local week', () => {
		const lastWeek = { start: weekStart - 4 * H, end: weekStart }; // Sunday 20:00–24:00 Shanghai
		expect(checkPersonalLimits(at(0, 4), [lastWeek], { ...limits, maxFutureBookings: null }, now - 7 * 24 * H, TZ)).toEqual([]);
	});
	it('checks each week a request spanning Sunday midnight touches', () => {
		const sundayLate = { start: weekStart + 7 * 24 * H - 2 * H, end: weekStart + 7 * 24 * H + 3 * H };
		const own = [{ start: weekStart + 7 * 24 * H + 2 * H, end: weekStart + 7 * 24 * H + 4 * H }];
		expect(checkPersonalLimits(sundayLate, own, { maxWeekMinutes: 4 * 60, maxFutureBookings: null }, now, TZ).map((p) => p.code)).toEqual(['weekly_limit']);
	});
	it('allows the last permitted future booking and refuses the next', () => {
		expect(checkPersonalLimits(at(30), [at(10)], limits, now, TZ)).toEqual([]);
		expect(checkPersonalLimits(at(30), [at(10), at(20)], limits, now, TZ).map((p) => p.code)).toEqual(['future_limit']);
	});
	it('does not count bookings that have already ended as future bookings', () => {
		const ended = { start: now - 3 * H, end: now };
		expect(checkPersonalLimits(at(30), [ended, at(10)], limits, now, TZ)).toEqual([]);
	});
	it('applies no limit when none is set', () => {
		expect(checkPersonalLimits(at(0, 100), [at(0, 50), at(60, 10)], { maxWeekMinutes: null, maxFutureBookings: null }, now, TZ)).toEqual([]);
	});
});
