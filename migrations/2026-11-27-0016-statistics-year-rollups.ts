// Statistics roll-ups per instrument and local year (after 0012's per instrument-month rows): a
// year's rankings or export per instrument read about a quarter of the rows. Kept equal to the sum of
// the instrument-month rows of the year by the refresh (differences added, as for the per-area rows).
// Filled here from the existing month rows. Years are those of Asia/Shanghai, which has kept UTC+8
// since 1991 (the statistics zone; the roll-ups start with the data, decades later).
// Same for SQLite and PostgreSQL. Frozen once landed.
import { PostgresAdapter, sql, type ColumnDefinitionBuilder, type Kysely } from 'kysely';

const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

export async function up(db: Kysely<any>): Promise<void> {
	const big = db.getExecutor().adapter instanceof PostgresAdapter ? 'bigint' : 'integer';
	const notNull = (c: ColumnDefinitionBuilder) => c.notNull();
	let t = db.schema
		.createTable('stat_year_rollups')
		.addColumn('year_start', big, notNull)
		.addColumn('instrument_id', 'integer', notNull)
		.addColumn('facility_id', 'integer', notNull)
		.addColumn('institution_id', 'integer', notNull)
		.addColumn('instrument_area', 'varchar(2)', notNull)
		.addColumn('kind', 'varchar(8)', notNull)
		.addColumn('user_area', 'varchar(2)', notNull)
		.addColumn('outside', 'integer', notNull)
		.addColumn('status', 'varchar(16)', notNull)
		.addColumn('recognised', 'integer', notNull);
	for (const m of ['started', 'booked_ms', 'revenue_fen', 'voucher_fen', 'used_ms', 'requests', 'samples']) t = t.addColumn(m, m.endsWith('_ms') || m.endsWith('_fen') ? big : 'integer', notNull);
	await t.addPrimaryKeyConstraint('stat_year_rollups_pk', ['year_start', 'kind', 'instrument_id', 'user_area', 'outside', 'status', 'recognised']).execute();
	await db.schema.createIndex('stat_year_rollups_instrument').on('stat_year_rollups').columns(['instrument_id']).execute();

	const { rows } = await sql<{ month_start: number | string }>`select distinct month_start from stat_rollups`.execute(db);
	const years = new Set(rows.map((r) => new Date(Number(r.month_start) + SHANGHAI_OFFSET_MS).getUTCFullYear()));
	for (const y of years) {
		const start = Date.UTC(y, 0, 1) - SHANGHAI_OFFSET_MS;
		const end = Date.UTC(y + 1, 0, 1) - SHANGHAI_OFFSET_MS;
		await sql`insert into stat_year_rollups (year_start, instrument_id, facility_id, institution_id, instrument_area, kind, user_area, outside, status, recognised,
				started, booked_ms, revenue_fen, voucher_fen, used_ms, requests, samples)
			select cast(${start} as bigint), instrument_id, facility_id, institution_id, instrument_area, kind, user_area, outside, status, recognised,
				sum(started), sum(booked_ms), sum(revenue_fen), sum(voucher_fen), sum(used_ms), sum(requests), sum(samples)
			from stat_rollups where month_start >= ${start} and month_start < ${end}
			group by instrument_id, facility_id, institution_id, instrument_area, kind, user_area, outside, status, recognised`.execute(db);
	}
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropTable('stat_year_rollups').ifExists().execute();
}
