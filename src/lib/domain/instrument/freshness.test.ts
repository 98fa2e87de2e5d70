import { describe, expect, it } from 'vitest';
import { confirmedAtOf, isStale, parseStaleDays } from './freshness';

const DAY = 86_400_000;
const now = Date.UTC(2026, 10, 27, 4, 0);

describe('isStale', () => {
	it('is fresh at exactly 90 days and stale one millisecond later', () => {
		expect(isStale(now - 90 * DAY, now)).toBe(false);
		expect(isStale(now - 90 * DAY - 1, now)).toBe(true);
	});
	it('follows a configured period', () => {
		expect(isStale(now - 31 * DAY, now, 30)).toBe(true);
		expect(isStale(now - 30 * DAY, now, 30)).toBe(false);
	});
	it('reads a listing never confirmed as confirmed when it was created', () => {
		expect(confirmedAtOf({ confirmed_at: null, created_at: 5 })).toBe(5);
		expect(confirmedAtOf({ confirmed_at: 9, created_at: 5 })).toBe(9);
	});
});

describe('parseStaleDays', () => {
	it('takes a positive whole number of days and falls back to 90 otherwise', () => {
		expect(parseStaleDays('30')).toBe(30);
		for (const bad of [undefined, '', '0', '-3', '1.5', 'abc', '99999']) expect(parseStaleDays(bad)).toBe(90);
	});
});
