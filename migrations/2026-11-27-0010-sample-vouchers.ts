// Vouchers on sample-testing requests (送样检测): a reservation belongs to a booking OR to a sample
// request. voucher_reservations.booking_id becomes nullable and gains sample_request_id (unique),
// with a check that exactly one of the two is set. PostgreSQL alters the table in place; SQLite cannot
// drop NOT NULL, so it rebuilds the table the documented way (foreign keys off, copy, rename; the
// claim lines' reference to voucher_reservations keeps pointing at the table by name).
// Same result on both dialects. Frozen once landed.
import { PostgresAdapter, sql, type Kysely } from 'kysely';

function isPostgres(db: Kysely<any>): boolean {
	return db.getExecutor().adapter instanceof PostgresAdapter;
}

const COLUMNS_0007 = [
	'id', 'grant_id', 'booking_id', 'programme_id', 'issuer_area', 'model', 'enterprise_institution_id',
	'provider_facility_id', 'provider_institution_id', 'provider_area', 'fee_fen', 'reserved_fen',
	'final_charge_fen', 'redeemed_fen', 'released_fen', 'status', 'redemption_key', 'redeemed_at',
	'claim_line_id', 'created_at', 'updated_at'
];

/** SQLite: the reservation table as in 0007, with booking_id nullable and sample_request_id when withSample. */
async function rebuildSqlite(db: Kysely<any>, withSample: boolean): Promise<void> {
	await sql`PRAGMA foreign_keys = OFF`.execute(db);
	try {
		await sql`BEGIN IMMEDIATE`.execute(db);
		try {
			let t = db.schema
				.createTable('voucher_reservations_new')
				.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
				.addColumn('grant_id', 'integer', (c) => c.notNull().references('voucher_grants.id'))
				.addColumn('booking_id', 'integer', (c) => (withSample ? c.unique().references('bookings.id') : c.notNull().unique().references('bookings.id')));
			if (withSample) t = t.addColumn('sample_request_id', 'integer', (c) => c.unique().references('sample_requests.id'));
			t = t
				.addColumn('programme_id', 'integer', (c) => c.notNull())
				.addColumn('issuer_area', 'varchar(2)', (c) => c.notNull())
				.addColumn('model', 'text', (c) => c.notNull())
				.addColumn('enterprise_institution_id', 'integer', (c) => c.notNull())
				.addColumn('provider_facility_id', 'integer', (c) => c.notNull())
				.addColumn('provider_institution_id', 'integer', (c) => c.notNull())
				.addColumn('provider_area', 'varchar(2)', (c) => c.notNull())
				.addColumn('fee_fen', 'integer', (c) => c.notNull())
				.addColumn('reserved_fen', 'integer', (c) => c.notNull())
				.addColumn('final_charge_fen', 'integer')
				.addColumn('redeemed_fen', 'integer', (c) => c.notNull().defaultTo(0))
				.addColumn('released_fen', 'integer', (c) => c.notNull().defaultTo(0))
				.addColumn('status', 'text', (c) => c.notNull())
				.addColumn('redemption_key', 'varchar(100)', (c) => c.unique())
				.addColumn('redeemed_at', 'integer')
				.addColumn('claim_line_id', 'integer')
				.addColumn('created_at', 'integer', (c) => c.notNull())
				.addColumn('updated_at', 'integer', (c) => c.notNull())
				.addCheckConstraint('voucher_reservations_amounts', sql`redeemed_fen + released_fen <= reserved_fen and reserved_fen > 0`);
			if (withSample) t = t.addCheckConstraint('voucher_reservations_owner', sql`(booking_id is null) <> (sample_request_id is null)`);
			await t.execute();
			const cols = sql.join(COLUMNS_0007.map((c) => sql.ref(c)));
			const where = withSample ? sql`` : sql`where booking_id is not null`;
			await sql`insert into voucher_reservations_new (${cols}) select ${cols} from voucher_reservations ${where}`.execute(db);
			await sql`drop table voucher_reservations`.execute(db);
			await sql`alter table voucher_reservations_new rename to voucher_reservations`.execute(db);
			await createIndexes(db);
			const broken = await sql`PRAGMA foreign_key_check`.execute(db);
			if (broken.rows.length > 0) throw new Error(`foreign key check failed: ${JSON.stringify(broken.rows.slice(0, 3))}`);
			await sql`COMMIT`.execute(db);
		} catch (error) {
			await sql`ROLLBACK`.execute(db);
			throw error;
		}
	} finally {
		await sql`PRAGMA foreign_keys = ON`.execute(db);
	}
}

async function createIndexes(db: Kysely<any>): Promise<void> {
	await db.schema.createIndex('voucher_reservations_grant').on('voucher_reservations').column('grant_id').execute();
	await db.schema.createIndex('voucher_reservations_provider').on('voucher_reservations').columns(['provider_facility_id', 'status']).execute();
	await db.schema.createIndex('voucher_reservations_issuer').on('voucher_reservations').columns(['issuer_area', 'status']).execute();
}

export async function up(db: Kysely<any>): Promise<void> {
	if (!isPostgres(db)) return rebuildSqlite(db, true);
	await sql`alter table voucher_reservations alter column booking_id drop not null`.execute(db);
	await db.schema.alterTable('voucher_reservations').addColumn('sample_request_id', 'bigint', (c) => c.unique().references('sample_requests.id')).execute();
	await sql`alter table voucher_reservations add constraint voucher_reservations_owner check ((booking_id is null) <> (sample_request_id is null))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	if (!isPostgres(db)) return rebuildSqlite(db, false);
	await sql`alter table voucher_reservations drop constraint voucher_reservations_owner`.execute(db);
	await sql`delete from voucher_reservations where booking_id is null and claim_line_id is null`.execute(db);
	await db.schema.alterTable('voucher_reservations').dropColumn('sample_request_id').execute();
	await sql`alter table voucher_reservations alter column booking_id set not null`.execute(db);
}
