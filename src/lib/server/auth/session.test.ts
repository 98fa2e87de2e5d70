import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../db/dialect';
import { diskMigrations, migrateToLatest, RecordMigrationProvider } from '../db/migrate';
import { withCheckChar } from '../../domain/institution/credit-code';
import {
	createSession,
	generateToken,
	hashToken,
	invalidateSession,
	SESSION_ABSOLUTE_MS,
	SESSION_IDLE_MS,
	SESSION_RENEW_MS,
	validateSessionToken
} from './session';

const DAY = 24 * 60 * 60 * 1000;
const T0 = Date.UTC(2026, 10, 27, 1, 0);

let dir: string;
let db: Db;
let userId: number;

beforeAll(async () => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jjj-session-'));
	db = createDb(path.join(dir, 'session.db'));
	await migrateToLatest(db, new RecordMigrationProvider(await diskMigrations()));
	await db.kysely.insertInto('areas').values({ code: 'TJ', name_zh: '天津', name_en: 'Tianjin', sort_order: 2 }).execute();
	const city = await db.kysely.insertInto('cities').values({ area_code: 'TJ', name_zh: '滨海新区', name_en: 'Binhai', kind: 'district' }).returning('id').executeTakeFirstOrThrow();
	const inst = await db.kysely
		.insertInto('institutions')
		.values({ name_zh: '测试大学', name_en: 'Test University', kind: 'university', area_code: 'TJ', city_id: city.id, credit_code: withCheckChar('12120000MB0000001'), created_at: T0 })
		.returning('id')
		.executeTakeFirstOrThrow();
	const user = await db.kysely
		.insertInto('users')
		.values({ email: 'session@example.cn', name: '会话', institution_id: inst.id, password_hash: 'x', locale: 'zh-CN', created_at: T0, disabled: 0 })
		.returning('id')
		.executeTakeFirstOrThrow();
	userId = user.id;
});

afterAll(async () => {
	await db.close();
	fs.rmSync(dir, { recursive: true, force: true });
});

describe('session tokens', () => {
	it('are random, 32 base32 characters', () => {
		const a = generateToken();
		expect(a).toMatch(/^[a-z2-7]{32}$/);
		expect(generateToken()).not.toBe(a);
	});

	it('hash to a stable 64-character hex SHA-256 that differs per token', () => {
		expect(hashToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
		expect(hashToken('abd')).not.toBe(hashToken('abc'));
	});

	it('are stored only as their hash', async () => {
		const { token } = await createSession(db, userId, T0);
		const ids = (await db.kysely.selectFrom('sessions').select('id').execute()).map((r) => r.id);
		expect(ids).toContain(hashToken(token));
		expect(ids).not.toContain(token);
	});
});

describe('validateSessionToken', () => {
	it('returns the user for a fresh session without moving its expiry', async () => {
		const { token, expiresAt } = await createSession(db, userId, T0);
		expect(expiresAt).toBe(T0 + SESSION_IDLE_MS);
		const result = await validateSessionToken(db, token, T0 + DAY);
		expect(result?.user).toMatchObject({ id: userId, email: 'session@example.cn', areaCode: 'TJ', institutionName: '测试大学' });
		expect(result?.expiresAt).toBe(T0 + SESSION_IDLE_MS);
	});

	it('rejects an unknown token', async () => {
		expect(await validateSessionToken(db, generateToken(), T0)).toBeNull();
	});

	it('rejects a session at the exact instant it expires and deletes it', async () => {
		const { token } = await createSession(db, userId, T0);
		expect(await validateSessionToken(db, token, T0 + SESSION_IDLE_MS - 1)).not.toBeNull();
		const late = await createSession(db, userId, T0);
		expect(await validateSessionToken(db, late.token, T0 + SESSION_IDLE_MS)).toBeNull();
		const row = await db.kysely.selectFrom('sessions').select('id').where('id', '=', hashToken(late.token)).executeTakeFirst();
		expect(row).toBeUndefined();
	});

	it('slides the expiry forward once the session is in its renewal window', async () => {
		const { token } = await createSession(db, userId, T0);
		const renewAt = T0 + SESSION_IDLE_MS - SESSION_RENEW_MS;
		expect(await validateSessionToken(db, token, renewAt - 1)).toMatchObject({ expiresAt: T0 + SESSION_IDLE_MS, renewed: false });
		// the cookie is re-sent only when this flag is set
		expect(await validateSessionToken(db, token, renewAt)).toMatchObject({ expiresAt: renewAt + SESSION_IDLE_MS, renewed: true });
		const stored = await db.kysely.selectFrom('sessions').select('expires_at').where('id', '=', hashToken(token)).executeTakeFirstOrThrow();
		expect(stored.expires_at).toBe(renewAt + SESSION_IDLE_MS);
		// Still alive after the first idle period, thanks to the renewal.
		expect(await validateSessionToken(db, token, T0 + SESSION_IDLE_MS + DAY)).not.toBeNull();
	});

	it('never lives past the absolute limit, however active the person is', async () => {
		const { token } = await createSession(db, userId, T0);
		let lastExpiry = 0;
		for (let at = T0 + 20 * DAY; at < T0 + SESSION_ABSOLUTE_MS; at += 20 * DAY) {
			const result = await validateSessionToken(db, token, at);
			expect(result, `day ${(at - T0) / DAY}`).not.toBeNull();
			lastExpiry = result!.expiresAt;
		}
		expect(lastExpiry).toBe(T0 + SESSION_ABSOLUTE_MS);
		expect(await validateSessionToken(db, token, T0 + SESSION_ABSOLUTE_MS)).toBeNull();
	});

	it('rejects the session of a disabled user', async () => {
		const { token } = await createSession(db, userId, T0);
		await db.kysely.updateTable('users').set({ disabled: 1 }).where('id', '=', userId).execute();
		try {
			expect(await validateSessionToken(db, token, T0 + DAY)).toBeNull();
		} finally {
			await db.kysely.updateTable('users').set({ disabled: 0 }).where('id', '=', userId).execute();
		}
	});

	it('rejects a session after log-out', async () => {
		const { token } = await createSession(db, userId, T0);
		await invalidateSession(db, hashToken(token));
		expect(await validateSessionToken(db, token, T0 + 1)).toBeNull();
	});
});
