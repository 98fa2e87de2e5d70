import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS, openTestDb, type TestDb } from './test-db';
import { newUser } from './fixtures';
import { createDb, withWriteTransaction } from '../../src/lib/server/db/dialect';
import { createApiToken, revokeApiToken } from '../../src/lib/server/auth/api-token';
import { createSession, invalidateSession, SESSION_IDLE_MS, SESSION_RENEW_MS } from '../../src/lib/server/auth/session';
import { authenticateBearer, authenticateSession, CREDENTIAL_CACHE_MS } from '../../src/lib/server/auth/credential-cache';

describe.each(DIALECTS)('cached credentials on %s', (dialect) => {
	let db: TestDb;
	let person: Awaited<ReturnType<typeof newUser>>;
	beforeEach(async () => {
		db = await openTestDb(dialect);
		person = await newUser(db, { name: '王研究员' });
	});
	afterEach(async () => {
		await db.cleanup();
	});
	/** A change made behind the cache's back, as another process would (not seen by db.writes). */
	const behindTheCache = () => db.kysely.withoutPlugins();

	it('answers a repeated token from memory, and refuses it the moment it is revoked here', async () => {
		const { id, token } = await createApiToken(db, person.id, 'cli');
		const now = Date.now();
		expect((await authenticateBearer(db, token, now))?.user.name).toBe('王研究员');
		await behindTheCache().updateTable('users').set({ name: '改名' }).where('id', '=', person.id).execute();
		expect((await authenticateBearer(db, token, now + 1))?.user.name).toBe('王研究员'); // served from the cache
		expect(await revokeApiToken(db, person.id, id)).toBe(true);
		expect(await authenticateBearer(db, token, now + 2)).toBeNull();
	});

	it('sees a new role, a disabled person and a renamed institution at once', async () => {
		const { token } = await createApiToken(db, person.id, 'cli');
		const now = Date.now();
		expect((await authenticateBearer(db, token, now))?.roles.admin).toBe(false);
		await db.kysely.insertInto('role_assignments').values({ user_id: person.id, role: 'admin', facility_id: null, area_code: null }).execute();
		expect((await authenticateBearer(db, token, now + 1))?.roles.admin).toBe(true);
		await withWriteTransaction(db, (trx) => trx.updateTable('institutions').set({ name_zh: '新名称大学' }).where('id', '=', person.institution_id).execute());
		expect((await authenticateBearer(db, token, now + 2))?.user.institutionName).toBe('新名称大学');
		await db.kysely.updateTable('users').set({ disabled: 1 }).where('id', '=', person.id).execute();
		expect(await authenticateBearer(db, token, now + 3)).toBeNull();
	});

	it('lets another process revoke a token, seen here within the cache period', async () => {
		const { id, token } = await createApiToken(db, person.id, 'cli');
		const now = Date.now();
		expect(await authenticateBearer(db, token, now)).not.toBeNull();
		const other = createDb(db.location);
		try {
			expect(await revokeApiToken(other, person.id, id)).toBe(true);
		} finally {
			await other.close();
		}
		expect(await authenticateBearer(db, token, now + CREDENTIAL_CACHE_MS - 1)).not.toBeNull();
		expect(await authenticateBearer(db, token, now + CREDENTIAL_CACHE_MS)).toBeNull();
	});

	it('never hands one request an object another request changed', async () => {
		const { token } = await createApiToken(db, person.id, 'cli');
		const first = (await authenticateBearer(db, token))!;
		first.user.name = 'mutated';
		first.roles.managedFacilityIds.push(99);
		const second = (await authenticateBearer(db, token))!;
		expect(second.user.name).toBe('王研究员');
		expect(second.roles.managedFacilityIds).toEqual([]);
	});

	it('ends a session at logout at once, and still slides its expiry when it is due', async () => {
		const t0 = Date.now();
		const { token } = await createSession(db, person.id, t0);
		const renewAt = t0 + SESSION_IDLE_MS - SESSION_RENEW_MS;
		expect(await authenticateSession(db, token, renewAt - 1000)).toMatchObject({ renewed: false, expiresAt: t0 + SESSION_IDLE_MS });
		// within the cache period, but renewal is due: the database is asked and the expiry moves
		expect(await authenticateSession(db, token, renewAt)).toMatchObject({ renewed: true, expiresAt: renewAt + SESSION_IDLE_MS });
		const again = await authenticateSession(db, token, renewAt + 1);
		expect(again).toMatchObject({ renewed: false, expiresAt: renewAt + SESSION_IDLE_MS });
		await invalidateSession(db, again!.sessionId);
		expect(await authenticateSession(db, token, renewAt + 2)).toBeNull();
	});

	it('refuses an unknown token or session without remembering anything', async () => {
		expect(await authenticateBearer(db, 'jjj_nonsense')).toBeNull();
		expect(await authenticateBearer(db, 'not-even-ours')).toBeNull();
		expect(await authenticateSession(db, 'no-such-session')).toBeNull();
	});
});
