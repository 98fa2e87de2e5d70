// Benchmark findings (issue 7). The statistics booking aggregate also reads recognition_kind (the
// qualification capability's statistics hook), which bookings_stat_period of migration 0008 does not
// hold: every booking of the period cost a table lookup (5 M bookings: a year is ~1 M lookups).
// Rebuilt under the same name with that column appended, so the year scan is index-only again.
// Same for SQLite and PostgreSQL. Frozen once landed.
import type { Kysely } from 'kysely';

const BASE = ['start_at', 'end_at', 'instrument_id', 'status', 'user_area_code', 'user_institution_id', 'user_id'];

export async function up(db: Kysely<any>): Promise<void> {
	await db.schema.dropIndex('bookings_stat_period').ifExists().execute();
	await db.schema.createIndex('bookings_stat_period').on('bookings').columns([...BASE, 'recognition_kind']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropIndex('bookings_stat_period').ifExists().execute();
	await db.schema.createIndex('bookings_stat_period').on('bookings').columns(BASE).execute();
}
