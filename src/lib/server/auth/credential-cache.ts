// Who a bearer token or session cookie belongs to, with their roles, kept per process for a few
// seconds: every API call and page otherwise pays a token/session lookup and a roles query.
//
// In this process an entry is dropped the moment any row it came from may have changed: it records
// db.writes' version of its source tables (users, institutions, role_assignments, and api_tokens or
// sessions) when it is looked up, and is used only while that version is unchanged — any insert,
// update or delete of those tables through this Db (revoking a token, logging out, changing a
// password or roles, disabling a person) invalidates it, whatever code path made the write.
// ANOTHER PROCESS (a second cluster worker, a script) may still accept a revoked token or session,
// or use old roles, for at most CREDENTIAL_CACHE_MS (5 s); see README "Design notes".
import type { Db } from '../db/dialect';
import { hashToken, SESSION_RENEW_MS, validateSessionToken, type SessionUser } from './session';
import { lookupApiToken, touchApiToken, TOKEN_TOUCH_MS } from './api-token';
import { loadRoles, type Roles } from './roles';

/** How long another process's changes can go unseen here. */
export const CREDENTIAL_CACHE_MS = 5_000;
const MAX_ENTRIES = 10_000;
const TOKEN_TABLES = ['api_tokens', 'users', 'institutions', 'role_assignments'] as const;
const SESSION_TABLES = ['sessions', 'users', 'institutions', 'role_assignments'] as const;

interface Entry {
	version: number;
	until: number;
	user: SessionUser;
	roles: Roles;
	/** tokens */
	tokenId?: number;
	lastUsedAt?: number;
	/** sessions */
	sessionId?: string;
	expiresAt?: number;
	absoluteExpiresAt?: number;
}

const caches = new WeakMap<Db, Map<string, Entry>>();

function cacheOf(db: Db): Map<string, Entry> {
	let cache = caches.get(db);
	if (!cache) caches.set(db, (cache = new Map()));
	return cache;
}

function remember(db: Db, key: string, entry: Entry): void {
	const cache = cacheOf(db);
	if (cache.size >= MAX_ENTRIES) cache.clear();
	cache.set(key, entry);
}

function usable(db: Db, key: string, tables: readonly string[], now: number): Entry | null {
	const entry = cacheOf(db).get(key);
	if (!entry) return null;
	if (entry.until <= now || entry.version !== db.writes.version(tables)) {
		cacheOf(db).delete(key);
		return null;
	}
	return entry;
}

/** Copies, so a request that changed its locals could never change what the next one gets. */
const copyUser = (u: SessionUser): SessionUser => ({ ...u });
const copyRoles = (r: Roles): Roles => ({
	admin: r.admin,
	managedFacilityIds: [...r.managedFacilityIds],
	evaluatorAreas: r.evaluatorAreas === 'all' ? 'all' : [...r.evaluatorAreas],
	operatedFacilityIds: [...(r.operatedFacilityIds ?? [])]
});

/** The person and roles behind an API bearer token, or null (unknown, revoked, person disabled). */
export async function authenticateBearer(db: Db, token: string, now = Date.now()): Promise<{ user: SessionUser; roles: Roles } | null> {
	const key = `t:${hashToken(token)}`;
	const hit = usable(db, key, TOKEN_TABLES, now);
	if (hit) {
		if (now - hit.lastUsedAt! > TOKEN_TOUCH_MS) {
			hit.lastUsedAt = now;
			await touchApiToken(db, hit.tokenId!, now);
		}
		return { user: copyUser(hit.user), roles: copyRoles(hit.roles) };
	}
	const version = db.writes.version(TOKEN_TABLES); // before reading: a write meanwhile makes the entry stale at once
	const found = await lookupApiToken(db, token, now);
	if (!found) return null;
	const roles = await loadRoles(db, found.user.id);
	remember(db, key, { version, until: now + CREDENTIAL_CACHE_MS, user: found.user, roles, tokenId: found.tokenId, lastUsedAt: found.lastUsedAt });
	return { user: copyUser(found.user), roles: copyRoles(roles) };
}

/**
 * The person and roles behind a session cookie, or null (unknown or expired). The expiry still
 * slides as validateSessionToken does: an entry is only used while the session needs no renewal.
 */
export async function authenticateSession(
	db: Db,
	token: string,
	now = Date.now()
): Promise<{ sessionId: string; user: SessionUser; roles: Roles; expiresAt: number; renewed: boolean } | null> {
	const key = `s:${hashToken(token)}`;
	const hit = usable(db, key, SESSION_TABLES, now);
	if (hit && now < hit.expiresAt! - SESSION_RENEW_MS && now < hit.absoluteExpiresAt!) {
		return { sessionId: hit.sessionId!, user: copyUser(hit.user), roles: copyRoles(hit.roles), expiresAt: hit.expiresAt!, renewed: false };
	}
	const version = db.writes.version(SESSION_TABLES);
	const found = await validateSessionToken(db, token, now);
	if (!found) {
		cacheOf(db).delete(key);
		return null;
	}
	const roles = await loadRoles(db, found.user.id);
	remember(db, key, { version, until: now + CREDENTIAL_CACHE_MS, user: found.user, roles, sessionId: found.sessionId, expiresAt: found.expiresAt, absoluteExpiresAt: found.absoluteExpiresAt });
	return { sessionId: found.sessionId, user: copyUser(found.user), roles: copyRoles(roles), expiresAt: found.expiresAt, renewed: found.renewed };
}
