// Vouchers on sample-testing requests, on SQLite and (with TEST_DATABASE_URL) PostgreSQL: the share is
// reserved with the request, released on rejection or withdrawal, redeemed on the report (keyed
// `sample-<id>`, a replay changes nothing), never overspent under concurrency, and claimed by providers.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS, openTestDb, type TestDb } from './test-db';
import { buildVoucherWorld } from './voucher-world';
import { createBooking } from '../../src/lib/server/booking/booking.service';
import { completeBooking } from '../../src/lib/server/pricing/charge.service';
import { acceptSample, advanceSample, cancelSample, rejectSample, reportSample, requestSample } from '../../src/lib/server/sample/sample.service';
import { redeemSample, sampleQuote } from '../../src/lib/server/voucher/sample-voucher.service';
import { claimDetail, createClaim } from '../../src/lib/server/voucher/settlement.service';
import { grantDetail } from '../../src/lib/server/voucher/grant.service';
import * as migration0010 from '../../migrations/2026-11-27-0010-sample-vouchers';
import * as migration0012 from '../../migrations/2026-11-27-0012-statistics-rollups';
import * as migration0015 from '../../migrations/2026-11-27-0015-statistics-month-versions';

const H = 3_600_000;
const pdf = { name: 'report.pdf', type: 'application/pdf', bytes: new TextEncoder().encode('%PDF-1.4 result') };

let resultsDir: string;
beforeAll(() => {
	resultsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jjj-sample-vouchers-'));
	process.env.RESULTS_DIR = resultsDir;
});
afterAll(() => {
	fs.rmSync(resultsDir, { recursive: true, force: true });
	delete process.env.RESULTS_DIR;
});

describe.each(DIALECTS)('sample vouchers on %s', (dialect) => {
	let db: TestDb;
	beforeEach(async () => {
		db = await openTestDb(dialect);
	});
	afterEach(async () => {
		await db.cleanup();
	});

	const grantRow = (id: number) => db.kysely.selectFrom('voucher_grants').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
	const reservationOf = (sampleId: number) => db.kysely.selectFrom('voucher_reservations').selectAll().where('sample_request_id', '=', sampleId).executeTakeFirst();
	const auditActions = async (reservationId: number) =>
		(await db.kysely.selectFrom('audit_log').select('action').where('entity', '=', 'voucher_reservation').where('entity_id', '=', reservationId).orderBy('id').execute()).map((a) => a.action);

	async function world(o: Parameters<typeof buildVoucherWorld>[1] = {}) {
		const w = await buildVoucherWorld(db, o);
		const input = (samples = 3) => ({ instrumentId: w.instrumentId, sampleCount: samples, sampleKind: '金属粉末', hazards: '', wantedDate: null, notes: '', voucherGrantId: w.grantId });
		return { ...w, input };
	}

	it('quotes per sample at the outside rate and reserves the voucher share with the request', async () => {
		const w = await world();
		// no price rule set: the instrument's displayed rate per sample, the same for every outside institution
		const q = await sampleQuote(db.kysely, { userId: w.researcherHe.id, institutionId: w.researcherHe.institutionId }, w.instrumentId, 3, w.now);
		expect(q).toMatchObject({ unit: 'sample', quantity: 3, rateFen: 30_000, feeFen: 90_000, internal: false });
		const s = await requestSample(db, w.researcherHe, w.input(3), w.now);
		const r = (await reservationOf(s.id))!;
		expect(r).toMatchObject({ booking_id: null, sample_request_id: s.id, fee_fen: 90_000, reserved_fen: 45_000, status: 'reserved', provider_area: 'BJ', issuer_area: 'HE' });
		expect((await grantRow(w.grantId)).reserved_fen).toBe(45_000);
		expect(await auditActions(r.id)).toEqual(['reserve']);
		// the enterprise sees it on its grant
		const detail = await grantDetail(db, w.researcherHe, w.researcherRoles, w.grantId);
		expect(detail.reservations).toMatchObject([{ sample_request_id: s.id, booking_id: null, reserved_fen: 45_000 }]);
	});

	it('refuses a grant of another enterprise and leaves no request behind', async () => {
		const w = await world();
		await expect(requestSample(db, w.researcherTj, w.input(), w.now)).rejects.toMatchObject({ problems: [{ code: 'voucher_not_yours' }] });
		expect(await db.kysely.selectFrom('sample_requests').select('id').execute()).toHaveLength(0);
		expect((await grantRow(w.grantId)).reserved_fen).toBe(0);
	});

	it('releases everything on rejection and on withdrawal', async () => {
		const w = await world();
		const a = await requestSample(db, w.researcherHe, w.input(2), w.now);
		const b = await requestSample(db, w.researcherHe, w.input(4), w.now);
		expect((await grantRow(w.grantId)).reserved_fen).toBe(30_000 + 60_000);
		await rejectSample(db, w.managerBj, w.managerBjRoles, a.id, '样品不适用', w.now);
		expect((await reservationOf(a.id))).toMatchObject({ status: 'released', released_fen: 30_000, redeemed_fen: 0 });
		await acceptSample(db, w.managerBj, w.managerBjRoles, b.id, 100_000, w.now);
		await cancelSample(db, w.researcherHe, b.id, w.now);
		expect((await reservationOf(b.id))).toMatchObject({ status: 'released', released_fen: 60_000 });
		const g = await grantRow(w.grantId);
		expect([g.reserved_fen, g.redeemed_fen]).toEqual([0, 0]);
		expect(await auditActions((await reservationOf(a.id))!.id)).toEqual(['reserve', 'release']);
	});

	it('redeems the share of the accepted quote on the report and a replayed redemption changes nothing', async () => {
		const w = await world();
		const s = await requestSample(db, w.researcherHe, w.input(3), w.now);
		await acceptSample(db, w.managerBj, w.managerBjRoles, s.id, 60_000, w.now);
		await advanceSample(db, w.managerBj, w.managerBjRoles, s.id, 'received', w.now);
		await advanceSample(db, w.managerBj, w.managerBjRoles, s.id, 'testing', w.now);
		await reportSample(db, w.managerBj, w.managerBjRoles, s.id, pdf, w.now + H);
		const r = (await reservationOf(s.id))!;
		expect(r).toMatchObject({ status: 'redeemed', final_charge_fen: 60_000, redeemed_fen: 30_000, released_fen: 15_000, redemption_key: `sample-${s.id}` });
		const g = await grantRow(w.grantId);
		expect([g.reserved_fen, g.redeemed_fen]).toEqual([0, 30_000]);
		const audits = (await db.kysely.selectFrom('audit_log').select('id').execute()).length;
		const again = await redeemSample(db, s.id, 90_000, `sample-${s.id}`, w.managerBj.id, w.now + 2 * H);
		expect(again?.replayed).toBe(true);
		expect(again?.reservation.redeemed_fen).toBe(30_000);
		const g2 = await grantRow(w.grantId);
		expect([g2.reserved_fen, g2.redeemed_fen]).toEqual([0, 30_000]);
		expect((await db.kysely.selectFrom('audit_log').select('id').execute()).length).toBe(audits);
		expect(await auditActions(r.id)).toEqual(['reserve', 'redeem']);
	});

	it('never overspends a grant: 20 concurrent requests against a grant that covers 3 → exactly 3 reserve', async () => {
		const w = await world({ grantFen: 135_000 });
		const results = await Promise.allSettled(Array.from({ length: 20 }, () => requestSample(db, w.researcherHe, w.input(3), w.now)));
		expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
		for (const r of results) if (r.status === 'rejected') expect(r.reason).toMatchObject({ problems: [{ code: 'voucher_balance_exhausted' }] });
		const g = await grantRow(w.grantId);
		expect([g.reserved_fen, g.redeemed_fen, g.amount_fen]).toEqual([135_000, 0, 135_000]);
		expect(await db.kysely.selectFrom('sample_requests').select('id').execute()).toHaveLength(3);
		expect(await db.kysely.selectFrom('voucher_reservations').select('id').execute()).toHaveLength(3);
	});

	it('a provider claim includes sample redemptions next to booking redemptions; totals equal their lines', async () => {
		const w = await world();
		const booking = await createBooking(db, w.researcherHe, { instrumentId: w.instrumentId, start: w.monday9, end: w.monday9 + H, mode: 'assisted', purpose: '材料表征', project: '', voucherGrantId: w.grantId }, w.now);
		await completeBooking(db, w.managerBj, w.managerBjRoles, booking.id, {}, w.monday9 + 2 * H);
		const s = await requestSample(db, w.researcherHe, w.input(2), w.now);
		await acceptSample(db, w.managerBj, w.managerBjRoles, s.id, 40_000, w.now);
		await advanceSample(db, w.managerBj, w.managerBjRoles, s.id, 'received', w.now);
		await advanceSample(db, w.managerBj, w.managerBjRoles, s.id, 'testing', w.now);
		await reportSample(db, w.managerBj, w.managerBjRoles, s.id, pdf, w.now + H);
		const claim = await createClaim(db, w.managerBj, w.managerBjRoles, { kind: 'provider', programmeId: w.programme.id, facilityId: w.facilityId, periodFrom: 0, periodTo: w.now + 30 * 24 * H }, w.now + 10 * 24 * H);
		const detail = await claimDetail(db, w.evaluatorHe, w.evaluatorHeRoles, claim.id);
		expect(detail.lines).toHaveLength(2);
		const sampleLine = detail.lines.find((l) => l.sample_request_id === s.id)!;
		// the contract is the sample request's service order
		expect(sampleLine).toMatchObject({ booking_id: null, amount_fen: 20_000, contract_no: expect.stringMatching(new RegExp(`^SO\\d{8}-S0*${s.id}$`)) });
		expect(detail.lines.find((l) => l.booking_id === booking.id)?.amount_fen).toBe(15_000);
		expect(Number(detail.claim.claimed_fen)).toBe(detail.lines.reduce((sum, l) => sum + Number(l.amount_fen), 0));
		expect(Number(detail.claim.claimed_fen)).toBe(35_000);
	});
	it('migration 0010 keeps booking reservations and their claim lines through down and up again', async () => {
		const w = await world();
		const booking = await createBooking(db, w.researcherHe, { instrumentId: w.instrumentId, start: w.monday9, end: w.monday9 + H, mode: 'assisted', purpose: '材料表征', project: '', voucherGrantId: w.grantId }, w.now);
		await completeBooking(db, w.managerBj, w.managerBjRoles, booking.id, {}, w.monday9 + 2 * H);
		const claim = await createClaim(db, w.managerBj, w.managerBjRoles, { kind: 'provider', programmeId: w.programme.id, facilityId: w.facilityId, periodFrom: 0, periodTo: w.now + 30 * 24 * H }, w.now + 10 * 24 * H);
		const before = await db.kysely.selectFrom('voucher_reservations').selectAll().execute();
		// later migrations that hang on the table (the statistics triggers of 0012 and 0015) go down first and come back after
		await migration0015.down(db.kysely);
		await migration0012.down(db.kysely);
		await migration0010.down(db.kysely);
		await migration0010.up(db.kysely);
		await migration0012.up(db.kysely);
		await migration0015.up(db.kysely);
		expect(await db.kysely.selectFrom('voucher_reservations').selectAll().execute()).toEqual(before);
		const detail = await claimDetail(db, w.evaluatorHe, w.evaluatorHeRoles, claim.id);
		expect(detail.lines).toMatchObject([{ booking_id: booking.id, amount_fen: 15_000 }]);
		// the reservation table still holds its guards: one owner only, and ids continue
		await expect(db.kysely.insertInto('voucher_reservations').values({ ...before[0], id: undefined, booking_id: null, sample_request_id: null, redemption_key: null } as never).execute()).rejects.toThrow(/check|constraint|owner/i);
		const s = await requestSample(db, w.researcherHe, w.input(1), w.now);
		expect((await reservationOf(s.id))!.id).toBeGreaterThan(before[0].id);
	});
});
