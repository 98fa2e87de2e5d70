// Notification capability (migration 0006): in-app notifications, the e-mail outbox and calendar feed tokens.
import type { Generated } from 'kysely';

export interface NotificationTable {
	id: Generated<number>;
	user_id: number;
	/** a NotificationKind (src/lib/domain/notification/notification-kinds.ts) */
	kind: string;
	/** what it is about, e.g. 'booking' or 'sample_request', and its id */
	entity: string;
	entity_id: number;
	/** JSON object of message parameters; keys ending in "At" are epoch ms instants */
	params_json: string;
	/** unique per recipient and event: enqueueing the same event twice writes one row */
	message_key: string;
	created_at: number;
	read_at: number | null;
}

export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'failed';

export interface NotificationOutboxTable {
	id: Generated<number>;
	notification_id: number;
	user_id: number;
	to_email: string;
	/** rendered in the recipient's locale at enqueue time, so admins read exactly what is sent */
	subject: string;
	body: string;
	/** the notification's message key, also used as the mail's Message-ID seed (idempotent per row) */
	message_key: string;
	status: OutboxStatus;
	attempts: Generated<number>;
	/** earliest time a pending row may be claimed (backoff after a failure) */
	next_attempt_at: number;
	/** a 'sending' row whose lease has passed belongs to a dispatcher that died: it may be claimed again */
	lease_until: number | null;
	/** who holds the lease (random per dispatcher), so a late dispatcher cannot finish another's claim */
	lease_owner: string | null;
	last_error: string | null;
	smtp_message_id: string | null;
	sent_at: number | null;
	created_at: number;
}

export interface CalendarFeedTable {
	id: Generated<number>;
	/** 'user' or 'instrument' */
	scope: string;
	/** the user id or instrument id */
	subject_id: number;
	/** hex SHA-256 of the feed token; the token itself is never stored */
	token_hash: string;
	created_by: number;
	created_at: number;
}

export interface NotificationTables {
	notifications: NotificationTable;
	notification_outbox: NotificationOutboxTable;
	calendar_feeds: CalendarFeedTable;
}
