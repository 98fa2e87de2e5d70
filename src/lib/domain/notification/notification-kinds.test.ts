import { describe, expect, it } from 'vitest';
import { afterFailure, backoffMs, isNotificationKind, MAX_ATTEMPTS, messageKey } from './notification-kinds';

describe('outbox retry rules', () => {
	it('waits one minute after the first failure and doubles up to six hours', () => {
		expect(backoffMs(1)).toBe(60_000);
		expect(backoffMs(2)).toBe(120_000);
		expect(backoffMs(9)).toBe(256 * 60_000);
		expect(backoffMs(10)).toBe(360 * 60_000);
	});
	it('retries until the last attempt and then gives up', () => {
		expect(afterFailure(MAX_ATTEMPTS - 1, 1000)).toEqual({ status: 'pending', nextAttemptAt: 1000 + backoffMs(MAX_ATTEMPTS - 1) });
		expect(afterFailure(MAX_ATTEMPTS, 1000)).toEqual({ status: 'failed', nextAttemptAt: 1000 });
	});
	it('keys one notification per recipient, kind, entity and instant', () => {
		const base = { userId: 3, kind: 'booking_approved', entity: 'booking', entityId: 7, at: 5 };
		expect(messageKey(base)).toBe('booking_approved:booking:7:u3:5');
		expect(messageKey({ ...base, userId: 4 })).not.toBe(messageKey(base));
	});
	it('knows its kinds', () => {
		expect(isNotificationKind('no_show')).toBe(true);
		expect(isNotificationKind('spam')).toBe(false);
	});
});
