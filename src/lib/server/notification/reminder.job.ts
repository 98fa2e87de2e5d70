// The day-before reminder: every approved booking starting within the next 24 hours (but not within
// the next hour, which would be too late to help) gets one reminder. The key carries the start, so
// re-running the job writes nothing new, and a moved booking is reminded of its new time.
import { withWriteTransaction, type Db } from '../db/dialect';
import { REMINDER_LEAD_MS } from '../../domain/notification/notification-kinds';
import { enqueueNotification } from './notification.outbox';

export const REMINDER_MIN_LEAD_MS = 60 * 60_000;

/** Enqueues the due reminders; returns how many were new. */
export async function enqueueDueReminders(db: Db, now = Date.now()): Promise<number> {
	const due = await db.kysely
		.selectFrom('bookings as b')
		.innerJoin('instruments as i', 'i.id', 'b.instrument_id')
		.select(['b.id', 'b.user_id', 'b.start_at', 'b.end_at', 'i.name_zh', 'i.name_en'])
		.where('b.status', '=', 'approved')
		.where('b.start_at', '>', now + REMINDER_MIN_LEAD_MS)
		.where('b.start_at', '<=', now + REMINDER_LEAD_MS)
		// skip the ones already reminded of this start, so a long backlog cannot starve later bookings
		.where(({ not, exists, selectFrom }) =>
			not(
				exists(
					selectFrom('notifications as n')
						.select('n.id')
						.where('n.entity', '=', 'booking')
						.whereRef('n.entity_id', '=', 'b.id')
						.where('n.kind', '=', 'booking_reminder')
						.where((eb) => eb('n.created_at', '>=', eb(eb.ref('b.start_at'), '-', REMINDER_LEAD_MS)))
				)
			)
		)
		.orderBy('b.start_at')
		.limit(500)
		.execute();
	let created = 0;
	for (const b of due) {
		const id = await withWriteTransaction(db, (trx) =>
			enqueueNotification(trx, {
				userId: b.user_id,
				kind: 'booking_reminder',
				entity: 'booking',
				entityId: b.id,
				params: { id: b.id, instrumentZh: b.name_zh, instrumentEn: b.name_en, startAt: b.start_at, endAt: b.end_at },
				at: now,
				key: `booking_reminder:booking:${b.id}:u${b.user_id}:start${b.start_at}`
			})
		);
		if (id !== null) created++;
	}
	return created;
}
