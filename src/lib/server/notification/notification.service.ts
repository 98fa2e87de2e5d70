// Reading notifications: a person's own list, unread count and mark-as-read; the admin outbox view.
import { withWriteTransaction, type Db } from '../db/dialect';
import type { SessionUser } from '../auth/session';
import type { Roles } from '../auth/roles';
import { writeAudit } from '../audit/audit.repository';
import { ServiceError } from '../booking/booking.errors';
import { renderNotification, toLocale, type NotificationParams } from './notification.render';

export interface NotificationView {
	id: number;
	kind: string;
	entity: string;
	entityId: number;
	title: string;
	body: string;
	createdAt: number;
	readAt: number | null;
}

/** The person's newest notifications, rendered in the viewer's locale. */
export async function listMyNotifications(db: Db, user: SessionUser, locale: string, o: { limit?: number; unreadOnly?: boolean } = {}): Promise<NotificationView[]> {
	let q = db.kysely
		.selectFrom('notifications')
		.select(['id', 'kind', 'entity', 'entity_id', 'params_json', 'created_at', 'read_at'])
		.where('user_id', '=', user.id);
	if (o.unreadOnly) q = q.where('read_at', 'is', null);
	const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(Math.min(o.limit ?? 50, 200)).execute();
	return rows.map((r) => ({
		id: r.id,
		kind: r.kind,
		entity: r.entity,
		entityId: r.entity_id,
		...renderNotification(r.kind, JSON.parse(r.params_json) as NotificationParams, toLocale(locale)),
		createdAt: r.created_at,
		readAt: r.read_at
	}));
}

export async function countUnread(db: Db, userId: number): Promise<number> {
	const row = await db.kysely
		.selectFrom('notifications')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('user_id', '=', userId)
		.where('read_at', 'is', null)
		.executeTakeFirst();
	return Number(row?.n ?? 0);
}

/** Marks one of the person's own notifications read; another person's id is not found. */
export async function markRead(db: Db, user: SessionUser, id: number, now = Date.now()): Promise<void> {
	const row = await db.kysely.selectFrom('notifications').select(['id', 'user_id', 'read_at']).where('id', '=', id).executeTakeFirst();
	if (!row || row.user_id !== user.id) throw new ServiceError('not_found');
	if (row.read_at !== null) return;
	await db.kysely.updateTable('notifications').set({ read_at: now }).where('id', '=', id).where('read_at', 'is', null).execute();
}

/** Marks all of the person's notifications read. Reading is not a change of record, so no audit row. */
export async function markAllRead(db: Db, user: SessionUser, now = Date.now()): Promise<number> {
	const r = await db.kysely.updateTable('notifications').set({ read_at: now }).where('user_id', '=', user.id).where('read_at', 'is', null).executeTakeFirst();
	return Number(r.numUpdatedRows);
}

/** The mail outbox for admins, newest first. */
export async function listOutbox(db: Db, roles: Roles, o: { status?: string; limit?: number } = {}) {
	if (!roles.admin) throw new ServiceError('forbidden');
	let q = db.kysely
		.selectFrom('notification_outbox')
		.select(['id', 'to_email', 'subject', 'body', 'status', 'attempts', 'last_error', 'smtp_message_id', 'created_at', 'sent_at']);
	if (o.status) q = q.where('status', '=', o.status as 'pending');
	return q.orderBy('id', 'desc').limit(Math.min(o.limit ?? 100, 500)).execute();
}

/** An admin puts a failed mail back in the queue (audited). */
export async function retryOutboxRow(db: Db, admin: SessionUser, roles: Roles, id: number, now = Date.now()): Promise<void> {
	if (!roles.admin) throw new ServiceError('forbidden');
	const before = await db.kysely.selectFrom('notification_outbox').select(['id', 'status', 'attempts']).where('id', '=', id).executeTakeFirst();
	if (!before) throw new ServiceError('not_found');
	if (before.status !== 'failed') throw new ServiceError('conflict', [{ code: 'not_failed', params: { status: before.status } }]);
	await withWriteTransaction(db, async (trx) => {
		await trx.updateTable('notification_outbox').set({ status: 'pending', attempts: 0, next_attempt_at: now }).where('id', '=', id).where('status', '=', 'failed').execute();
		await writeAudit(trx, { actorUserId: admin.id, entity: 'notification_outbox', entityId: id, action: 'retry', before, after: { status: 'pending' }, at: now });
	});
}

/** How long the header bell's count may be reused while this process writes no notification. */
const UNREAD_CACHE_MS = 5_000;
const unreadCounts = new WeakMap<Db, Map<number, { version: number; until: number; n: number }>>();

/**
 * The header bell's count. Reads url.pathname so the layout load re-runs (and the count refreshes) on
 * every navigation. Kept per person for a few seconds, and forgotten as soon as this process writes
 * the notifications table (db.writes); a notification written by another process shows within 5 s.
 */
export async function unreadForLayout(db: Db, userId: number | undefined, url: URL, now = Date.now()): Promise<number> {
	void url.pathname;
	if (userId === undefined) return 0;
	let counts = unreadCounts.get(db);
	if (!counts) unreadCounts.set(db, (counts = new Map()));
	const version = db.writes.version(['notifications']);
	const kept = counts.get(userId);
	if (kept && kept.version === version && kept.until > now) return kept.n;
	const n = await countUnread(db, userId);
	if (counts.size >= 10_000) counts.clear();
	counts.set(userId, { version, until: now + UNREAD_CACHE_MS, n });
	return n;
}
