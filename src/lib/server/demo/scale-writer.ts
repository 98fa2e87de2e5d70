// Bulk loading for the full-scale data set (issue 7), on a connection of its own: large multi-row
// INSERTs with explicit ids inside few transactions, secondary indexes of the loaded tables dropped
// during the load and rebuilt from their exact definitions afterwards (one sorted build instead of
// millions of random B-tree inserts). SQLite: journal off and no syncing during the load only, the
// normal WAL mode restored at the end. PostgreSQL: synchronous_commit off for the session.
// The statistics triggers (migrations 0012, 0015: every written row notes itself in stat_dirty) are
// suspended on the loaded tables too — the caller rebuilds the roll-ups from the rows afterwards.
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import type { DialectName } from '../db/dialect';

export type Value = string | number | null;

export interface BulkWriter {
	/** next free id of a table with an identity/autoincrement id */
	nextId(table: string): Promise<number>;
	/** appends rows (arrays in `columns` order); flushed in batches */
	add(table: string, columns: readonly string[], row: Value[]): Promise<void>;
	/** drops the secondary indexes of the tables (kept for rebuild) and suspends their statistics triggers */
	dropIndexes(tables: string[]): Promise<void>;
	/** flushes, commits, rebuilds dropped indexes, restores the triggers, fixes id sequences, restores the normal settings */
	finish(): Promise<void>;
}

const ROWS_PER_INSERT = 500;
const ROWS_PER_TRANSACTION = 250_000;

interface Buffer {
	columns: readonly string[];
	values: Value[];
	rows: number;
}

export async function openBulkWriter(dialect: DialectName, target: string): Promise<BulkWriter> {
	return dialect === 'postgres' ? postgresWriter(target) : sqliteWriter(target);
}

function sqliteWriter(file: string): BulkWriter {
	const conn = new SqliteDatabase(file);
	conn.pragma('journal_mode = OFF');
	conn.pragma('synchronous = OFF');
	conn.pragma('cache_size = -400000'); // 400 MB page cache during the load
	conn.pragma('temp_store = MEMORY');
	conn.pragma('foreign_keys = OFF'); // rows are generated from existing ids
	const buffers = new Map<string, Buffer>();
	const statements = new Map<string, SqliteDatabase.Statement>();
	const dropped: string[] = [];
	let inTransaction = 0;
	conn.exec('begin');

	const statement = (table: string, columns: readonly string[], rows: number) => {
		const key = `${table}:${rows}`;
		let s = statements.get(key);
		if (!s) {
			const one = `(${columns.map(() => '?').join(',')})`;
			s = conn.prepare(`insert into ${table} (${columns.join(',')}) values ${Array(rows).fill(one).join(',')}`);
			statements.set(key, s);
		}
		return s;
	};
	const flush = (table: string) => {
		const b = buffers.get(table);
		if (!b || b.rows === 0) return;
		statement(table, b.columns, b.rows).run(b.values);
		inTransaction += b.rows;
		b.values = [];
		b.rows = 0;
		if (inTransaction >= ROWS_PER_TRANSACTION) {
			conn.exec('commit');
			conn.exec('begin');
			inTransaction = 0;
		}
	};
	return {
		async nextId(table) {
			const row = conn.prepare(`select coalesce(max(id), 0) + 1 as n from ${table}`).get() as { n: number };
			return Number(row.n);
		},
		async add(table, columns, row) {
			let b = buffers.get(table);
			if (!b) buffers.set(table, (b = { columns, values: [], rows: 0 }));
			for (const v of row) b.values.push(v);
			if (++b.rows >= ROWS_PER_INSERT) for (const t of buffers.keys()) flush(t); // parents first
		},
		async dropIndexes(tables) {
			for (const t of tables) {
				const rows = conn.prepare(`select name, sql from sqlite_master where type = 'index' and tbl_name = ? and sql is not null`).all(t) as { name: string; sql: string }[];
				for (const r of rows) {
					dropped.push(r.sql);
					conn.exec(`drop index ${r.name}`);
				}
				const triggers = conn.prepare(`select name, sql from sqlite_master where type = 'trigger' and tbl_name = ? and name like 'stat_dirty_%'`).all(t) as { name: string; sql: string }[];
				for (const r of triggers) {
					dropped.push(r.sql);
					conn.exec(`drop trigger ${r.name}`);
				}
			}
		},
		async finish() {
			for (const t of buffers.keys()) flush(t);
			conn.exec('commit');
			for (const ddl of dropped) conn.exec(ddl);
			conn.pragma('journal_mode = WAL');
			conn.close();
		}
	};
}

async function postgresWriter(url: string): Promise<BulkWriter> {
	const client = new pg.Client({ connectionString: url });
	await client.connect();
	await client.query('set synchronous_commit = off');
	await client.query('set maintenance_work_mem = \'256MB\'');
	const buffers = new Map<string, Buffer>();
	const dropped: string[] = [];
	const touched = new Set<string>();
	let inTransaction = 0;
	await client.query('begin');
	const flush = async (table: string) => {
		const b = buffers.get(table);
		if (!b || b.rows === 0) return;
		const width = b.columns.length;
		const groups: string[] = [];
		for (let r = 0; r < b.rows; r++) groups.push(`(${b.columns.map((_, c) => `$${r * width + c + 1}`).join(',')})`);
		await client.query(`insert into ${table} (${b.columns.join(',')}) values ${groups.join(',')}`, b.values);
		touched.add(table);
		inTransaction += b.rows;
		b.values = [];
		b.rows = 0;
		if (inTransaction >= ROWS_PER_TRANSACTION) {
			await client.query('commit');
			await client.query('begin');
			inTransaction = 0;
		}
	};
	return {
		async nextId(table) {
			const { rows } = await client.query(`select coalesce(max(id), 0) + 1 as n from ${table}`);
			return Number(rows[0].n);
		},
		async add(table, columns, row) {
			let b = buffers.get(table);
			if (!b) buffers.set(table, (b = { columns, values: [], rows: 0 }));
			for (const v of row) b.values.push(v);
			// parents first (registration order): PostgreSQL checks foreign keys per statement
			if (++b.rows >= ROWS_PER_INSERT * 2) for (const t of buffers.keys()) await flush(t);
		},
		async dropIndexes(tables) {
			// Plain indexes only: those backing a primary key or constraint stay.
			const { rows } = await client.query(
				`select i.indexname, i.indexdef from pg_indexes i
				 where i.schemaname = current_schema() and i.tablename = any($1)
				   and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`,
				[tables]
			);
			for (const r of rows) {
				dropped.push(r.indexdef);
				await client.query(`drop index ${r.indexname}`);
			}
			const triggers = await client.query(
				`select t.tgname, c.relname from pg_trigger t join pg_class c on c.oid = t.tgrelid
				 where c.relname = any($1) and t.tgname like 'stat_dirty_%' and not t.tgisinternal`,
				[tables]
			);
			for (const r of triggers.rows) {
				await client.query(`alter table ${r.relname} disable trigger ${r.tgname}`);
				dropped.push(`alter table ${r.relname} enable trigger ${r.tgname}`);
			}
		},
		async finish() {
			for (const t of buffers.keys()) await flush(t);
			await client.query('commit');
			for (const ddl of dropped) await client.query(ddl);
			for (const t of touched) {
				await client.query(`select setval(pg_get_serial_sequence('${t}', 'id'), (select max(id) from ${t}))`).catch(() => undefined);
			}
			await client.query('vacuum analyze');
			await client.end();
		}
	};
}
