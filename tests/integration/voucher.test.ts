// Vouchers end to end through the services, on SQLite and (with TEST_DATABASE_URL) PostgreSQL.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS, openTestDb, type TestDb } from './test-db';
import { buildVoucherWorld } from './voucher-world';
import { newInstitution, newInstrument, newUser } from './fixtures';
import { createBooking, cancelOwnBooking } from '../../src/lib/server/booking/booking.service';
import { completeBooking } from '../../src/lib/server/pricing/charge.service';
import { redeemBooking } from '../../src/lib/server/voucher/reservation.service';
import { applyForGrant, approveGrant, grantDetail, myGrants } from '../../src/lib/server/voucher/grant.service';
import { claimDetail, createClaim, listClaims, markPaid, reviewLine, spendingReport } from '../../src/lib/server/voucher/settlement.service';
import { createProgramme } from '../../src/lib/server/voucher/programme.service';
import { getOrder, recordPayment } from '../../src/lib/server/service-order/service-order.service';
import { loadRoles } from '../../src/lib/server/auth/roles';
import { ServiceError } from '../../src/lib/server/booking/booking.errors';
import type { SessionUser } from '../../src/lib/server/auth/session';

const HOUR = 3_600_000;

async function grantRow(db: TestDb, id: number) {
	return db.kysely.selectFrom('voucher_grants').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

describe.each(DIALECTS)('vouchers on %s', (dialect) => {
	let db: TestDb;
	beforeEach(async () => {
		db = await openTestDb(dialect);
	});
	afterEach(async () => {
		await db.cleanup();
	});

	it('reserves the voucher share when the booking is sent and releases it on cancel', async () => {
		const w = await buildVoucherWorld(db);
		const booking = await createBooking(db, w.researcherHe, { instrumentId: w.instrumentId, start: w.monday9, end: w.monday9 + HOUR, mode: 'assisted', purpose: '材料表征', project: '', voucherGrantId: w.grantId }, w.now);
		expect(booking.quote_fen).toBe(30_000);
		expect((await grantRow(db, w.grantId)).reserved_fen).toBe(15_000);
		await cancelOwnBooking(db, w.researcherHe, booking.id, w.now);
		const g = await grantRow(db, w.grantId);
		expect([g.reserved_fen, g.redeemed_fen]).toEqual([0, 0]);
	});

	it('refuses a grant of another enterprise and leaves no booking behind', async () => {
		const w = await buildVoucherWorld(db);
		await expect(createBooking(db, w.researcherTj, { instrumentId: w.instrumentId, start: w.monday9, end: w.monday9 + HOUR, mode: 'assisted', purpose: '材料表征', project: '', voucherGrantId: w.grantId }, w.now)).rejects.toMatchObject({ problems: [{ code: 'voucher_not_yours' }] });
		expect(await db.kysely.selectFrom('bookings').select('id').execute()).toHaveLength(0);
	});

	it('redeems the share of the actual use on completion and a replayed redemption changes nothing', async () => {
		const w = await buildVoucherWorld(db);
		const booking = await createBooking(db, w.researcherHe, { instrumentId: w.instrumentId, start: w.monday9, end: w.monday9 + 2 * HOUR, mode: 'assisted', purpose: '材料表征', project: '', voucherGrantId: w.grantId }, w.now);
		expect((await grantRow(db, w.grantId)).reserved_fen).toBe(30_000);
		// the usage record says 45 minutes were used
		await db.kysely.insertInto('usage_records').values({ booking_id: booking.id, instrument_id: w.instrumentId, user_id: w.researcherHe.id, operator_user_id: null, start_at: w.monday9, end_at: w.monday9 + 45 * 60_000, recorded_by: w.managerBj.id, source: 'manager', created_at: w.now, updated_at: w.now }).execute();
		const first = await completeBooking(db, w.managerBj, w.managerBjRoles, booking.id, {}, w.monday9 + 3 * HOUR);
		expect(first.charge.final_fen).toBe(22_500);
		const g = await grantRow(db, w.grantId);
		expect([g.reserved_fen, g.redeemed_fen]).toEqual([0, 11_250]);
		const audits = (await db.kysely.selectFrom('audit_log').select('id').execute()).length;
		const again = await redeemBooking(db, booking.id, 30_000, 'complete-booking-' + booking.id, w.managerBj.id);
		expect(again?.replayed).toBe(true);
		const replay = await completeBooking(db, w.managerBj, w.managerBjRoles, booking.id, {}, w.monday9 + 4 * HOUR);
		expect(replay.replayed).toBe(true);
		const g2 = await grantRow(db, w.grantId);
		expect([g2.reserved_fen, g2.redeemed_fen]).toEqual([0, 11_250]);
		expect((await db.kysely.selectFrom('audit_log').select('id').execute()).length).toBe(audits);
	});

	it('lets exactly 3 of 20 concurrent reservations succeed against a grant that covers 3', async () => {
		const w = await buildVoucherWorld(db, { grantFen: 45_000 });
		const instruments = [];
		for (let n = 0; n < 20; n++) instruments.push(await newInstrument(db, { facilityId: w.facilityId, approvalMode: 'auto', priceHourFen: 30_000, openingHours: JSON.stringify([1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '08:30', end: '17:30' }))) }));
		const results = await Promise.allSettled(
			instruments.map((i) => createBooking(db, w.researcherHe, { instrumentId: i.id, start: w.monday9, end: w.monday9 + HOUR, mode: 'assisted', purpose: '并发测试', project: '', voucherGrantId: w.grantId }, w.now))
		);
		const ok = results.filter((r) => r.status === 'fulfilled');
		expect(ok).toHaveLength(3);
		for (const r of results) if (r.status === 'rejected') expect((r.reason as ServiceError).problems[0].code).toBe('voucher_balance_exhausted');
		const g = await grantRow(db, w.grantId);
		expect(g.reserved_fen).toBe(45_000);
		expect(await db.kysely.selectFrom('voucher_reservations').select('id').execute()).toHaveLength(3);
		expect(await db.kysely.selectFrom('bookings').select('id').execute()).toHaveLength(3);
	});

	it('never grants beyond the budget, even under concurrent approvals', async () => {
		const w = await buildVoucherWorld(db, { budgetFen: 100_000, capFen: 40_000, grantFen: 0 });
		const applications = [];
		for (let n = 0; n < 6; n++) {
			const inst = await newInstitution(db, { area: 'HE', kind: 'enterprise' });
			const u = await newUser(db, { institutionId: inst.id });
			const user: SessionUser = { id: u.id, email: u.email, name: u.name, institutionId: inst.id, institutionName: '', areaCode: 'HE', locale: 'zh-CN' };
			applications.push(await applyForGrant(db, user, w.programme.id, 30_000, '申请', w.now));
		}
		const results = await Promise.allSettled(applications.map((a) => approveGrant(db, w.evaluatorHe, w.evaluatorHeRoles, a.id, 30_000, w.now)));
		expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
		const p = await db.kysely.selectFrom('voucher_programmes').select(['granted_fen', 'budget_fen']).where('id', '=', w.programme.id).executeTakeFirstOrThrow();
		expect(p.granted_fen).toBe(90_000);
	});

	it('settles: the provider claims, the authority reviews each line, totals equal their lines, the report agrees', async () => {
		const w = await buildVoucherWorld(db);
		const ids = [];
		for (const day of [0, 1]) {
			const start = w.monday9 + day * 24 * HOUR;
			const b = await createBooking(db, w.researcherHe, { instrumentId: w.instrumentId, start, end: start + HOUR, mode: 'assisted', purpose: '材料表征', project: '', voucherGrantId: w.grantId }, w.now);
			await completeBooking(db, w.managerBj, w.managerBjRoles, b.id, day === 1 ? { adjustedFen: 20_001, reason: '减免部分机时' } : {}, start + 2 * HOUR);
			ids.push(b.id);
		}
		// a manager of another facility may not claim, and sees no claims
		await expect(createClaim(db, w.managerTj, w.managerTjRoles, { kind: 'provider', programmeId: w.programme.id, facilityId: w.facilityId, periodFrom: 0, periodTo: w.now + 30 * 24 * HOUR })).rejects.toMatchObject({ kind: 'forbidden' });
		const claim = await createClaim(db, w.managerBj, w.managerBjRoles, { kind: 'provider', programmeId: w.programme.id, facilityId: w.facilityId, periodFrom: 0, periodTo: w.now + 30 * 24 * HOUR }, w.now + 10 * 24 * HOUR);
		expect(claim.claimed_fen).toBe(15_000 + 10_001);
		await expect(createClaim(db, w.managerBj, w.managerBjRoles, { kind: 'provider', programmeId: w.programme.id, facilityId: w.facilityId, periodFrom: 0, periodTo: w.now + 30 * 24 * HOUR })).rejects.toMatchObject({ problems: [{ code: 'claim_nothing' }] });
		expect(await listClaims(db, w.managerTj, w.managerTjRoles, 'provider')).toHaveLength(0);
		const tjEvaluator = await newUser(db, { area: 'TJ', role: 'evaluator', roleArea: 'TJ' });
		const tjRoles = await loadRoles(db, tjEvaluator.id);
		const tjUser: SessionUser = { id: tjEvaluator.id, email: tjEvaluator.email, name: '', institutionId: tjEvaluator.institution_id, institutionName: '', areaCode: 'TJ', locale: 'zh-CN' };
		await expect(claimDetail(db, tjUser, tjRoles, claim.id)).rejects.toMatchObject({ kind: 'not_found' });
		expect(await spendingReport(db, tjRoles)).toEqual([]);

		const detail = await claimDetail(db, w.evaluatorHe, w.evaluatorHeRoles, claim.id);
		await expect(reviewLine(db, tjUser, tjRoles, detail.lines[0].id, 'approved', '')).rejects.toMatchObject({ kind: 'forbidden' });
		await expect(reviewLine(db, w.evaluatorHe, w.evaluatorHeRoles, detail.lines[1].id, 'rejected', '')).rejects.toMatchObject({ problems: [{ code: 'reason_required' }] });
		await reviewLine(db, w.evaluatorHe, w.evaluatorHeRoles, detail.lines[0].id, 'approved', '');
		await expect(markPaid(db, w.evaluatorHe, w.evaluatorHeRoles, claim.id, 'PAY-1')).rejects.toMatchObject({ problems: [{ code: 'claim_not_reviewed' }] });
		await reviewLine(db, w.evaluatorHe, w.evaluatorHeRoles, detail.lines[1].id, 'rejected', '合同缺失');
		const paid = await markPaid(db, w.evaluatorHe, w.evaluatorHeRoles, claim.id, 'PAY-1');
		const lines = await db.kysely.selectFrom('settlement_claim_lines').selectAll().where('claim_id', '=', claim.id).execute();
		expect(paid.claimed_fen).toBe(lines.reduce((s, l) => s + l.amount_fen, 0));
		expect(paid.approved_fen).toBe(lines.filter((l) => l.status === 'approved').reduce((s, l) => s + l.amount_fen, 0));
		expect(paid.approved_fen).toBe(15_000);
		const grant = (await myGrants(db, w.researcherHe))[0];
		expect(grant.redeemed_fen).toBe(25_001);
		expect(grant.balance_fen).toBe(500_000 - 25_001);
		expect(await spendingReport(db, w.evaluatorHeRoles)).toEqual([{ issuerArea: 'HE', providerArea: 'BJ', count: 2, redeemedFen: 25_001, approvedFen: 15_000, paidFen: 15_000 }]);
		// enterprises see only their own grants
		await expect(grantDetail(db, w.researcherBj, w.researcherRoles, w.grantId)).rejects.toMatchObject({ kind: 'not_found' });
		expect(await myGrants(db, w.researcherBj)).toHaveLength(0);
	});

	it('opens a service order on approval for another institution and records its payment', async () => {
		const w = await buildVoucherWorld(db);
		const b = await createBooking(db, w.researcherHe, { instrumentId: w.instrumentId, start: w.monday9, end: w.monday9 + HOUR, mode: 'assisted', purpose: '材料表征', project: '', voucherGrantId: w.grantId }, w.now);
		const order = await db.kysely.selectFrom('service_orders').selectAll().where('booking_id', '=', b.id).executeTakeFirstOrThrow();
		expect(order.quote_fen).toBe(30_000);
		expect(order.voucher_fen).toBe(15_000);
		const seen = await getOrder(db, w.researcherHe, w.researcherRoles, order.id);
		expect(seen.client_zh).toBe('保定测试科技有限公司');
		await expect(getOrder(db, w.researcherTj, w.researcherRoles, order.id)).rejects.toMatchObject({ kind: 'not_found' });
		await expect(recordPayment(db, w.managerTj, w.managerTjRoles, order.id, 'R-001', 15_000)).rejects.toMatchObject({ kind: 'forbidden' });
		const paid = await recordPayment(db, w.managerBj, w.managerBjRoles, order.id, 'R-2027-001', 15_000);
		expect([paid.status, paid.receipt_no]).toEqual(['paid', 'R-2027-001']);
	});

	it('an evaluator of another area may not create a programme for Hebei', async () => {
		const w = await buildVoucherWorld(db, { grantFen: 0 });
		await expect(createProgramme(db, w.managerBj, w.managerBjRoles, { ...w.programme, issuerArea: 'HE', nameZh: 'x', nameEn: '', year: 2027, budgetFen: 1, ratioBp: 1, capFen: 1, validFrom: 0, validTo: 1, model: 'general', scope: 'all', facilityIds: [], institutionIds: [], budget: 0 } as never)).rejects.toMatchObject({ kind: 'forbidden' });
	});
});

describe.each(DIALECTS)('charges on %s', (dialect) => {
	let db: TestDb;
	beforeEach(async () => {
		db = await openTestDb(dialect);
	});
	afterEach(async () => {
		await db.cleanup();
	});

	it('a booking completed elsewhere (check-out) is settled from the usage record, and an adjustment needs a reason', async () => {
		const w = await buildVoucherWorld(db);
		const b = await createBooking(db, w.researcherHe, { instrumentId: w.instrumentId, start: w.monday9, end: w.monday9 + HOUR, mode: 'assisted', purpose: '材料表征', project: '', voucherGrantId: w.grantId }, w.now);
		await db.kysely.insertInto('usage_records').values({ booking_id: b.id, instrument_id: w.instrumentId, user_id: w.researcherHe.id, operator_user_id: null, start_at: w.monday9, end_at: w.monday9 + 20 * 60_000, recorded_by: null, source: 'checkin', created_at: w.now, updated_at: w.now }).execute();
		await db.kysely.updateTable('bookings').set({ status: 'completed', active: 0 }).where('id', '=', b.id).execute();
		await expect(completeBooking(db, w.managerBj, w.managerBjRoles, b.id, { adjustedFen: 100, reason: '' }, w.monday9 + 2 * HOUR)).rejects.toMatchObject({ problems: [{ code: 'charge_reason_required' }] });
		const r = await completeBooking(db, w.managerBj, w.managerBjRoles, b.id, {}, w.monday9 + 2 * HOUR);
		expect(r.charge.final_fen).toBe(10_000); // 20 minutes at ¥300/h
		expect(r.redemption?.reservation.redeemed_fen).toBe(5_000);
		await expect(completeBooking(db, w.managerTj, w.managerTjRoles, b.id, {}, w.monday9 + 2 * HOUR)).rejects.toMatchObject({ kind: 'forbidden' });
	});

	it('refuses an area surcharge when a manager sets prices, and keeps the displayed rate in step', async () => {
		const w = await buildVoucherWorld(db, { grantFen: 0 });
		const { saveRule } = await import('../../src/lib/server/pricing/price.service');
		await expect(saveRule(db, w.managerBj, w.managerBjRoles, w.instrumentId, { mode: 'self', unit: 'hour', internalFen: 10_000, outsideFen: 20_000, minBilledMinutes: 30, freeQuotaPerYear: 0, freeKinds: [], crossAreaFen: 40_000 })).rejects.toMatchObject({ problems: [{ code: 'price_area_surcharge_refused' }] });
		await saveRule(db, w.managerBj, w.managerBjRoles, w.instrumentId, { mode: 'self', unit: 'hour', internalFen: 10_000, outsideFen: 20_000, minBilledMinutes: 30, freeQuotaPerYear: 0, freeKinds: [] });
		const i = await db.kysely.selectFrom('instruments').select('price_hour_fen').where('id', '=', w.instrumentId).executeTakeFirstOrThrow();
		expect(i.price_hour_fen).toBe(20_000);
		await expect(saveRule(db, w.managerTj, w.managerTjRoles, w.instrumentId, { mode: 'self', unit: 'hour', internalFen: 1, outsideFen: 2, minBilledMinutes: 30, freeQuotaPerYear: 0, freeKinds: [] })).rejects.toMatchObject({ kind: 'forbidden' });
		// the same price for a Tianjin university and a Hebei enterprise: one outside rate
		const tj = await createBooking(db, w.researcherTj, { instrumentId: w.instrumentId, start: w.monday9, end: w.monday9 + 40 * 60_000 + 20 * 60_000, mode: 'self', purpose: '测试', project: '' }, w.now);
		const he = await createBooking(db, w.researcherHe, { instrumentId: w.instrumentId, start: w.monday9 + 2 * HOUR, end: w.monday9 + 3 * HOUR, mode: 'self', purpose: '测试', project: '' }, w.now);
		expect([tj.quote_fen, he.quote_fen]).toEqual([20_000, 20_000]);
	});
});

describe.each(DIALECTS)('通用 (general) model on %s', (dialect) => {
	let db: TestDb;
	beforeEach(async () => {
		db = await openTestDb(dialect);
	});
	afterEach(async () => {
		await db.cleanup();
	});

	it('the enterprise claims its subsidy with the order as contract and the receipt; a provider may not', async () => {
		const w = await buildVoucherWorld(db, { model: 'general' });
		const b = await createBooking(db, w.researcherHe, { instrumentId: w.instrumentId, start: w.monday9, end: w.monday9 + HOUR, mode: 'assisted', purpose: '材料表征', project: '', voucherGrantId: w.grantId }, w.now);
		await completeBooking(db, w.managerBj, w.managerBjRoles, b.id, {}, w.monday9 + 2 * HOUR);
		const period = { programmeId: w.programme.id, periodFrom: 0, periodTo: w.monday9 + 30 * 24 * HOUR };
		await expect(createClaim(db, w.managerBj, w.managerBjRoles, { kind: 'provider', facilityId: w.facilityId, ...period })).rejects.toMatchObject({ problems: [{ code: 'claim_model_general' }] });
		await expect(createClaim(db, w.researcherHe, w.researcherRoles, { kind: 'enterprise', ...period })).rejects.toMatchObject({ problems: [{ code: 'claim_receipt_missing' }] });
		const order = await db.kysely.selectFrom('service_orders').selectAll().where('booking_id', '=', b.id).executeTakeFirstOrThrow();
		await recordPayment(db, w.managerBj, w.managerBjRoles, order.id, 'FP-2027-0001', 30_000);
		const claim = await createClaim(db, w.researcherHe, w.researcherRoles, { kind: 'enterprise', ...period });
		const detail = await claimDetail(db, w.researcherHe, w.researcherRoles, claim.id);
		expect(detail.lines).toHaveLength(1);
		expect(detail.lines[0]).toMatchObject({ contract_no: order.number, receipt_no: 'FP-2027-0001', amount_fen: 15_000 });
		expect((await listClaims(db, w.researcherHe, w.researcherRoles, 'enterprise')).map((c) => c.id)).toEqual([claim.id]);
		await reviewLine(db, w.evaluatorHe, w.evaluatorHeRoles, detail.lines[0].id, 'approved', '');
		expect((await markPaid(db, w.evaluatorHe, w.evaluatorHeRoles, claim.id, 'HE-PAY-7')).approved_fen).toBe(15_000);
	});
});
