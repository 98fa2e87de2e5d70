// Accounts: register, log in and out, the profile page, password changes and personal API tokens.
// Checks access and limits, then calls the repository; HTTP stays in the routes.
import type { Db } from '../db/dialect';
import type { AreaCode, Role } from '../db/schema';
import type { MessageKey } from '../../i18n/locale';
import { createSession, invalidateSession } from '../auth/session';
import { dummyPasswordHash, hashPassword, verifyPassword } from '../auth/password';
import { loginByAccount, loginByIp, registerByIp, type RateLimiter } from '../auth/rate-limit';
import { createApiToken, listApiTokens, revokeApiToken } from '../auth/api-token';
import * as repo from './account.repository';
import type { LoginInput, RegisterInput } from './account.schema';

/** An expected refusal: status for the page, a message key, and the field it belongs to if any. */
export class AccountError extends Error {
	constructor(
		readonly status: 400 | 403 | 404 | 409 | 429,
		readonly messageKey: MessageKey,
		readonly field?: string
	) {
		super(messageKey);
	}
}

export interface SessionStart {
	userId: number;
	token: string;
	expiresAt: number;
}

export interface LoginLimits {
	byIp: RateLimiter;
	byAccount: RateLimiter;
}

const rateLimited = () => new AccountError(429, 'account.error.rateLimited');

/** Institutions grouped by area (in the areas' order), for the registration select. */
export async function listInstitutionsByArea(db: Db): Promise<{ areaCode: AreaCode; institutions: { id: number; nameZh: string; nameEn: string }[] }[]> {
	const groups: { areaCode: AreaCode; institutions: { id: number; nameZh: string; nameEn: string }[] }[] = [];
	for (const row of await repo.listInstitutions(db.kysely)) {
		let group = groups.at(-1);
		if (group?.areaCode !== row.area_code) groups.push((group = { areaCode: row.area_code, institutions: [] }));
		group.institutions.push({ id: row.id, nameZh: row.name_zh, nameEn: row.name_en });
	}
	return groups;
}

/** Creates an account (e-mail already lower-case from the schema) and its first session. */
export async function registerUser(
	db: Db,
	input: RegisterInput & { locale: string },
	clientAddress: string,
	limiter: RateLimiter = registerByIp,
	now = Date.now()
): Promise<SessionStart> {
	if (!limiter.consume(clientAddress, now)) throw rateLimited();
	if (!(await repo.findInstitution(db.kysely, input.institutionId))) {
		throw new AccountError(400, 'account.error.institutionUnknown', 'institutionId');
	}
	if (await repo.findUserByEmail(db.kysely, input.email)) throw emailTaken();
	const passwordHash = await hashPassword(input.password);
	let userId: number;
	try {
		userId = await repo.insertUser(db.kysely, {
			email: input.email,
			name: input.name,
			institutionId: input.institutionId,
			passwordHash,
			locale: input.locale,
			now
		});
	} catch (error) {
		// Two registrations for one address at once: the unique index decides.
		if (await repo.findUserByEmail(db.kysely, input.email)) throw emailTaken();
		throw error;
	}
	const session = await createSession(db, userId, now);
	return { userId, ...session };
}

function emailTaken(): AccountError {
	return new AccountError(409, 'account.error.emailTaken', 'email');
}

/**
 * Checks e-mail and password under both rate limits and starts a session. Unknown addresses are
 * verified against a dummy hash so the answer takes as long as for a real account.
 */
export async function logIn(
	db: Db,
	input: LoginInput,
	clientAddress: string,
	limits: LoginLimits = { byIp: loginByIp, byAccount: loginByAccount },
	now = Date.now()
): Promise<SessionStart> {
	if (!limits.byIp.consume(clientAddress, now)) throw rateLimited();
	if (!limits.byAccount.consume(input.email, now)) throw rateLimited();
	const user = await repo.findUserByEmail(db.kysely, input.email);
	const valid = await verifyPassword(user?.password_hash ?? (await dummyPasswordHash()), input.password);
	if (!user || !valid) throw new AccountError(400, 'account.error.invalidCredentials');
	// Said only to someone who knows the password, so it reveals nothing to a guesser.
	if (user.disabled) throw new AccountError(403, 'account.error.disabled');
	limits.byAccount.reset(input.email);
	const session = await createSession(db, user.id, now);
	return { userId: user.id, ...session };
}

export async function logOut(db: Db, sessionId: string | null): Promise<void> {
	if (sessionId) await invalidateSession(db, sessionId);
}

export interface ProfileRole {
	role: Role;
	areaCode: AreaCode | null;
	facilityId: number | null;
	facilityNameZh: string | null;
	facilityNameEn: string | null;
}

/** The person's own profile and roles; null when the account is gone. */
export async function getProfile(db: Db, userId: number) {
	const profile = await repo.findProfile(db.kysely, userId);
	if (!profile) return null;
	const roles: ProfileRole[] = (await repo.listRoleAssignments(db.kysely, userId)).map((r) => ({
		role: r.role,
		areaCode: r.area_code,
		facilityId: r.facility_id,
		facilityNameZh: r.facility_name_zh,
		facilityNameEn: r.facility_name_en
	}));
	return {
		id: profile.id,
		email: profile.email,
		name: profile.name,
		createdAt: profile.created_at,
		institutionNameZh: profile.institution_name_zh,
		institutionNameEn: profile.institution_name_en,
		areaCode: profile.area_code,
		roles
	};
}

export async function changeName(db: Db, userId: number, name: string): Promise<void> {
	await repo.updateName(db.kysely, userId, name);
}

/**
 * Replaces the password after checking the current one (limited like log-in attempts), and ends
 * the person's other sessions so a stolen session does not outlive the change.
 */
export async function changePassword(
	db: Db,
	userId: number,
	input: { current: string; password: string },
	keepSessionId: string | null,
	limiter: RateLimiter = loginByAccount,
	now = Date.now()
): Promise<void> {
	const key = `user:${userId}`;
	if (!limiter.consume(key, now)) throw rateLimited();
	const row = await repo.findPasswordHash(db.kysely, userId);
	if (!row || !(await verifyPassword(row.password_hash, input.current))) {
		throw new AccountError(400, 'account.error.currentPasswordWrong', 'current');
	}
	limiter.reset(key);
	await repo.updatePasswordHash(db.kysely, userId, await hashPassword(input.password));
	await repo.deleteOtherSessions(db.kysely, userId, keepSessionId);
}

/** Creates a personal API token; the plain token is returned this once and never stored. */
export function createToken(db: Db, userId: number, name: string, now = Date.now()): Promise<{ id: number; token: string }> {
	return createApiToken(db, userId, name, now);
}

/** The person's own tokens (never their hashes). */
export function listTokens(db: Db, userId: number) {
	return listApiTokens(db, userId);
}

/** Revokes one of the person's own tokens; someone else's token id is refused as not found. */
export async function revokeToken(db: Db, userId: number, tokenId: number, now = Date.now()): Promise<void> {
	if (!(await revokeApiToken(db, userId, tokenId, now))) throw new AccountError(404, 'account.error.tokenNotFound');
}
