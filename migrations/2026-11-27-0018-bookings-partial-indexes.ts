// Four indexes of bookings are on columns that are NULL for almost every booking (the qualification
// and recognition a self-operated booking relied on, the operator of an assisted one), yet every
// insert wrote an entry in each. They become partial indexes over the non-NULL rows only: every
// lookup by these columns is an equality (col = ?), which implies col IS NOT NULL, so SQLite and
// PostgreSQL still use them (tests/integration/query-plans.test.ts). Frozen once landed.
import { sql, type Kysely } from 'kysely';

const PARTIAL: { name: string; columns: string[] }[] = [
	{ name: 'bookings_qualification', columns: ['qualification_id'] },
	{ name: 'bookings_recognition_agreement', columns: ['recognition_agreement_id'] },
	{ name: 'bookings_recognition_case', columns: ['recognition_case_id'] },
	{ name: 'bookings_operator_start', columns: ['operator_user_id', 'start_at'] }
];

export async function up(db: Kysely<any>): Promise<void> {
	for (const { name, columns } of PARTIAL) {
		await db.schema.dropIndex(name).ifExists().execute();
		await db.schema.createIndex(name).on('bookings').columns(columns).where(sql.ref(columns[0]), 'is not', null).execute();
	}
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const { name, columns } of PARTIAL) {
		await db.schema.dropIndex(name).ifExists().execute();
		await db.schema.createIndex(name).on('bookings').columns(columns).execute();
	}
}
