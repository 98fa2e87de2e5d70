// Personal API tokens for the JSON API: shown once on creation, stored as SHA-256 only.
import type { Db } from '../db/dialect';
import { generateToken, hashToken, type SessionUser } from './session';

const PREFIX = 'jjj_';

export async function createApiToken(db: Db, userId: number, name: string, now = Date.now()): Promise<{ id: number; token: string }> {
	const token = PREFIX + generateToken() + generateToken();
	const row = await db.kysely
		.insertInto('api_tokens')
		.values({ user_id: userId, name: name.slice(0, 80), token_hash: hashToken(token), created_at: now })
		.returning('id')
		.executeTakeFirstOrThrow();
	return { id: row.id, token };
}

export async function listApiTokens(db: Db, userId: number) {
	return db.kysely
		.selectFrom('api_tokens')
		.select(['id', 'name', 'created_at', 'last_used_at', 'revoked_at'])
		.where('user_id', '=', userId)
		.orderBy('id', 'desc')
		.execute();
}

export async function revokeApiToken(db: Db, userId: number, tokenId: number, now = Date.now()): Promise<boolean> {
	const r = await db.kysely
		.updateTable('api_tokens')
		.set({ revoked_at: now })
		.where('id', '=', tokenId)
		.where('user_id', '=', userId)
		.where('revoked_at', 'is', null)
		.executeTakeFirst();
	return Number(r.numUpdatedRows) > 0;
}

/** How often the last use of a token is written (not on every request). */
export const TOKEN_TOUCH_MS = 60_000;

/** Resolves a bearer token to its user, or null when unknown, revoked or the user is disabled. */
export async function validateApiToken(db: Db, token: string, now = Date.now()): Promise<SessionUser | null> {
	return (await lookupApiToken(db, token, now))?.user ?? null;
}

/** validateApiToken with the token's id and when its use was last written (for the credential cache). */
export async function lookupApiToken(db: Db, token: string, now = Date.now()): Promise<{ tokenId: number; lastUsedAt: number; user: SessionUser } | null> {
	if (!token.startsWith(PREFIX)) return null;
	const row = await db.kysely
		.selectFrom('api_tokens')
		.innerJoin('users', 'users.id', 'api_tokens.user_id')
		.innerJoin('institutions', 'institutions.id', 'users.institution_id')
		.select([
			'api_tokens.id as tokenId',
			'api_tokens.last_used_at',
			'users.id',
			'users.email',
			'users.name',
			'users.locale',
			'users.disabled',
			'users.institution_id',
			'institutions.name_zh as institution_name',
			'institutions.area_code'
		])
		.where('api_tokens.token_hash', '=', hashToken(token))
		.where('api_tokens.revoked_at', 'is', null)
		.executeTakeFirst();
	if (!row || row.disabled) return null;
	let lastUsedAt = row.last_used_at ?? 0;
	if (now - lastUsedAt > TOKEN_TOUCH_MS) {
		await touchApiToken(db, row.tokenId, now);
		lastUsedAt = now;
	}
	return {
		tokenId: row.tokenId,
		lastUsedAt,
		user: {
			id: row.id,
			email: row.email,
			name: row.name,
			locale: row.locale,
			institutionId: row.institution_id,
			institutionName: row.institution_name,
			areaCode: row.area_code
		}
	};
}

/**
 * Records that the token was used. Written past the table-write watch (db.writes): the last-use
 * time is not something a cached credential depends on, and counting it would empty the credential
 * cache every minute per active token.
 */
export async function touchApiToken(db: Db, tokenId: number, now: number): Promise<void> {
	await db.kysely.withoutPlugins().updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', tokenId).execute();
}
