// Queries built once per dialect and run again with new parameter values. Kysely's builder and
// compiler cost 10–25 µs per query — more than SQLite's own work for an indexed read or a one-row
// insert — so the hot paths (availability, the instrument page, booking creation) build their query
// once with placeholder values and put the real values in on each run. The SQL text then repeats
// exactly (the same string object), so the SQLite driver's statement cache (sqlite-driver.ts) and
// PostgreSQL's plan of the same text are hit every time.
//
// Only for queries whose shape never depends on the values: no IN lists of varying length, no
// optional clauses or columns, every value a bound parameter (the first build checks that each
// argument became one). Writes too: on every run the Kysely plugins are shown the query again
// (TableWrites records the tables it writes), as they are when a builder runs it.
import { createQueryId, type Compilable, type CompiledQuery, type DialectAdapter, type Kysely, type QueryResult, type UnknownRow } from 'kysely';
import { directRunner } from './direct';
import type { Database } from './schema';

const MARK = '\u0000prepared#';

interface Template {
	sql: string;
	query: CompiledQuery['query'];
	/** per bound parameter: the argument (index, or name for `preparedNamed`) it takes, or the constant the builder put there */
	slots: ({ arg: number | string } | { value: unknown })[];
}

function makeTemplate(compiled: CompiledQuery, args: readonly (number | string)[]): Template {
	const slots = compiled.parameters.map((value) => {
		if (typeof value !== 'string' || !value.startsWith(MARK)) return { value };
		const arg = value.slice(MARK.length);
		return { arg: /^\d+$/.test(arg) ? Number(arg) : arg };
	});
	for (const a of args) {
		if (!slots.some((s) => 'arg' in s && s.arg === a)) throw new Error(`prepared query: argument ${a} is not a bound parameter of ${compiled.sql}`);
	}
	return { sql: compiled.sql, query: compiled.query, slots };
}

async function run<R>(db: Kysely<Database>, t: Template, value: (arg: number | string) => unknown): Promise<R[]> {
	const parameters = t.slots.map((s) => ('arg' in s ? value(s.arg) : s.value));
	const queryId = createQueryId();
	const executor = db.getExecutor();
	// The plugins see this run as they see a built query (the node was already transformed when built;
	// what matters is their bookkeeping, e.g. TableWrites recording a write).
	if (executor.plugins.length > 0) executor.transformQuery(t.query, queryId);
	const compiled: CompiledQuery<R> = { sql: t.sql, parameters, query: t.query, queryId };
	// SQLite: run at once where the handle allows it (db/direct.ts), the plugins shown the result as
	// Kysely would show it
	const direct = directRunner(db)?.(compiled);
	if (direct === undefined) return (await db.executeQuery(compiled)).rows;
	let result = direct as QueryResult<UnknownRow>;
	for (const plugin of executor.plugins) result = await plugin.transformResult({ result, queryId });
	return result.rows as R[];
}

/**
 * prepared((db, id: number, from: number) => db.selectFrom(…).where('id', '=', id)…) returns a
 * function (db, id, from) => rows that builds the query once per dialect.
 */
export function prepared<A extends unknown[], R>(build: (db: Kysely<Database>, ...args: A) => Compilable<R>) {
	const arity = build.length - 1;
	const templates = new WeakMap<DialectAdapter, Template>();

	function template(db: Kysely<Database>): Template {
		const adapter = db.getExecutor().adapter;
		let t = templates.get(adapter);
		if (t) return t;
		const indexes = Array.from({ length: arity }, (_, i) => i);
		t = makeTemplate(build(db, ...(indexes.map((i) => `${MARK}${i}`) as unknown as A)).compile(), indexes);
		templates.set(adapter, t);
		return t;
	}

	return async (db: Kysely<Database>, ...args: A): Promise<R[]> => run<R>(db, template(db), (arg) => args[arg as number]);
}

/**
 * The same with one object of named values, for statements with many (an insert's row):
 * preparedNamed((db, v: { id: number; name: string }) => db.insertInto(…).values({ id: v.id, name: v.name }))
 * returns (db, values) => rows. Every field the builder reads must become a bound parameter.
 */
export function preparedNamed<V extends Record<string, unknown>, R>(build: (db: Kysely<Database>, values: V) => Compilable<R>) {
	const templates = new WeakMap<DialectAdapter, Template>();

	function template(db: Kysely<Database>): Template {
		const adapter = db.getExecutor().adapter;
		let t = templates.get(adapter);
		if (t) return t;
		const read = new Set<string>();
		const marks = new Proxy({} as V, {
			get: (_target, key) => {
				if (typeof key !== 'string') return undefined;
				read.add(key);
				return `${MARK}${key}`;
			}
		});
		const compiled = build(db, marks).compile();
		t = makeTemplate(compiled, [...read]);
		templates.set(adapter, t);
		return t;
	}

	return async (db: Kysely<Database>, values: V): Promise<R[]> => {
		const t = template(db);
		return run<R>(db, t, (arg) => {
			const v = values[arg as string];
			if (v === undefined) throw new Error(`prepared query: no value for ${String(arg)} (pass null for none)`);
			return v;
		});
	};
}
