import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openTestDb, type TestDb } from './test-db';
import { seedDemo } from '../../src/lib/server/demo/seed';
import { seedStatisticsHistory } from '../../src/lib/server/demo/statistics-demo';

// 2026-11-27 10:00 in Shanghai: the last full year is 2025.
const NOW = Date.UTC(2026, 10, 27, 2, 0);
const YEAR_2025 = [Date.UTC(2024, 11, 31, 16), Date.UTC(2025, 11, 31, 16)] as const;

describe('demo history for the evaluator workspace', () => {
	let db: TestDb;
	let counts: { bookings: number; usage: number };
	beforeAll(async () => {
		db = await openTestDb('sqlite');
		await seedDemo(db, { now: NOW, instruments: 3000 });
		counts = await seedStatisticsHistory(db, NOW);
	});
	afterAll(async () => db.cleanup());

	it('covers two years with usage records for completed bookings', async () => {
		expect(counts.bookings).toBeGreaterThan(20_000);
		expect(counts.usage).toBeGreaterThan(counts.bookings * 0.8);
		const oldest = await db.kysely.selectFrom('bookings').select((eb) => eb.fn.min('start_at').as('t')).executeTakeFirstOrThrow();
		expect(NOW - Number(oldest.t)).toBeGreaterThan(700 * 86_400_000);
	});

	it('shapes cross-area flows like the paper: Beijing serves, Hebei uses, Tianjin in between', async () => {
		const rows = await db.kysely
			.selectFrom('usage_records as u')
			.innerJoin('bookings as b', 'b.id', 'u.booking_id')
			.innerJoin('instruments as i', 'i.id', 'u.instrument_id')
			.select(['i.area_code as ia', 'b.user_area_code as ua', sql<number>`sum(b.quote_fen)`.as('fen')])
			.where('u.start_at', '>=', YEAR_2025[0])
			.where('u.start_at', '<', YEAR_2025[1])
			.groupBy(['i.area_code', 'b.user_area_code'])
			.execute();
		const out: Record<string, number> = { BJ: 0, TJ: 0, HE: 0 };
		const into: Record<string, number> = { BJ: 0, TJ: 0, HE: 0 };
		for (const r of rows) if (r.ia !== r.ua) {
			out[r.ia] += Number(r.fen);
			into[r.ua] += Number(r.fen);
		}
		const share = (a: string) => (100 * out[a]) / (out[a] + into[a]);
		expect(share('BJ')).toBeGreaterThan(65); // paper: about 75:25
		expect(share('TJ')).toBeGreaterThan(45); // about 60:40
		expect(share('TJ')).toBeLessThan(70);
		expect(share('HE')).toBeLessThan(32); // about 21:79
	});

	it('is quiet in August and at the Spring Festival', async () => {
		const count = async (from: number, to: number) =>
			Number((await db.kysely.selectFrom('bookings').select((eb) => eb.fn.countAll().as('n')).where('start_at', '>=', from).where('start_at', '<', to).executeTakeFirstOrThrow()).n);
		const august = await count(Date.UTC(2025, 6, 31, 16), Date.UTC(2025, 7, 31, 16));
		const october = await count(Date.UTC(2025, 8, 30, 16), Date.UTC(2025, 9, 31, 16));
		expect(august).toBeLessThan(october * 0.7);
	});
});
