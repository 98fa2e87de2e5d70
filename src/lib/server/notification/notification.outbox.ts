// Writing notifications. Call enqueueNotification INSIDE the transaction of the change it reports
// (the trx your service got from withWriteTransaction): the in-app notification and its e-mail
// outbox row commit or roll back with the change, and the dispatcher sends the mail afterwards.
//
//   await enqueueNotification(trx, {
//     userId, kind: 'booking_approved', entity: 'booking', entityId: booking.id,
//     params: { instrumentZh, instrumentEn, startAt, endAt, reason?, person?, status?, id? },
//     at: now,
//     key?: 'optional idempotency key'  // default `${kind}:${entity}:${entityId}:u${userId}:${at}`
//   });
//   await notifyFacilityManagers(trx, facilityId, { kind, entity, entityId, params, at });
//   await notifyBooking(trx, kind, bookingId, now, { reason }) // loads the booking, picks the recipients
//
// Params: keys ending in "At" are epoch ms instants shown in Asia/Shanghai as {start}/{end}…;
// instrumentZh/instrumentEn become {instrument} in the recipient's locale (users.locale).
// Enqueueing the same key twice writes nothing the second time (jobs may re-run safely).
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { messageKey, type NotificationKind } from '../../domain/notification/notification-kinds';
import { renderMail, toLocale, type NotificationParams } from './notification.render';
import { prepared } from '../db/prepared';

export type { NotificationKind } from '../../domain/notification/notification-kinds';
export type { NotificationParams } from './notification.render';

export interface NotificationInput {
	userId: number;
	kind: NotificationKind;
	entity: string;
	entityId: number;
	params: NotificationParams;
	at: number;
	key?: string;
}

/** Writes the in-app notification and its mail outbox row; returns the notification id, or null when the key already exists. */
export async function enqueueNotification(trx: Kysely<Database>, n: NotificationInput): Promise<number | null> {
	const key = n.key ?? messageKey(n);
	const inserted = await trx
		.insertInto('notifications')
		.values({
			user_id: n.userId,
			kind: n.kind,
			entity: n.entity,
			entity_id: n.entityId,
			params_json: JSON.stringify(n.params),
			message_key: key,
			created_at: n.at,
			read_at: null
		})
		.onConflict((oc) => oc.column('message_key').doNothing())
		.returning('id')
		.executeTakeFirst();
	if (!inserted) return null;
	const user = await trx.selectFrom('users').select(['email', 'locale', 'disabled']).where('id', '=', n.userId).executeTakeFirst();
	if (user && user.disabled !== 1 && user.email) {
		const mail = renderMail(n.kind, n.params, toLocale(user.locale));
		await trx
			.insertInto('notification_outbox')
			.values({
				notification_id: inserted.id,
				user_id: n.userId,
				to_email: user.email,
				subject: mail.subject,
				body: mail.text,
				message_key: key,
				status: 'pending',
				next_attempt_at: n.at,
				lease_until: null,
				lease_owner: null,
				last_error: null,
				smtp_message_id: null,
				sent_at: null,
				created_at: n.at
			})
			.execute();
	}
	return inserted.id;
}

/**
 * enqueueNotification for several recipients in three statements whatever their number: the
 * notifications (existing keys skipped), the recipients' addresses, the outbox rows.
 */
export async function enqueueNotifications(trx: Kysely<Database>, list: NotificationInput[]): Promise<void> {
	if (list.length === 0) return;
	const rows = list.map((n) => ({
		user_id: n.userId,
		kind: n.kind,
		entity: n.entity,
		entity_id: n.entityId,
		params_json: JSON.stringify(n.params),
		message_key: n.key ?? messageKey(n),
		created_at: n.at,
		read_at: null
	}));
	const inserted = await trx
		.insertInto('notifications')
		.values(rows)
		.onConflict((oc) => oc.column('message_key').doNothing())
		.returning(['id', 'message_key'])
		.execute();
	if (inserted.length === 0) return;
	const idByKey = new Map(inserted.map((r) => [r.message_key, r.id]));
	const wanted = list.filter((n, i) => idByKey.has(rows[i].message_key));
	const users = await trx
		.selectFrom('users')
		.select(['id', 'email', 'locale', 'disabled'])
		.where('id', 'in', [...new Set(wanted.map((n) => n.userId))])
		.execute();
	const userById = new Map(users.map((u) => [u.id, u]));
	const outbox = [];
	for (const [i, n] of list.entries()) {
		const key = rows[i].message_key;
		const id = idByKey.get(key);
		const user = userById.get(n.userId);
		if (id === undefined || !user || user.disabled === 1 || !user.email) continue;
		idByKey.delete(key); // a key listed twice is written once
		const mail = renderMail(n.kind, n.params, toLocale(user.locale));
		outbox.push({
			notification_id: id,
			user_id: n.userId,
			to_email: user.email,
			subject: mail.subject,
			body: mail.text,
			message_key: key,
			status: 'pending' as const,
			next_attempt_at: n.at,
			lease_until: null,
			lease_owner: null,
			last_error: null,
			smtp_message_id: null,
			sent_at: null,
			created_at: n.at
		});
	}
	if (outbox.length > 0) await trx.insertInto('notification_outbox').values(outbox).execute();
}

/** The users who manage a facility (role assignments), for request and cancellation notices. */
export async function facilityManagerIds(trx: Kysely<Database>, facilityId: number): Promise<number[]> {
	return (await managerIds(trx, facilityId)).map((r) => r.user_id);
}
const managerIds = prepared((trx: Kysely<Database>, facilityId: number) =>
	trx.selectFrom('role_assignments').select('user_id').distinct().where('role', '=', 'manager').where('facility_id', '=', facilityId)
);

/** One notification to every manager of the facility. */
export async function notifyFacilityManagers(
	trx: Kysely<Database>,
	facilityId: number,
	n: Omit<NotificationInput, 'userId' | 'key'> & { key?: (userId: number) => string }
): Promise<void> {
	const managers = await facilityManagerIds(trx, facilityId);
	await enqueueNotifications(trx, managers.map((userId) => ({ ...n, userId, key: n.key?.(userId) })));
}

/** The facts about a booking that its notifications show. */
export async function bookingNotice(trx: Kysely<Database>, bookingId: number) {
	return trx
		.selectFrom('bookings as b')
		.innerJoin('instruments as i', 'i.id', 'b.instrument_id')
		.innerJoin('users as u', 'u.id', 'b.user_id')
		.select(['b.id', 'b.user_id', 'b.start_at', 'b.end_at', 'b.decision_reason', 'i.facility_id', 'i.name_zh', 'i.name_en', 'u.name as person'])
		.where('b.id', '=', bookingId)
		.executeTakeFirst();
}

/**
 * Notifies about a booking event, choosing the recipients by kind: booking_requested and
 * booking_cancelled go to the facility's managers, every other kind to the booker.
 */
export async function notifyBooking(
	trx: Kysely<Database>,
	kind: NotificationKind,
	bookingId: number,
	at: number,
	extra: NotificationParams = {}
): Promise<void> {
	const b = await bookingNotice(trx, bookingId);
	if (b) await notifyBookingWith(trx, kind, b, at, extra);
}

/** notifyBooking for a caller that already holds the booking's facts (saves reading them again). */
export async function notifyBookingWith(
	trx: Kysely<Database>,
	kind: NotificationKind,
	b: NonNullable<Awaited<ReturnType<typeof bookingNotice>>>,
	at: number,
	extra: NotificationParams = {}
): Promise<void> {
	const params: NotificationParams = {
		id: b.id,
		instrumentZh: b.name_zh,
		instrumentEn: b.name_en,
		startAt: b.start_at,
		endAt: b.end_at,
		person: b.person,
		reason: b.decision_reason ?? '',
		...extra
	};
	const base = { kind, entity: 'booking', entityId: b.id, params, at };
	if (kind === 'booking_requested' || kind === 'booking_cancelled') await notifyFacilityManagers(trx, b.facility_id, base);
	else await enqueueNotification(trx, { ...base, userId: b.user_id });
}
