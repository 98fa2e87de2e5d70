// Statistics roll-ups (issue 6 item 7, issue 7): the evaluator's period aggregates read pre-summed
// rows per instrument and local month instead of every booking and usage record of the period.
//
// - stat_rollups: per instrument × month (Asia/Shanghai) × source (booking | usage | sample) × user
//   area × outside × status × recognised, the sums the metric module needs. Hours that cross a month
//   end are split there, so any month-aligned period is a plain sum.
// - stat_area_rollups: the same summed per instrument area (the flow matrix and area overviews read
//   a few hundred rows a year), kept by adding the difference whenever instrument rows are replaced.
// - stat_reach: the distinct outside users (and their institutions) per instrument × month, for the
//   distinct counts that do not add up.
// - stat_dirty: what changed since the roll-ups were last brought up to date. Triggers on the source
//   tables insert the instrument and the time range of every old and new row, so every writer —
//   services, imports, seeders, a manual UPDATE — is seen; the application recomputes the touched
//   instrument-months from the source rows before it answers (and on a timer). A row with a null
//   instrument means "rebuild everything", a null start "the whole instrument". The row inserted here
//   makes the first refresh build the roll-ups of an existing database.
// Same tables and behaviour on SQLite and PostgreSQL (triggers written per dialect). Frozen once landed.
import { PostgresAdapter, sql, type ColumnDefinitionBuilder, type Kysely } from 'kysely';

function isPostgres(db: Kysely<any>): boolean {
	return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** What each trigger records: for the row alias (old/new), a SELECT of (instrument_id, start_at, end_at). */
interface Source {
	table: string;
	/** columns whose update matters to statistics */
	columns: string[];
	select: (row: 'old' | 'new') => string;
}

const SOURCES: Source[] = [
	{
		table: 'bookings',
		columns: ['instrument_id', 'start_at', 'end_at', 'status', 'user_area_code', 'user_institution_id', 'recognition_kind'],
		select: (r) => `select ${r}.instrument_id, ${r}.start_at, ${r}.end_at`
	},
	{
		table: 'usage_records',
		columns: ['instrument_id', 'booking_id', 'user_id', 'start_at', 'end_at'],
		select: (r) => `select ${r}.instrument_id, ${r}.start_at, coalesce(${r}.end_at, ${r}.start_at)`
	},
	{
		table: 'booking_charges',
		columns: ['booking_id', 'status', 'final_fen'],
		select: (r) => `select b.instrument_id, b.start_at, b.end_at from bookings b where b.id = ${r}.booking_id`
	},
	{
		table: 'voucher_reservations',
		columns: ['booking_id', 'sample_request_id', 'status', 'redeemed_fen'],
		select: (r) =>
			`select b.instrument_id, b.start_at, b.end_at from bookings b where b.id = ${r}.booking_id
			 union all select s.instrument_id, s.reported_at, s.reported_at from sample_requests s where s.id = ${r}.sample_request_id and s.reported_at is not null
			 union all select b.instrument_id, b.start_at, b.end_at from sample_requests s join bookings b on b.id = s.booking_id where s.id = ${r}.sample_request_id`
	},
	{
		table: 'sample_requests',
		columns: ['instrument_id', 'status', 'reported_at', 'sample_count', 'user_area_code', 'user_institution_id', 'booking_id'],
		select: (r) => `select ${r}.instrument_id, ${r}.reported_at, ${r}.reported_at where ${r}.reported_at is not null`
	},
	{
		// an instrument moved to another facility, institution or area: all of its months
		table: 'instruments',
		columns: ['facility_id', 'institution_id', 'area_code'],
		select: (r) => `select ${r}.id, null, null`
	}
];

const INSERT = 'insert into stat_dirty (instrument_id, start_at, end_at)';

async function sqliteTriggers(db: Kysely<any>): Promise<void> {
	for (const s of SOURCES) {
		const ops: Array<[string, string, Array<'old' | 'new'>]> = [
			['ins', 'insert', ['new']],
			['upd', `update of ${s.columns.join(', ')}`, ['old', 'new']],
			['del', 'delete', ['old']]
		];
		for (const [suffix, event, rows] of ops) {
			if (s.table === 'instruments' && suffix !== 'upd') continue;
			const body = rows.map((r) => `${INSERT} ${s.select(r)};`).join('\n');
			await sql.raw(`create trigger stat_dirty_${s.table}_${suffix} after ${event} on ${s.table} begin\n${body}\nend`).execute(db);
		}
	}
}

async function postgresTriggers(db: Kysely<any>): Promise<void> {
	for (const s of SOURCES) {
		const fn = `stat_dirty_${s.table}`;
		await sql
			.raw(
				`create or replace function ${fn}() returns trigger language plpgsql as $$
begin
	if tg_op in ('UPDATE', 'DELETE') then ${INSERT} ${s.select('old')}; end if;
	if tg_op in ('INSERT', 'UPDATE') then ${INSERT} ${s.select('new')}; end if;
	return null;
end $$`
			)
			.execute(db);
		const events = s.table === 'instruments' ? `update of ${s.columns.join(', ')}` : `insert or update of ${s.columns.join(', ')} or delete`;
		await sql.raw(`create trigger ${fn} after ${events} on ${s.table} for each row execute function ${fn}()`).execute(db);
	}
}

export async function up(db: Kysely<any>): Promise<void> {
	const pg = isPostgres(db);
	const big = pg ? 'bigint' : 'integer';

	await db.schema
		.createTable('stat_dirty')
		.addColumn('id', big, (c) => (pg ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().autoIncrement()))
		.addColumn('instrument_id', 'integer')
		.addColumn('start_at', big)
		.addColumn('end_at', big)
		.execute();

	// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the builder's column-name types do not survive a helper
	const measures = (t: any): any =>
		t
			.addColumn('kind', 'varchar(8)', (c: ColumnDefinitionBuilder) => c.notNull())
			.addColumn('user_area', 'varchar(2)', (c: ColumnDefinitionBuilder) => c.notNull())
			.addColumn('outside', 'integer', (c: ColumnDefinitionBuilder) => c.notNull())
			.addColumn('status', 'varchar(16)', (c: ColumnDefinitionBuilder) => c.notNull())
			.addColumn('recognised', 'integer', (c: ColumnDefinitionBuilder) => c.notNull())
			.addColumn('started', 'integer', (c: ColumnDefinitionBuilder) => c.notNull())
			.addColumn('booked_ms', big, (c: ColumnDefinitionBuilder) => c.notNull())
			.addColumn('revenue_fen', big, (c: ColumnDefinitionBuilder) => c.notNull())
			.addColumn('voucher_fen', big, (c: ColumnDefinitionBuilder) => c.notNull())
			.addColumn('used_ms', big, (c: ColumnDefinitionBuilder) => c.notNull())
			.addColumn('requests', 'integer', (c: ColumnDefinitionBuilder) => c.notNull())
			.addColumn('samples', 'integer', (c: ColumnDefinitionBuilder) => c.notNull());

	await measures(
		db.schema
			.createTable('stat_rollups')
			.addColumn('instrument_id', 'integer', (c) => c.notNull())
			.addColumn('month_start', big, (c) => c.notNull())
			.addColumn('facility_id', 'integer', (c) => c.notNull())
			.addColumn('institution_id', 'integer', (c) => c.notNull())
			.addColumn('instrument_area', 'varchar(2)', (c) => c.notNull())
	)
		.addPrimaryKeyConstraint('stat_rollups_pk', ['instrument_id', 'month_start', 'kind', 'user_area', 'outside', 'status', 'recognised'])
		.execute();
	await db.schema.createIndex('stat_rollups_month').on('stat_rollups').columns(['month_start', 'instrument_area', 'institution_id', 'facility_id']).execute();

	await measures(
		db.schema
			.createTable('stat_area_rollups')
			.addColumn('month_start', big, (c) => c.notNull())
			.addColumn('instrument_area', 'varchar(2)', (c) => c.notNull())
	)
		.addPrimaryKeyConstraint('stat_area_rollups_pk', ['month_start', 'instrument_area', 'kind', 'user_area', 'outside', 'status', 'recognised'])
		.execute();

	await db.schema
		.createTable('stat_reach')
		.addColumn('instrument_id', 'integer', (c) => c.notNull())
		.addColumn('month_start', big, (c) => c.notNull())
		.addColumn('user_id', 'integer', (c) => c.notNull())
		.addColumn('user_institution_id', 'integer', (c) => c.notNull())
		.addColumn('facility_id', 'integer', (c) => c.notNull())
		.addColumn('institution_id', 'integer', (c) => c.notNull())
		.addColumn('instrument_area', 'varchar(2)', (c) => c.notNull())
		.addPrimaryKeyConstraint('stat_reach_pk', ['instrument_id', 'month_start', 'user_id', 'user_institution_id'])
		.execute();
	// the distinct counts of an area or of everything read this index alone
	await db.schema.createIndex('stat_reach_month').on('stat_reach').columns(['month_start', 'instrument_area', 'user_id', 'user_institution_id']).execute();

	if (pg) await postgresTriggers(db);
	else await sqliteTriggers(db);
	await sql`insert into stat_dirty (instrument_id, start_at, end_at) values (null, null, null)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	const pg = isPostgres(db);
	for (const s of SOURCES) {
		if (pg) {
			await sql.raw(`drop trigger if exists stat_dirty_${s.table} on ${s.table}`).execute(db);
			await sql.raw(`drop function if exists stat_dirty_${s.table}()`).execute(db);
		} else {
			for (const suffix of ['ins', 'upd', 'del']) await sql.raw(`drop trigger if exists stat_dirty_${s.table}_${suffix}`).execute(db);
		}
	}
	for (const t of ['stat_reach', 'stat_area_rollups', 'stat_rollups', 'stat_dirty']) await db.schema.dropTable(t).ifExists().execute();
}
