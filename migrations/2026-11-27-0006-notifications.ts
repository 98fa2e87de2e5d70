// Notifications: in-app notifications, the e-mail outbox the dispatcher sends from (lease + attempts
// + backoff, unique message key per row) and calendar feed tokens (stored hashed).
// Same for SQLite and PostgreSQL; only the identity column differs. Frozen once landed.
import { PostgresAdapter, type ColumnDefinitionBuilder, type Kysely } from 'kysely';

function isPostgres(db: Kysely<any>): boolean {
	return db.getExecutor().adapter instanceof PostgresAdapter;
}

export async function up(db: Kysely<any>): Promise<void> {
	const pg = isPostgres(db);
	const id = (c: ColumnDefinitionBuilder) =>
		pg ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().autoIncrement();
	const idType = pg ? 'bigint' : 'integer';
	const big = pg ? 'bigint' : 'integer';

	await db.schema
		.createTable('notifications')
		.addColumn('id', idType, id)
		.addColumn('user_id', idType, (c) => c.notNull().references('users.id'))
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('entity', 'text', (c) => c.notNull())
		.addColumn('entity_id', idType, (c) => c.notNull())
		.addColumn('params_json', 'text', (c) => c.notNull())
		.addColumn('message_key', 'text', (c) => c.notNull().unique())
		.addColumn('created_at', big, (c) => c.notNull())
		.addColumn('read_at', big)
		.execute();
	await db.schema.createIndex('notifications_user_created').on('notifications').columns(['user_id', 'created_at']).execute();
	await db.schema.createIndex('notifications_entity').on('notifications').columns(['entity', 'entity_id']).execute();

	await db.schema
		.createTable('notification_outbox')
		.addColumn('id', idType, id)
		.addColumn('notification_id', idType, (c) => c.notNull().unique().references('notifications.id'))
		.addColumn('user_id', idType, (c) => c.notNull().references('users.id'))
		.addColumn('to_email', 'text', (c) => c.notNull())
		.addColumn('subject', 'text', (c) => c.notNull())
		.addColumn('body', 'text', (c) => c.notNull())
		.addColumn('message_key', 'text', (c) => c.notNull().unique())
		.addColumn('status', 'text', (c) => c.notNull())
		.addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('next_attempt_at', big, (c) => c.notNull())
		.addColumn('lease_until', big)
		.addColumn('lease_owner', 'text')
		.addColumn('last_error', 'text')
		.addColumn('smtp_message_id', 'text')
		.addColumn('sent_at', big)
		.addColumn('created_at', big, (c) => c.notNull())
		.execute();
	await db.schema
		.createIndex('notification_outbox_due')
		.on('notification_outbox')
		.columns(['status', 'next_attempt_at'])
		.execute();

	await db.schema
		.createTable('calendar_feeds')
		.addColumn('id', idType, id)
		.addColumn('scope', 'text', (c) => c.notNull())
		.addColumn('subject_id', idType, (c) => c.notNull())
		.addColumn('token_hash', 'text', (c) => c.notNull().unique())
		.addColumn('created_by', idType, (c) => c.notNull().references('users.id'))
		.addColumn('created_at', big, (c) => c.notNull())
		.execute();
	// the reminder job scans approved bookings by start
	await db.schema.createIndex('bookings_status_start').on('bookings').columns(['status', 'start_at']).execute();

	await db.schema.createIndex('calendar_feeds_subject').on('calendar_feeds').columns(['scope', 'subject_id']).unique().execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropIndex('bookings_status_start').execute();
	await db.schema.dropTable('calendar_feeds').execute();
	await db.schema.dropTable('notification_outbox').execute();
	await db.schema.dropTable('notifications').execute();
}
