// Read queries built once per dialect and run again with new parameter values. Kysely's builder and
// compiler cost 10–25 µs per query — more than SQLite's own work for an indexed read — so the hot
// read paths (availability, the instrument page, the booking checks) build their query once with
// placeholder values and put the real values in on each run. The SQL text then repeats exactly, so
// the SQLite driver's statement cache (sqlite-driver.ts) and PostgreSQL's plan of the same text are
// hit every time.
//
// Only for queries whose shape never depends on the values: no IN lists of varying length, no
// optional clauses, every value a bound parameter (the first build checks that each argument
// became one, in order). Reads only: plugins (TableWrites) see the query when it is built, not
// when it runs again, so a write must go through the builder.
import { createQueryId, type Compilable, type CompiledQuery, type DialectAdapter, type Kysely } from 'kysely';
import type { Database } from './schema';

const MARK = '\u0000prepared#';

interface Template {
	sql: string;
	query: CompiledQuery['query'];
	/** per bound parameter: the argument index it takes, or the constant the builder put there */
	slots: ({ arg: number } | { value: unknown })[];
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
		const marks = Array.from({ length: arity }, (_, i) => `${MARK}${i}`);
		const compiled = build(db, ...(marks as unknown as A)).compile();
		const slots = compiled.parameters.map((value) => {
			if (typeof value === 'string' && value.startsWith(MARK)) return { arg: Number(value.slice(MARK.length)) };
			return { value };
		});
		for (let i = 0; i < arity; i++) {
			if (!slots.some((s) => 'arg' in s && s.arg === i)) throw new Error(`prepared query: argument ${i} is not a bound parameter of ${compiled.sql}`);
		}
		t = { sql: compiled.sql, query: compiled.query, slots };
		templates.set(adapter, t);
		return t;
	}

	return async (db: Kysely<Database>, ...args: A): Promise<R[]> => {
		const t = template(db);
		const parameters = t.slots.map((s) => ('arg' in s ? args[s.arg] : s.value));
		const compiled: CompiledQuery<R> = { sql: t.sql, parameters, query: t.query, queryId: createQueryId() };
		return (await db.executeQuery(compiled)).rows;
	};
}
