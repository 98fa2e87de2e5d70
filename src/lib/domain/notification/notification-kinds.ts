// What people are told about, and the pure rules of the outbox: message keys and retry backoff.

export const NOTIFICATION_KINDS = [
	'booking_requested', // a request waits for the facility's managers
	'booking_approved', // to the booker (also when auto-approved)
	'booking_rejected', // to the booker, with the reason
	'booking_cancelled', // the booker cancelled: to the facility's managers
	'booking_cancelled_by_manager', // a manager cancelled (closure, reason): to the booker
	'booking_reminder', // the day before the start: to the booker
	'closure_conflict', // a closure covers the booking: to the booker
	'no_show', // no check-in in time: to the booker
	'sample_requested', // a new sample-testing request: to the facility's managers
	'sample_status', // a sample-testing request changed status: to the requester
	'waitlist_offer' // freed time is held for the next person on the wait list: to that person
] as const;

export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export function isNotificationKind(value: unknown): value is NotificationKind {
	return typeof value === 'string' && (NOTIFICATION_KINDS as readonly string[]).includes(value);
}

/** The default idempotency key: one notification per recipient, kind, entity and event instant. */
export function messageKey(n: { userId: number; kind: string; entity: string; entityId: number; at: number }): string {
	return `${n.kind}:${n.entity}:${n.entityId}:u${n.userId}:${n.at}`;
}

export const MAX_ATTEMPTS = 8;

/** Delay before retry number `attempts` (1-based, after that many failures): 1 min doubling, capped at 6 h. */
export function backoffMs(attempts: number): number {
	const minutes = Math.min(2 ** Math.max(0, attempts - 1), 360);
	return minutes * 60_000;
}

/** After a failed attempt: retry later while attempts remain, otherwise give up for good. */
export function afterFailure(attempts: number, now: number): { status: 'pending' | 'failed'; nextAttemptAt: number } {
	if (attempts >= MAX_ATTEMPTS) return { status: 'failed', nextAttemptAt: now };
	return { status: 'pending', nextAttemptAt: now + backoffMs(attempts) };
}

/** The reminder for a booking goes out once the start is at most this far away (the day before). */
export const REMINDER_LEAD_MS = 24 * 60 * 60_000;
