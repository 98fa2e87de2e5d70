// Before the server starts: the credentials and the random inputs the scenarios draw from, read
// from (and, for tokens and a session, written to) the benchmark database.
import { sql } from 'kysely';
import type { Db } from '../../src/lib/server/db/dialect';
import { createApiToken } from '../../src/lib/server/auth/api-token';
import { createSession } from '../../src/lib/server/auth/session';

export interface BenchInputs {
	evaluatorToken: string;
	evaluatorCookie: string;
	bookerTokens: string[];
	/** published instruments in service, for pages, availability and search */
	instrumentIds: number[];
	/** instruments open to assisted bookings, with their booking horizon in days */
	bookable: { id: number; horizonDays: number }[];
	/** the last full calendar year of the data set */
	year: string;
}

export async function prepare(db: Db, bookers: number): Promise<BenchInputs> {
	const k = db.kysely;
	const evaluator = await k.selectFrom('users').select('id').where('email', '=', 'evaluator@demo.jjj').executeTakeFirstOrThrow();
	const evaluatorToken = (await createApiToken(db, evaluator.id, 'bench')).token;
	const session = await createSession(db, evaluator.id);
	// Ordinary people without roles book; scale people when present, else the demo's researchers.
	const people = await k.selectFrom('users').select('id').where('email', 'like', 'p%@scale.jjj').orderBy('id').limit(bookers).execute();
	const fallback = people.length ? people : await k.selectFrom('users').select('id').where('email', 'not like', '%@demo.jjj').orderBy('id').limit(bookers).execute();
	const bookerTokens: string[] = [];
	for (const p of fallback) bookerTokens.push((await createApiToken(db, p.id, 'bench')).token);
	const instruments = await k.selectFrom('instruments').select(['id', 'modes', 'horizon_days']).where('published', '=', 1).where('status', '=', 'in_service').orderBy('id').execute();
	const instrumentIds = instruments.map((r) => r.id);
	const bookable = instruments.filter((r) => r.modes.includes('assisted') && r.horizon_days >= 14).map((r) => ({ id: r.id, horizonDays: r.horizon_days }));
	const year = String(new Date(Date.now() + 8 * 3_600_000).getUTCFullYear() - 1);
	return { evaluatorToken, evaluatorCookie: `session=${session.token}`, bookerTokens, instrumentIds, bookable, year };
}

/** Pairs of active bookings on one instrument whose times overlap: must be zero. */
export async function countOverlaps(db: Db): Promise<number> {
	const { rows } = await sql<{ n: number }>`
		select count(*) as n from bookings a join bookings b
		  on b.instrument_id = a.instrument_id and b.id > a.id and b.active = 1
		 and b.start_at < a.end_at and b.end_at > a.start_at
		where a.active = 1`.execute(db.kysely);
	return Number(rows[0].n);
}
