// Sessions after Lucia's guide: a random token goes to the cookie, only its SHA-256 is stored;
// expiry slides forward on use but never past an absolute limit.
import { createHash } from 'node:crypto';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import type { Cookies } from '@sveltejs/kit';
import type { Db } from '../db/dialect';

export const SESSION_COOKIE = 'session';
const DAY = 24 * 60 * 60 * 1000;
export const SESSION_IDLE_MS = 30 * DAY;
export const SESSION_RENEW_MS = 15 * DAY;
export const SESSION_ABSOLUTE_MS = 90 * DAY;

export interface SessionUser {
	id: number;
	email: string;
	name: string;
	institutionId: number;
	institutionName: string;
	areaCode: 'BJ' | 'TJ' | 'HE';
	locale: string;
}

export function generateToken(): string {
	const bytes = new Uint8Array(20);
	crypto.getRandomValues(bytes);
	return encodeBase32LowerCaseNoPadding(bytes);
}

/** SHA-256 of the token as lower-case hex (node's native hash: a few µs, on every request). */
export function hashToken(token: string): string {
	return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Creates a session for userId and returns the token (to set in the cookie) and its expiry. */
export async function createSession(db: Db, userId: number, now = Date.now()): Promise<{ token: string; expiresAt: number }> {
	const token = generateToken();
	const expiresAt = now + SESSION_IDLE_MS;
	await db.kysely
		.insertInto('sessions')
		.values({ id: hashToken(token), user_id: userId, expires_at: expiresAt, absolute_expires_at: now + SESSION_ABSOLUTE_MS, created_at: now })
		.execute();
	return { token, expiresAt };
}

/** Looks a token up; returns the user and the (possibly extended) expiry, or null when unknown or expired. */
export async function validateSessionToken(
	db: Db,
	token: string,
	now = Date.now()
): Promise<{ sessionId: string; user: SessionUser; expiresAt: number; absoluteExpiresAt: number; renewed: boolean } | null> {
	const sessionId = hashToken(token);
	const row = await db.kysely
		.selectFrom('sessions')
		.innerJoin('users', 'users.id', 'sessions.user_id')
		.innerJoin('institutions', 'institutions.id', 'users.institution_id')
		.select([
			'sessions.id as sessionId',
			'sessions.expires_at',
			'sessions.absolute_expires_at',
			'users.id',
			'users.email',
			'users.name',
			'users.locale',
			'users.disabled',
			'users.institution_id',
			'institutions.name_zh as institution_name',
			'institutions.area_code'
		])
		.where('sessions.id', '=', sessionId)
		.executeTakeFirst();
	if (!row) return null;
	if (now >= row.expires_at || now >= row.absolute_expires_at || row.disabled) {
		await db.kysely.deleteFrom('sessions').where('id', '=', sessionId).execute();
		return null;
	}
	let expiresAt = row.expires_at;
	const renewed = now >= expiresAt - SESSION_RENEW_MS;
	if (renewed) {
		expiresAt = Math.min(now + SESSION_IDLE_MS, row.absolute_expires_at);
		await db.kysely.updateTable('sessions').set({ expires_at: expiresAt }).where('id', '=', sessionId).execute();
	}
	return {
		sessionId,
		expiresAt,
		absoluteExpiresAt: row.absolute_expires_at,
		renewed,
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

export async function invalidateSession(db: Db, sessionId: string): Promise<void> {
	await db.kysely.deleteFrom('sessions').where('id', '=', sessionId).execute();
}

export async function invalidateUserSessions(db: Db, userId: number): Promise<void> {
	await db.kysely.deleteFrom('sessions').where('user_id', '=', userId).execute();
}

/** Secure everywhere except plain http on a loopback address (local development and tests). */
function secureFor(url: URL): boolean {
	const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
	return url.protocol === 'https:' || !loopback;
}

export function setSessionCookie(cookies: Cookies, url: URL, token: string, expiresAt: number): void {
	cookies.set(SESSION_COOKIE, token, {
		httpOnly: true,
		sameSite: 'lax',
		secure: secureFor(url),
		expires: new Date(expiresAt),
		path: '/'
	});
}

export function deleteSessionCookie(cookies: Cookies, url: URL): void {
	cookies.set(SESSION_COOKIE, '', { httpOnly: true, sameSite: 'lax', secure: secureFor(url), maxAge: 0, path: '/' });
}
