// bookings_status_instrument (status, instrument_id), from the foundation, is used by no query any
// more: pending requests are found through bookings_status_start (status, start_at) and an
// instrument's bookings through bookings_overlap (instrument_id, active, …). Yet every booking wrote
// an entry at a random place in it (5,000,000 rows at full scale): one more index page to read and
// to write to the WAL at each commit. tests/integration/query-plans.test.ts checks that the queries
// that could have used it keep their plans. Frozen once landed.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
	await db.schema.dropIndex('bookings_status_instrument').ifExists().execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.createIndex('bookings_status_instrument').on('bookings').columns(['status', 'instrument_id']).execute();
}
