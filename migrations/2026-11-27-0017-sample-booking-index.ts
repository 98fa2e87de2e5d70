// sample_requests.booking_id (the instrument time of a scheduled request) is looked up from the
// booking side — "is this booking a sample request's?" — by the manager's settlement list and the
// charge hooks; without an index each lookup read every request. Same for SQLite and PostgreSQL. Frozen once landed.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
	await db.schema.createIndex('sample_requests_booking').on('sample_requests').column('booking_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropIndex('sample_requests_booking').ifExists().execute();
}
