import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limit';

describe('RateLimiter', () => {
	it('allows up to the limit within one window and refuses the next attempt', () => {
		const limiter = new RateLimiter(3, 60_000);
		expect([1, 2, 3].map((i) => limiter.consume('1.2.3.4', i))).toEqual([true, true, true]);
		expect(limiter.consume('1.2.3.4', 4)).toBe(false);
		expect(limiter.consume('1.2.3.4', 5)).toBe(false);
	});

	it('starts a new window exactly when the old one has run out', () => {
		const limiter = new RateLimiter(1, 60_000);
		expect(limiter.consume('k', 0)).toBe(true);
		expect(limiter.consume('k', 59_999)).toBe(false);
		expect(limiter.consume('k', 60_000)).toBe(true);
	});

	it('counts each key on its own', () => {
		const limiter = new RateLimiter(1, 60_000);
		expect(limiter.consume('a@example.cn', 0)).toBe(true);
		expect(limiter.consume('b@example.cn', 0)).toBe(true);
		expect(limiter.consume('a@example.cn', 1)).toBe(false);
	});

	it('forgets a key after reset, as after a successful log-in', () => {
		const limiter = new RateLimiter(1, 60_000);
		limiter.consume('k', 0);
		expect(limiter.consume('k', 1)).toBe(false);
		limiter.reset('k');
		expect(limiter.consume('k', 2)).toBe(true);
	});
});
