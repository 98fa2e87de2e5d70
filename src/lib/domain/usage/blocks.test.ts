import { describe, expect, it } from 'vitest';
import { countedNoShows, shouldBlock } from './blocks';

const DAY = 86_400_000;
const now = Date.UTC(2027, 2, 1, 4, 0);

describe('no-show block rule', () => {
	it('blocks at the third no-show, not the second', () => {
		expect(shouldBlock([now - 10 * DAY, now - 5 * DAY], now, null)).toBe(false);
		expect(shouldBlock([now - 10 * DAY, now - 5 * DAY, now - DAY], now, null)).toBe(true);
	});
	it('counts a no-show 90 days minus 1 ms ago but not one exactly 90 days ago', () => {
		expect(countedNoShows([now - 90 * DAY + 1], now, null)).toBe(1);
		expect(countedNoShows([now - 90 * DAY], now, null)).toBe(0);
		expect(shouldBlock([now - 90 * DAY, now - 2 * DAY, now - DAY], now, null)).toBe(false);
		expect(shouldBlock([now - 90 * DAY + 1, now - 2 * DAY, now - DAY], now, null)).toBe(true);
	});
	it('counts a no-show starting exactly now but not one in the future', () => {
		expect(countedNoShows([now], now, null)).toBe(1);
		expect(countedNoShows([now + 1], now, null)).toBe(0);
	});
	it('forgets no-shows before the last lift', () => {
		const starts = [now - 10 * DAY, now - 5 * DAY, now - DAY];
		expect(shouldBlock(starts, now, now - DAY)).toBe(false);
		expect(countedNoShows(starts, now, now - 5 * DAY - 1)).toBe(2);
		expect(shouldBlock([...starts, now - 1000, now - 500], now, now - DAY)).toBe(false);
		expect(shouldBlock([...starts, now - 2000, now - 1000, now - 500], now, now - DAY)).toBe(true);
	});
});
