// Charges and service orders of sample-testing requests (送样检测), the counterpart of a booking's:
// - sample_charges: the money of one request — the quote when sent (per sample, internal or outside
//   rate, the free public-welfare samples it takes from the yearly quota), the final charge on the
//   report, void when rejected or withdrawn (the free samples go back to the quota);
// - service_orders: an order belongs to a booking OR to a sample request. booking_id becomes nullable
//   and sample_request_id (unique) is added, with a check that exactly one of the two is set.
//   PostgreSQL alters the table in place; SQLite cannot drop NOT NULL, so it rebuilds the table the
//   documented way (foreign keys off, copy, rename), as 0010 does for voucher_reservations.
// Existing requests get a charge row from what is known (the voucher fee or the manager's quote).
// Same result on both dialects. Frozen once landed.
import { PostgresAdapter, sql, type Kysely } from 'kysely';

function isPostgres(db: Kysely<any>): boolean {
	return db.getExecutor().adapter instanceof PostgresAdapter;
}

const ORDER_COLUMNS_0007 = [
	'id', 'booking_id', 'number', 'provider_facility_id', 'provider_institution_id', 'client_institution_id', 'client_user_id',
	'content', 'quote_fen', 'charge_fen', 'charge_note', 'voucher_fen', 'ip_terms', 'confidentiality_terms', 'status',
	'receipt_no', 'paid_fen', 'paid_at', 'created_at', 'updated_at'
];

async function createOrderIndexes(db: Kysely<any>): Promise<void> {
	await db.schema.createIndex('service_orders_facility').on('service_orders').columns(['provider_facility_id', 'created_at']).execute();
	await db.schema.createIndex('service_orders_client').on('service_orders').columns(['client_institution_id', 'created_at']).execute();
}

/** SQLite: service_orders as in 0007, with booking_id nullable and sample_request_id when withSample. */
async function rebuildOrdersSqlite(db: Kysely<any>, withSample: boolean): Promise<void> {
	await sql`PRAGMA foreign_keys = OFF`.execute(db);
	try {
		await sql`BEGIN IMMEDIATE`.execute(db);
		try {
			let t = db.schema
				.createTable('service_orders_new')
				.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
				.addColumn('booking_id', 'integer', (c) => (withSample ? c.unique().references('bookings.id') : c.notNull().unique().references('bookings.id')));
			if (withSample) t = t.addColumn('sample_request_id', 'integer', (c) => c.unique().references('sample_requests.id'));
			t = t
				.addColumn('number', 'varchar(32)', (c) => c.notNull().unique())
				.addColumn('provider_facility_id', 'integer', (c) => c.notNull().references('facilities.id'))
				.addColumn('provider_institution_id', 'integer', (c) => c.notNull())
				.addColumn('client_institution_id', 'integer', (c) => c.notNull())
				.addColumn('client_user_id', 'integer', (c) => c.notNull())
				.addColumn('content', 'text', (c) => c.notNull())
				.addColumn('quote_fen', 'integer', (c) => c.notNull())
				.addColumn('charge_fen', 'integer')
				.addColumn('charge_note', 'text')
				.addColumn('voucher_fen', 'integer', (c) => c.notNull().defaultTo(0))
				.addColumn('ip_terms', 'text', (c) => c.notNull())
				.addColumn('confidentiality_terms', 'text', (c) => c.notNull())
				.addColumn('status', 'text', (c) => c.notNull())
				.addColumn('receipt_no', 'text')
				.addColumn('paid_fen', 'integer')
				.addColumn('paid_at', 'integer')
				.addColumn('created_at', 'integer', (c) => c.notNull())
				.addColumn('updated_at', 'integer', (c) => c.notNull());
			if (withSample) t = t.addCheckConstraint('service_orders_owner', sql`(booking_id is null) <> (sample_request_id is null)`);
			await t.execute();
			const cols = sql.join(ORDER_COLUMNS_0007.map((c) => sql.ref(c)));
			const where = withSample ? sql`` : sql`where booking_id is not null`;
			await sql`insert into service_orders_new (${cols}) select ${cols} from service_orders ${where}`.execute(db);
			await sql`drop table service_orders`.execute(db);
			await sql`alter table service_orders_new rename to service_orders`.execute(db);
			await createOrderIndexes(db);
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

async function createSampleCharges(db: Kysely<any>, pg: boolean): Promise<void> {
	const idType = pg ? 'bigint' : 'integer';
	const big = pg ? 'bigint' : 'integer';
	await db.schema
		.createTable('sample_charges')
		.addColumn('sample_request_id', idType, (c) => c.primaryKey().references('sample_requests.id'))
		.addColumn('instrument_id', idType, (c) => c.notNull())
		.addColumn('user_id', idType, (c) => c.notNull())
		.addColumn('unit', 'text', (c) => c.notNull())
		.addColumn('rate_fen', big, (c) => c.notNull())
		.addColumn('internal', 'integer', (c) => c.notNull())
		// calendar year (Asia/Shanghai) of the request, for the free quota
		.addColumn('year', 'integer', (c) => c.notNull())
		.addColumn('quantity', 'integer', (c) => c.notNull())
		.addColumn('free_quantity', 'integer', (c) => c.notNull())
		.addColumn('quote_fen', big, (c) => c.notNull())
		.addColumn('final_fen', big)
		// quoted → final (reported) | void (rejected or withdrawn)
		.addColumn('status', 'text', (c) => c.notNull())
		.addColumn('created_at', big, (c) => c.notNull())
		.addColumn('updated_at', big, (c) => c.notNull())
		.addCheckConstraint('sample_charges_amounts', sql`quantity >= 0 and free_quantity >= 0 and free_quantity <= quantity and quote_fen >= 0`)
		.execute();
	await db.schema.createIndex('sample_charges_user_year').on('sample_charges').columns(['user_id', 'instrument_id', 'year']).execute();

	// existing requests: the rate of the sample rule (else the displayed rate), the voucher fee or the
	// manager's quote as the quote, no free samples (none were recorded), final when reported
	const year = pg
		? sql`cast(extract(year from to_timestamp((s.created_at + 28800000) / 1000.0) at time zone 'UTC') as integer)`
		: sql`cast(strftime('%Y', (s.created_at + 28800000) / 1000, 'unixepoch') as integer)`;
	await sql`
		insert into sample_charges (sample_request_id, instrument_id, user_id, unit, rate_fen, internal, year, quantity, free_quantity, quote_fen, final_fen, status, created_at, updated_at)
		select s.id, s.instrument_id, s.user_id, 'sample',
			case when s.user_institution_id = i.institution_id then coalesce(pr.internal_fen, i.price_hour_fen) else coalesce(pr.outside_fen, i.price_hour_fen) end,
			case when s.user_institution_id = i.institution_id then 1 else 0 end,
			${year}, s.sample_count, 0,
			coalesce(r.fee_fen, s.quote_fen, s.sample_count * case when s.user_institution_id = i.institution_id then coalesce(pr.internal_fen, i.price_hour_fen) else coalesce(pr.outside_fen, i.price_hour_fen) end),
			case when s.status = 'reported' then coalesce(s.quote_fen, r.final_charge_fen, r.fee_fen, 0) else null end,
			case when s.status = 'reported' then 'final' when s.status in ('rejected', 'cancelled') then 'void' else 'quoted' end,
			s.created_at, s.updated_at
		from sample_requests s
		inner join instruments i on i.id = s.instrument_id
		left join price_rules pr on pr.instrument_id = s.instrument_id and pr.mode = 'sample'
		left join voucher_reservations r on r.sample_request_id = s.id
	`.execute(db);
}

export async function up(db: Kysely<any>): Promise<void> {
	const pg = isPostgres(db);
	await createSampleCharges(db, pg);
	if (!pg) return rebuildOrdersSqlite(db, true);
	await sql`alter table service_orders alter column booking_id drop not null`.execute(db);
	await db.schema.alterTable('service_orders').addColumn('sample_request_id', 'bigint', (c) => c.unique().references('sample_requests.id')).execute();
	await sql`alter table service_orders add constraint service_orders_owner check ((booking_id is null) <> (sample_request_id is null))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	const pg = isPostgres(db);
	if (!pg) await rebuildOrdersSqlite(db, false);
	else {
		await sql`alter table service_orders drop constraint service_orders_owner`.execute(db);
		await sql`delete from service_orders where booking_id is null`.execute(db);
		await db.schema.alterTable('service_orders').dropColumn('sample_request_id').execute();
		await sql`alter table service_orders alter column booking_id set not null`.execute(db);
	}
	await db.schema.dropTable('sample_charges').ifExists().execute();
}
