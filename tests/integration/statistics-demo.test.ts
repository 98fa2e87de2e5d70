import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { DIALECTS, openTestDb, type TestDb } from './test-db';
import { seedDemo } from '../../src/lib/server/demo/seed';
import { seedStatisticsHistory, type HistoryCounts } from '../../src/lib/server/demo/statistics-demo';
import { loadRoles } from '../../src/lib/server/auth/roles';
import { flows, overview } from '../../src/lib/server/statistics/statistics.service';
import { parsePeriod } from '../../src/lib/domain/statistics/period';

// 2026-11-27 10:00 in Shanghai: the last full year is 2025.
const NOW = Date.UTC(2026, 10, 27, 2, 0);
const YEAR_2025 = [Date.UTC(2024, 11, 31, 16), Date.UTC(2025, 11, 31, 16)] as const;
const SEED_TIMEOUT = 240_000;

describe.each(DIALECTS)('demo history for the evaluator workspace (%s)', (dialect) => {
	let db: TestDb;
	let counts: HistoryCounts;
	beforeAll(async () => {
		db = await openTestDb(dialect);
		await seedDemo(db, { now: NOW, instruments: 3000 });
		counts = await seedStatisticsHistory(db, NOW);
	}, SEED_TIMEOUT);
	afterAll(async () => db?.cleanup());

	const outShare = (rows: { ia: string; ua: string; fen: number }[]) => {
		const out: Record<string, number> = { BJ: 0, TJ: 0, HE: 0 };
		const into: Record<string, number> = { BJ: 0, TJ: 0, HE: 0 };
		for (const r of rows) if (r.ia !== r.ua) {
			out[r.ia] += r.fen;
			into[r.ua] += r.fen;
		}
		return (a: string) => (100 * out[a]) / (out[a] + into[a]);
	};

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
		const share = outShare(rows.map((r) => ({ ia: r.ia, ua: r.ua, fen: Number(r.fen) })));
		expect(share('BJ')).toBeGreaterThan(65); // paper: about 75:25
		expect(share('TJ')).toBeGreaterThan(45); // about 60:40
		expect(share('TJ')).toBeLessThan(70);
		expect(share('HE')).toBeLessThan(32); // about 21:79
	});

	it('keeps the same shape in the flow matrix’s revenue, sample-testing charges included', async () => {
		const admin = await db.kysely.selectFrom('users').select('id').where('email', '=', 'admin@demo.jjj').executeTakeFirstOrThrow();
		const cells = await flows(db, await loadRoles(db, admin.id), {}, parsePeriod('2025')!);
		const share = outShare(cells.map((c) => ({ ia: c.to, ua: c.from, fen: c.revenueFen })));
		expect(share('BJ')).toBeGreaterThan(65);
		expect(share('TJ')).toBeGreaterThan(45);
		expect(share('TJ')).toBeLessThan(70);
		expect(share('HE')).toBeLessThan(32);
	}, 60_000);

	it('is quiet in August and at the Spring Festival', async () => {
		const count = async (from: number, to: number) =>
			Number((await db.kysely.selectFrom('bookings').select((eb) => eb.fn.countAll().as('n')).where('start_at', '>=', from).where('start_at', '<', to).executeTakeFirstOrThrow()).n);
		const august = await count(Date.UTC(2025, 6, 31, 16), Date.UTC(2025, 7, 31, 16));
		const october = await count(Date.UTC(2025, 8, 30, 16), Date.UTC(2025, 9, 31, 16));
		expect(august).toBeLessThan(october * 0.7);
	});

	it('has reported sample-testing requests last year, each with its final charge, and their instrument time uncharged', async () => {
		const k = db.kysely;
		expect(counts.samples).toBeGreaterThan(1_000);
		const last = await k
			.selectFrom('sample_requests as s')
			.leftJoin('sample_charges as c', 'c.sample_request_id', 's.id')
			.select(['s.id', 's.status', 's.booking_id', 's.quote_fen', 's.user_institution_id', 'c.status as charge_status', 'c.final_fen'])
			.where('s.reported_at', '>=', YEAR_2025[0])
			.where('s.reported_at', '<', YEAR_2025[1])
			.execute();
		expect(last.length).toBeGreaterThan(500);
		expect(last.every((s) => s.status === 'reported' && s.charge_status === 'final' && s.final_fen === s.quote_fen)).toBe(true);
		expect(last.filter((s) => Number(s.final_fen) > 0).length).toBeGreaterThan(last.length * 0.9);
		// most ran in a booked slot, some without one
		const slotted = last.filter((s) => s.booking_id !== null).length;
		expect(slotted).toBeGreaterThan(last.length / 2);
		expect(slotted).toBeLessThan(last.length);
		// the slot is a completed 'sample' booking with its usage record and no booking charge (the request carries the money)
		const slots = await k
			.selectFrom('sample_requests as s')
			.innerJoin('bookings as b', 'b.id', 's.booking_id')
			.leftJoin('booking_charges as c', 'c.booking_id', 'b.id')
			.leftJoin('usage_records as u', 'u.booking_id', 'b.id')
			.select(['s.id', 'b.mode', 'b.status', 'b.purpose', 'c.booking_id as charged', 'u.source'])
			.execute();
		expect(slots.length).toBe(Number((await k.selectFrom('sample_requests').select((eb) => eb.fn.countAll().as('n')).where('booking_id', 'is not', null).executeTakeFirstOrThrow()).n));
		for (const s of slots) expect([s.mode, s.status, s.purpose, s.charged, s.source]).toEqual(['sample', 'completed', `送样检测 / sample testing #${s.id}`, null, 'sample']);
	});

	it('has Hebei vouchers redeemed at Beijing and Tianjin providers last year, and Tianjin vouchers too', async () => {
		expect(counts.vouchers).toBeGreaterThan(100);
		const rows = await db.kysely
			.selectFrom('voucher_reservations as r')
			.innerJoin('voucher_programmes as p', 'p.id', 'r.programme_id')
			.select(['r.issuer_area', 'r.provider_area', 'p.model', 'p.year', sql<number>`count(*)`.as('n'), sql<number>`sum(r.redeemed_fen)`.as('fen')])
			.where('r.status', '=', 'redeemed')
			.where('r.redeemed_at', '>=', YEAR_2025[0])
			.where('r.redeemed_at', '<', YEAR_2025[1])
			.groupBy(['r.issuer_area', 'r.provider_area', 'p.model', 'p.year'])
			.execute();
		const fen = (issuer: string, provider: string) => rows.filter((r) => r.issuer_area === issuer && r.provider_area === provider).reduce((s, r) => s + Number(r.fen), 0);
		expect(fen('HE', 'BJ')).toBeGreaterThan(0);
		expect(fen('HE', 'TJ')).toBeGreaterThan(0);
		expect(fen('TJ', 'BJ') + fen('TJ', 'HE')).toBeGreaterThan(0);
		expect(rows.every((r) => r.model === 'exchange' && [2024, 2025].includes(Number(r.year)))).toBe(true);
		// paid on bookings and on sample requests, by enterprises of the issuing area, never at their own institution
		const bad = await db.kysely
			.selectFrom('voucher_reservations as r')
			.innerJoin('institutions as e', 'e.id', 'r.enterprise_institution_id')
			.select('r.id')
			.where((eb) => eb.or([eb('e.kind', '!=', 'enterprise'), eb('e.area_code', '!=', eb.ref('r.issuer_area')), eb('r.provider_institution_id', '=', eb.ref('r.enterprise_institution_id'))]))
			.execute();
		expect(bad).toEqual([]);
		const kinds = await db.kysely
			.selectFrom('voucher_reservations')
			.select([sql<number>`sum(case when booking_id is not null then 1 else 0 end)`.as('bookings'), sql<number>`sum(case when sample_request_id is not null then 1 else 0 end)`.as('samples')])
			.executeTakeFirstOrThrow();
		expect(Number(kinds.bookings)).toBeGreaterThan(0);
		expect(Number(kinds.samples)).toBeGreaterThan(0);
	});

	it('reports as voucher-paid last year exactly the redemptions on bookings starting and samples reported then', async () => {
		const k = db.kysely;
		const admin = await k.selectFrom('users').select('id').where('email', '=', 'admin@demo.jjj').executeTakeFirstOrThrow();
		const o = await overview(db, await loadRoles(db, admin.id), {}, parsePeriod('2025')!, NOW);
		const sum = await k
			.selectFrom('voucher_reservations as r')
			.leftJoin('bookings as b', 'b.id', 'r.booking_id')
			.leftJoin('sample_requests as s', 's.id', 'r.sample_request_id')
			.select(sql<number>`coalesce(sum(r.redeemed_fen), 0)`.as('fen'))
			.where('r.status', '=', 'redeemed')
			.where((eb) =>
				eb.or([
					eb.and([eb('b.start_at', '>=', YEAR_2025[0]), eb('b.start_at', '<', YEAR_2025[1])]),
					eb.and([eb('s.reported_at', '>=', YEAR_2025[0]), eb('s.reported_at', '<', YEAR_2025[1])])
				])
			)
			.executeTakeFirstOrThrow();
		expect(Number(sum.fen)).toBeGreaterThan(0);
		expect(o.metrics.voucherFen).toBe(Number(sum.fen));
		expect(o.metrics.samples).toBeGreaterThan(0);
	}, 60_000);

	it('keeps every grant and programme consistent: balances never negative, granted within budget, totals from the reservations', async () => {
		const k = db.kysely;
		const grants = await k
			.selectFrom('voucher_grants as g')
			.leftJoin('voucher_reservations as r', 'r.grant_id', 'g.id')
			.select(['g.id', 'g.amount_fen', 'g.reserved_fen', 'g.redeemed_fen', 'g.status', sql<number>`coalesce(sum(r.redeemed_fen), 0)`.as('sum_redeemed'), sql<number>`coalesce(sum(case when r.status = 'reserved' then r.reserved_fen else 0 end), 0)`.as('sum_reserved')])
			.groupBy(['g.id', 'g.amount_fen', 'g.reserved_fen', 'g.redeemed_fen', 'g.status'])
			.execute();
		expect(grants.length).toBeGreaterThan(2);
		for (const g of grants) {
			expect(g.amount_fen - g.reserved_fen - g.redeemed_fen).toBeGreaterThanOrEqual(0);
			expect(g.redeemed_fen).toBe(Number(g.sum_redeemed));
			expect(g.reserved_fen).toBe(Number(g.sum_reserved));
		}
		const programmes = await k
			.selectFrom('voucher_programmes as p')
			.leftJoin('voucher_grants as g', (j) => j.onRef('g.programme_id', '=', 'p.id').on('g.status', '=', 'approved'))
			.select(['p.id', 'p.budget_fen', 'p.granted_fen', 'p.cap_fen', sql<number>`coalesce(sum(g.amount_fen), 0)`.as('sum_granted'), sql<number>`coalesce(max(g.amount_fen), 0)`.as('max_grant')])
			.groupBy(['p.id', 'p.budget_fen', 'p.granted_fen', 'p.cap_fen'])
			.execute();
		for (const p of programmes) {
			expect(p.granted_fen).toBeLessThanOrEqual(p.budget_fen);
			expect(p.granted_fen).toBe(Number(p.sum_granted));
			expect(Number(p.max_grant)).toBeLessThanOrEqual(p.cap_fen);
		}
		// every redemption: reserved = min(ratio × fee, …), redeemed = ratio × final charge at most, the rest released, a unique key
		const r = await k
			.selectFrom('voucher_reservations as r')
			.innerJoin('voucher_programmes as p', 'p.id', 'r.programme_id')
			.select(['r.fee_fen', 'r.reserved_fen', 'r.redeemed_fen', 'r.released_fen', 'r.final_charge_fen', 'r.redemption_key', 'r.booking_id', 'r.sample_request_id', 'p.ratio_bp'])
			.execute();
		for (const x of r) {
			expect(x.reserved_fen).toBeLessThanOrEqual(Math.floor((x.fee_fen * x.ratio_bp) / 10_000 + 0.5));
			expect(x.redeemed_fen).toBeLessThanOrEqual(Math.floor((x.final_charge_fen! * x.ratio_bp) / 10_000 + 0.5));
			expect(x.redeemed_fen + x.released_fen).toBe(x.reserved_fen);
			expect(x.redemption_key).toBe(x.booking_id !== null ? `usage-${x.booking_id}` : `sample-${x.sample_request_id}`);
		}
	});

	it('settles the year before last of Hebei: paid provider claims whose lines are the redemptions', async () => {
		const k = db.kysely;
		const claims = await k.selectFrom('settlement_claims').selectAll().execute();
		expect(claims.length).toBeGreaterThan(0);
		expect(claims.every((c) => c.status === 'paid' && c.kind === 'provider' && c.issuer_area === 'HE' && c.claimed_fen === c.approved_fen)).toBe(true);
		const lines = await k
			.selectFrom('settlement_claim_lines as l')
			.innerJoin('voucher_reservations as r', 'r.id', 'l.reservation_id')
			.innerJoin('settlement_claims as c', 'c.id', 'l.claim_id')
			.select(['l.id', 'l.amount_fen', 'r.redeemed_fen', 'r.claim_line_id', 'r.provider_facility_id', 'c.facility_id'])
			.execute();
		for (const l of lines) expect([l.amount_fen, l.claim_line_id, l.provider_facility_id]).toEqual([l.redeemed_fen, l.id, l.facility_id]);
		const unclaimed2024 = await k
			.selectFrom('voucher_reservations as r')
			.innerJoin('voucher_programmes as p', 'p.id', 'r.programme_id')
			.select('r.id')
			.where('p.issuer_area', '=', 'HE')
			.where('p.year', '=', 2024)
			.where('r.redeemed_fen', '>', 0)
			.where('r.claim_line_id', 'is', null)
			.execute();
		expect(unclaimed2024).toEqual([]);
	});
});
