import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../src/lib/server/db/dialect';
import { diskMigrations, migrateToLatest, RecordMigrationProvider } from '../../src/lib/server/db/migrate';
import { withCheckChar } from '../../src/lib/domain/institution/credit-code';
import { RateLimiter } from '../../src/lib/server/auth/rate-limit';
import { hashToken, validateSessionToken } from '../../src/lib/server/auth/session';
import { validateApiToken } from '../../src/lib/server/auth/api-token';
import { AccountError, changePassword, createToken, getProfile, listInstitutionsByArea, listTokens, logIn, registerUser, revokeToken } from '../../src/lib/server/account/account.service';
import { loginSchema, parseForm, registerSchema } from '../../src/lib/server/account/account.schema';

let dir: string;
let db: Db;
let institutionId: number;

const limits = () => ({ byIp: new RateLimiter(100, 60_000), byAccount: new RateLimiter(100, 60_000) });
const roomy = () => new RateLimiter(100, 60_000);

function formOf(fields: Record<string, string>): FormData {
	const form = new FormData();
	for (const [k, v] of Object.entries(fields)) form.set(k, v);
	return form;
}

const goodForm = (over: Record<string, string> = {}) =>
	formOf({ email: 'Wang.Fang@Example.CN', name: '王芳', institutionId: String(institutionId), password: 'correct-horse-9', confirm: 'correct-horse-9', ...over });

async function register(email: string, password = 'correct-horse-9') {
	const parsed = parseForm(registerSchema, goodForm({ email, password, confirm: password }));
	if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
	return registerUser(db, { ...parsed.value, locale: 'zh-CN' }, '10.0.0.1', roomy());
}

async function refusal(promise: Promise<unknown>): Promise<AccountError> {
	try {
		await promise;
	} catch (e) {
		if (e instanceof AccountError) return e;
		throw e;
	}
	throw new Error('expected an AccountError');
}

beforeAll(async () => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jjj-account-'));
	db = createDb(path.join(dir, 'account.db'));
	await migrateToLatest(db, new RecordMigrationProvider(await diskMigrations()));
	await db.kysely
		.insertInto('areas')
		.values([
			{ code: 'BJ', name_zh: '北京', name_en: 'Beijing', sort_order: 1 },
			{ code: 'HE', name_zh: '河北', name_en: 'Hebei', sort_order: 3 }
		])
		.execute();
	const bj = await db.kysely.insertInto('cities').values({ area_code: 'BJ', name_zh: '海淀区', name_en: 'Haidian', kind: 'district' }).returning('id').executeTakeFirstOrThrow();
	const he = await db.kysely.insertInto('cities').values({ area_code: 'HE', name_zh: '保定', name_en: 'Baoding', kind: 'city' }).returning('id').executeTakeFirstOrThrow();
	const inst = await db.kysely
		.insertInto('institutions')
		.values([
			{ name_zh: '河北测试学院', name_en: 'Hebei Test College', kind: 'university', area_code: 'HE', city_id: he.id, credit_code: withCheckChar('12130000MB0000001'), created_at: 0 },
			{ name_zh: '北京测试大学', name_en: 'Beijing Test University', kind: 'university', area_code: 'BJ', city_id: bj.id, credit_code: withCheckChar('12110000MB0000001'), created_at: 0 }
		])
		.returning('id')
		.execute();
	institutionId = inst[1].id;
});

afterAll(async () => {
	await db.close();
	fs.rmSync(dir, { recursive: true, force: true });
});

describe('registration form', () => {
	it('accepts a valid form and lower-cases the e-mail', () => {
		const parsed = parseForm(registerSchema, goodForm());
		expect(parsed.ok && parsed.value.email).toBe('wang.fang@example.cn');
	});

	it('names every bad field at once and never echoes the password', () => {
		const parsed = parseForm(registerSchema, formOf({ email: 'not-an-address', name: ' ', institutionId: '', password: 'short', confirm: 'other' }));
		expect(parsed.ok).toBe(false);
		if (parsed.ok) return;
		expect(parsed.issues).toEqual({
			email: 'account.error.emailInvalid',
			name: 'account.error.nameRequired',
			institutionId: 'account.error.institutionRequired',
			password: 'account.error.passwordTooShort',
			confirm: 'account.error.passwordMismatch'
		});
		expect(parsed.values).toEqual({ email: 'not-an-address', name: ' ', institutionId: '' });
	});

	it('accepts a password of exactly 10 characters and refuses 9 or more than 200', () => {
		const issue = (password: string) => {
			const parsed = parseForm(registerSchema, goodForm({ password, confirm: password }));
			return parsed.ok ? null : parsed.issues.password;
		};
		expect(issue('a'.repeat(10))).toBeNull();
		expect(issue('a'.repeat(9))).toBe('account.error.passwordTooShort');
		expect(issue('a'.repeat(200))).toBeNull();
		expect(issue('a'.repeat(201))).toBe('account.error.passwordTooLong');
	});

	it('lists institutions grouped by area in the areas’ order', async () => {
		const groups = await listInstitutionsByArea(db);
		expect(groups.map((g) => g.areaCode)).toEqual(['BJ', 'HE']);
		expect(groups[0].institutions[0]).toMatchObject({ nameZh: '北京测试大学', nameEn: 'Beijing Test University' });
	});
});

describe('registerUser', () => {
	it('creates the account with a lower-case e-mail, a hashed password and a working session', async () => {
		const started = await register('Li.Lei@Example.CN');
		const row = await db.kysely.selectFrom('users').selectAll().where('id', '=', started.userId).executeTakeFirstOrThrow();
		expect(row.email).toBe('li.lei@example.cn');
		expect(row.password_hash).toMatch(/^\$argon2id\$/);
		const session = await validateSessionToken(db, started.token);
		expect(session?.user).toMatchObject({ id: started.userId, areaCode: 'BJ' });
	});

	it('refuses an e-mail already registered in another case, on the e-mail field', async () => {
		await register('zhao@example.cn');
		const e = await refusal(register('ZHAO@Example.cn'));
		expect([e.status, e.messageKey, e.field]).toEqual([409, 'account.error.emailTaken', 'email']);
	});

	it('refuses an institution that does not exist, on the institution field', async () => {
		const parsed = parseForm(registerSchema, goodForm({ email: 'ghost@example.cn', institutionId: '99999' }));
		if (!parsed.ok) throw new Error('form should parse');
		const e = await refusal(registerUser(db, { ...parsed.value, locale: 'zh-CN' }, '10.0.0.1', roomy()));
		expect([e.status, e.messageKey, e.field]).toEqual([400, 'account.error.institutionUnknown', 'institutionId']);
		expect(await db.kysely.selectFrom('users').select('id').where('email', '=', 'ghost@example.cn').executeTakeFirst()).toBeUndefined();
	});

	it('refuses registrations from one address beyond the limit', async () => {
		const limiter = new RateLimiter(1, 60_000);
		const parsed = parseForm(registerSchema, goodForm({ email: 'burst1@example.cn' }));
		if (!parsed.ok) throw new Error('form should parse');
		await registerUser(db, { ...parsed.value, locale: 'en' }, '10.9.9.9', limiter);
		const e = await refusal(registerUser(db, { ...parsed.value, email: 'burst2@example.cn', locale: 'en' }, '10.9.9.9', limiter));
		expect(e.status).toBe(429);
	});
});

describe('logIn', () => {
	const login = (email: string, password: string, l = limits(), ip = '10.0.0.2') => {
		const parsed = parseForm(loginSchema, formOf({ email, password }));
		if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
		return logIn(db, parsed.value, ip, l);
	};

	beforeAll(async () => {
		await register('login@example.cn', 'right-password-1');
	});

	it('starts a session for the right password, whatever the e-mail’s case', async () => {
		const started = await login('LOGIN@example.CN', 'right-password-1');
		expect((await validateSessionToken(db, started.token))?.user.email).toBe('login@example.cn');
	});

	it('gives the same answer for a wrong password and an unknown e-mail', async () => {
		const wrong = await refusal(login('login@example.cn', 'wrong-password'));
		const unknown = await refusal(login('nobody@example.cn', 'wrong-password'));
		expect([wrong.status, wrong.messageKey]).toEqual([400, 'account.error.invalidCredentials']);
		expect([unknown.status, unknown.messageKey]).toEqual([wrong.status, wrong.messageKey]);
	});

	it('keeps a disabled user out even with the right password', async () => {
		const { userId } = await register('disabled@example.cn', 'right-password-2');
		await db.kysely.updateTable('users').set({ disabled: 1 }).where('id', '=', userId).execute();
		const e = await refusal(login('disabled@example.cn', 'right-password-2'));
		expect([e.status, e.messageKey]).toEqual([403, 'account.error.disabled']);
		expect(await db.kysely.selectFrom('sessions').select('id').where('user_id', '=', userId).execute()).toHaveLength(1); // only the registration's
	});

	it('refuses further attempts on one account, from any address, once over its limit — even the right password', async () => {
		const l = { byIp: new RateLimiter(100, 60_000), byAccount: new RateLimiter(2, 60_000) };
		await refusal(login('login@example.cn', 'wrong-1', l, '10.1.0.1'));
		await refusal(login('login@example.cn', 'wrong-2', l, '10.1.0.2'));
		const e = await refusal(login('login@example.cn', 'right-password-1', l, '10.1.0.3'));
		expect([e.status, e.messageKey]).toEqual([429, 'account.error.rateLimited']);
	});

	it('refuses further attempts from one address across accounts once over its limit', async () => {
		const l = { byIp: new RateLimiter(2, 60_000), byAccount: new RateLimiter(100, 60_000) };
		await refusal(login('a@example.cn', 'wrong-1', l, '10.2.0.1'));
		await refusal(login('b@example.cn', 'wrong-2', l, '10.2.0.1'));
		expect((await refusal(login('login@example.cn', 'right-password-1', l, '10.2.0.1'))).status).toBe(429);
		await expect(login('login@example.cn', 'right-password-1', l, '10.2.0.2')).resolves.toBeTruthy();
	});

	it('clears the account’s counter after a successful log-in', async () => {
		const l = { byIp: new RateLimiter(100, 60_000), byAccount: new RateLimiter(2, 60_000) };
		await refusal(login('login@example.cn', 'wrong-1', l));
		await login('login@example.cn', 'right-password-1', l);
		await refusal(login('login@example.cn', 'wrong-2', l));
		await expect(login('login@example.cn', 'right-password-1', l)).resolves.toBeTruthy();
	});
});

describe('profile and password', () => {
	it('shows only the person’s own data with their roles', async () => {
		const { userId } = await register('profile@example.cn');
		await db.kysely.insertInto('role_assignments').values({ user_id: userId, role: 'evaluator', facility_id: null, area_code: 'HE' }).execute();
		const profile = await getProfile(db, userId);
		expect(profile).toMatchObject({ email: 'profile@example.cn', institutionNameZh: '北京测试大学', areaCode: 'BJ' });
		expect(profile?.roles).toEqual([{ role: 'evaluator', areaCode: 'HE', facilityId: null, facilityNameZh: null, facilityNameEn: null }]);
		expect(profile).not.toHaveProperty('password_hash');
	});

	it('changes the password only with the current one, and ends the other sessions', async () => {
		const first = await register('changer@example.cn', 'old-password-1');
		const other = await logIn(db, { email: 'changer@example.cn', password: 'old-password-1' }, '10.3.0.1', limits());
		const e = await refusal(changePassword(db, first.userId, { current: 'not-it-at-all', password: 'new-password-1' }, null, roomy()));
		expect([e.messageKey, e.field]).toEqual(['account.error.currentPasswordWrong', 'current']);

		const keep = hashToken(first.token);
		await changePassword(db, first.userId, { current: 'old-password-1', password: 'new-password-1' }, keep, roomy());
		expect(await validateSessionToken(db, first.token)).not.toBeNull();
		expect(await validateSessionToken(db, other.token)).toBeNull();
		await refusal(logIn(db, { email: 'changer@example.cn', password: 'old-password-1' }, '10.3.0.1', limits()));
		await expect(logIn(db, { email: 'changer@example.cn', password: 'new-password-1' }, '10.3.0.1', limits())).resolves.toBeTruthy();
	});
});

describe('personal API tokens', () => {
	it('stores only the hash of a new token, which then authenticates its owner', async () => {
		const { userId } = await register('api@example.cn');
		const { id, token } = await createToken(db, userId, '数据脚本');
		const row = await db.kysely.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
		expect(row.token_hash).toBe(hashToken(token));
		expect(JSON.stringify(row)).not.toContain(token);
		expect((await validateApiToken(db, token))?.id).toBe(userId);
		const listed = await listTokens(db, userId);
		expect(listed).toHaveLength(1);
		expect(listed[0]).not.toHaveProperty('token_hash');
	});

	it('rejects a revoked token', async () => {
		const { userId } = await register('revoker@example.cn');
		const { id, token } = await createToken(db, userId, 'ci');
		await revokeToken(db, userId, id);
		expect(await validateApiToken(db, token)).toBeNull();
		expect((await listTokens(db, userId))[0].revoked_at).not.toBeNull();
	});

	it('does nothing when someone revokes another person’s token', async () => {
		const owner = await register('owner@example.cn');
		const intruder = await register('intruder@example.cn');
		const { id, token } = await createToken(db, owner.userId, 'owner-token');
		const e = await refusal(revokeToken(db, intruder.userId, id));
		expect([e.status, e.messageKey]).toEqual([404, 'account.error.tokenNotFound']);
		expect((await validateApiToken(db, token))?.id).toBe(owner.userId);
		expect(await listTokens(db, intruder.userId)).toEqual([]);
	});
});
