// Sends the outbox after commit. A row moves pending → sending (claimed with a lease, attempts + 1)
// → sent (with the SMTP message id) | pending again with backoff | failed. The claim is one
// conditional UPDATE per row inside a write transaction (BEGIN IMMEDIATE on SQLite; on PostgreSQL
// the second of two concurrent UPDATEs re-reads the row and matches nothing), so two dispatchers,
// in one process or several, never hold the same row. A dispatcher that dies leaves its rows
// 'sending'; when the lease passes another one claims them again. Finishing requires still holding
// the lease, and a sent row is never claimed again. The Message-ID is derived from the row's unique
// key, so even the one unavoidable window (the server accepted the mail, the process died before
// recording it) yields the same message, which mail systems de-duplicate.
import { randomUUID, createHash } from 'node:crypto';
import { withWriteTransaction, type Db } from '../db/dialect';
import { afterFailure } from '../../domain/notification/notification-kinds';
import type { MailSender } from './mail-transport';

export const DEFAULT_LEASE_MS = 2 * 60_000;

export interface DispatchOptions {
	sender: MailSender;
	from: string;
	/** identifies this dispatcher's leases */
	owner?: string;
	now?: () => number;
	batch?: number;
	leaseMs?: number;
}

export interface ClaimedMail {
	id: number;
	to_email: string;
	subject: string;
	body: string;
	message_key: string;
	attempts: number;
}

/** Claims up to `batch` due rows for `owner`: pending and due, or sending with an expired lease. */
export async function claimDue(db: Db, owner: string, now: number, batch = 20, leaseMs = DEFAULT_LEASE_MS): Promise<ClaimedMail[]> {
	return withWriteTransaction(db, async (trx) => {
		const candidates = await trx
			.selectFrom('notification_outbox')
			.select('id')
			.where((eb) =>
				eb.or([
					eb.and([eb('status', '=', 'pending'), eb('next_attempt_at', '<=', now)]),
					eb.and([eb('status', '=', 'sending'), eb('lease_until', '<', now)])
				])
			)
			.orderBy('id')
			.limit(batch)
			.execute();
		const claimed: ClaimedMail[] = [];
		for (const { id } of candidates) {
			const result = await trx
				.updateTable('notification_outbox')
				.set((eb) => ({ status: 'sending', lease_until: now + leaseMs, lease_owner: owner, attempts: eb('attempts', '+', 1) }))
				.where('id', '=', id)
				.where((eb) =>
					eb.or([
						eb.and([eb('status', '=', 'pending'), eb('next_attempt_at', '<=', now)]),
						eb.and([eb('status', '=', 'sending'), eb('lease_until', '<', now)])
					])
				)
				.executeTakeFirst();
			if (Number(result.numUpdatedRows) !== 1) continue;
			const row = await trx
				.selectFrom('notification_outbox')
				.select(['id', 'to_email', 'subject', 'body', 'message_key', 'attempts'])
				.where('id', '=', id)
				.executeTakeFirstOrThrow();
			claimed.push(row);
		}
		return claimed;
	});
}

/** A stable RFC 5322 Message-ID for a row: the same key always gives the same id. */
export function messageIdFor(key: string): string {
	return `<${createHash('sha256').update(key).digest('hex').slice(0, 32)}@jjj-instrument-share>`;
}

/** Records a successful send, only while `owner` still holds the lease. */
export async function markSent(db: Db, id: number, owner: string, smtpMessageId: string, now: number): Promise<boolean> {
	const r = await db.kysely
		.updateTable('notification_outbox')
		.set({ status: 'sent', sent_at: now, smtp_message_id: smtpMessageId, lease_until: null, lease_owner: null, last_error: null })
		.where('id', '=', id)
		.where('status', '=', 'sending')
		.where('lease_owner', '=', owner)
		.executeTakeFirst();
	return Number(r.numUpdatedRows) === 1;
}

/** Records a failed send: back to pending after a backoff, or failed for good after the last attempt. */
export async function markFailed(db: Db, row: ClaimedMail, owner: string, error: string, now: number): Promise<void> {
	const next = afterFailure(row.attempts, now);
	await db.kysely
		.updateTable('notification_outbox')
		.set({ status: next.status, next_attempt_at: next.nextAttemptAt, lease_until: null, lease_owner: null, last_error: error.slice(0, 500) })
		.where('id', '=', row.id)
		.where('status', '=', 'sending')
		.where('lease_owner', '=', owner)
		.execute();
}

/** One pass: claim due rows, send each, record the outcome. Returns how many were sent and failed. */
export async function dispatchOnce(db: Db, options: DispatchOptions): Promise<{ sent: number; failed: number }> {
	const owner = options.owner ?? randomUUID();
	const now = options.now ?? Date.now;
	const rows = await claimDue(db, owner, now(), options.batch, options.leaseMs);
	let sent = 0;
	let failed = 0;
	for (const row of rows) {
		const messageId = messageIdFor(row.message_key);
		try {
			const info = await options.sender.sendMail({
				from: options.from,
				to: row.to_email,
				subject: row.subject,
				text: row.body,
				messageId,
				headers: { 'X-JJJ-Message-Key': row.message_key }
			});
			if (await markSent(db, row.id, owner, info.messageId ?? messageId, now())) sent++;
		} catch (error) {
			failed++;
			await markFailed(db, row, owner, error instanceof Error ? error.message : String(error), now());
		}
	}
	return { sent, failed };
}
