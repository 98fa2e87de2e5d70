// Statistics roll-ups, second part (after migration 0012 and the sample charges of 0013):
// - stat_month_versions: a version per local month; the refresh raises the version of every month it
//   recomputes (all months on a rebuild), so a process may keep the answer for a period while the
//   versions of its months stay the same — a closed year is computed once, and another process's
//   refresh is seen at the next question;
// - sample charges (0013) count as revenue of the month their request was reported in: a trigger on
//   sample_charges notes the request's month in stat_dirty like 0012's triggers, and the months of
//   requests reported so far are noted here so that existing sample revenue comes in.
// Same for SQLite and PostgreSQL. Frozen once landed.
import { PostgresAdapter, sql, type Kysely } from 'kysely';

const NOTE = `insert into stat_dirty (instrument_id, start_at, end_at) select s.instrument_id, s.reported_at, s.reported_at from sample_requests s where s.reported_at is not null and s.id =`;
const COLUMNS = 'sample_request_id, status, final_fen';

export async function up(db: Kysely<any>): Promise<void> {
	const pg = db.getExecutor().adapter instanceof PostgresAdapter;
	const big = pg ? 'bigint' : 'integer';
	await db.schema
		.createTable('stat_month_versions')
		.addColumn('month_start', big, (c) => c.primaryKey())
		.addColumn('version', big, (c) => c.notNull())
		.execute();
	if (pg) {
		await sql
			.raw(
				`create or replace function stat_dirty_sample_charges() returns trigger language plpgsql as $$
begin
	if tg_op in ('UPDATE', 'DELETE') then ${NOTE} old.sample_request_id; end if;
	if tg_op in ('INSERT', 'UPDATE') then ${NOTE} new.sample_request_id; end if;
	return null;
end $$`
			)
			.execute(db);
		await sql.raw(`create trigger stat_dirty_sample_charges after insert or update of ${COLUMNS} or delete on sample_charges for each row execute function stat_dirty_sample_charges()`).execute(db);
	} else {
		await sql.raw(`create trigger stat_dirty_sample_charges_ins after insert on sample_charges begin ${NOTE} new.sample_request_id; end`).execute(db);
		await sql.raw(`create trigger stat_dirty_sample_charges_upd after update of ${COLUMNS} on sample_charges begin ${NOTE} old.sample_request_id; ${NOTE} new.sample_request_id; end`).execute(db);
		await sql.raw(`create trigger stat_dirty_sample_charges_del after delete on sample_charges begin ${NOTE} old.sample_request_id; end`).execute(db);
	}
	// the months of reported requests are recomputed with their charges at the next refresh
	await sql`insert into stat_dirty (instrument_id, start_at, end_at) select instrument_id, reported_at, reported_at from sample_requests where reported_at is not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	if (db.getExecutor().adapter instanceof PostgresAdapter) {
		await sql`drop trigger if exists stat_dirty_sample_charges on sample_charges`.execute(db);
		await sql`drop function if exists stat_dirty_sample_charges()`.execute(db);
	} else {
		for (const suffix of ['ins', 'upd', 'del']) await sql.raw(`drop trigger if exists stat_dirty_sample_charges_${suffix}`).execute(db);
	}
	await db.schema.dropTable('stat_month_versions').ifExists().execute();
}
