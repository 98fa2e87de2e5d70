// The money of sample-testing requests, on SQLite and (with TEST_DATABASE_URL) PostgreSQL: the yearly
// free public-welfare quota is shared with earlier requests; an accepted request of another
// institution gets a service order (服务单) like a booking; its payment receipt lets a 通用 enterprise
// claim the voucher share back; its instrument time is never charged a second time as a booking.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS, openTestDb, type TestDb } from './test-db';
import { buildVoucherWorld } from './voucher-world';
import { createBooking } from '../../src/lib/server/booking/booking.service';
import { completableBookings, completeBooking } from '../../src/lib/server/pricing/charge.service';
import { saveRule } from '../../src/lib/server/pricing/price.service';
import { freeUsed } from '../../src/lib/server/pricing/price.repository';
import { acceptSample, advanceSample, cancelSample, getSample, listManagedSamples, rejectSample, reportSample, requestSample, scheduleSample } from '../../src/lib/server/sample/sample.service';
import { sampleQuote } from '../../src/lib/server/pricing/sample-charge.service';
import { clientPaysFen, getOrder, listOrdersForFacilities, listOrdersOfInstitution, recordPayment, saveTemplate } from '../../src/lib/server/service-order/service-order.service';
import { claimable, claimDetail, createClaim, listClaims, markPaid, reviewLine, spendingReport } from '../../src/lib/server/voucher/settlement.service';
import { myGrants } from '../../src/lib/server/voucher/grant.service';
import * as migration0013 from '../../migrations/2026-11-27-0013-sample-orders';

const H = 3_600_000;
const DAY = 24 * H;
const pdf = { name: 'report.pdf', type: 'application/pdf', bytes: new TextEncoder().encode('%PDF-1.4 result') };

let resultsDir: string;
beforeAll(() => {
	resultsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jjj-sample-orders-'));
	process.env.RESULTS_DIR = resultsDir;
});
afterAll(() => {
	fs.rmSync(resultsDir, { recursive: true, force: true });
	delete process.env.RESULTS_DIR;
});

describe.each(DIALECTS)('sample-testing charges and service orders on %s', (dialect) => {
	let db: TestDb;
	beforeEach(async () => {
		db = await openTestDb(dialect);
	});
	afterEach(async () => {
		await db.cleanup();
	});

	async function world(o: Parameters<typeof buildVoucherWorld>[1] = {}) {
		const w = await buildVoucherWorld(db, o);
		const input = (samples: number, grant = false) => ({ instrumentId: w.instrumentId, sampleCount: samples, sampleKind: '金属粉末', hazards: '', wantedDate: null, notes: '', voucherGrantId: grant ? w.grantId : null });
		/** accepted with a quote, received, tested and reported */
		const runToReport = async (id: number, quoteFen: number, at = w.now + H) => {
			await acceptSample(db, w.managerBj, w.managerBjRoles, id, quoteFen, w.now);
			await advanceSample(db, w.managerBj, w.managerBjRoles, id, 'received', w.now);
			await advanceSample(db, w.managerBj, w.managerBjRoles, id, 'testing', w.now);
			await reportSample(db, w.managerBj, w.managerBjRoles, id, pdf, at);
		};
		return { ...w, input, runToReport };
	}
	const chargeOf = (id: number) => db.kysely.selectFrom('sample_charges').selectAll().where('sample_request_id', '=', id).executeTakeFirstOrThrow();
	const orderOf = (id: number) => db.kysely.selectFrom('service_orders').selectAll().where('sample_request_id', '=', id).executeTakeFirst();

	/** ¥200 a sample outside, the first 2 samples a year free for enterprises */
	async function freeSamplesRule(w: Awaited<ReturnType<typeof world>>) {
		await saveRule(db, w.managerBj, w.managerBjRoles, w.instrumentId, { mode: 'sample', unit: 'sample', internalFen: 10_000, outsideFen: 20_000, minBilledMinutes: 1, freeQuotaPerYear: 2, freeKinds: ['enterprise'] }, w.now);
	}

	it('gives the yearly free samples once across sample requests, and back when a request is withdrawn or rejected', async () => {
		const w = await world();
		await freeSamplesRule(w);
		const first = await requestSample(db, w.researcherHe, w.input(3), w.now);
		expect(await chargeOf(first.id)).toMatchObject({ quantity: 3, free_quantity: 2, rate_fen: 20_000, quote_fen: 20_000, internal: 0, year: 2027, status: 'quoted' });
		// the second request of the year finds the quota used up
		const second = await requestSample(db, w.researcherHe, w.input(2), w.now + H);
		expect(await chargeOf(second.id)).toMatchObject({ free_quantity: 0, quote_fen: 40_000 });
		expect((await sampleQuote(db.kysely, { userId: w.researcherHe.id, institutionId: w.researcherHe.institutionId }, w.instrumentId, 1, w.now)).feeFen).toBe(20_000);
		expect(await freeUsed(db.kysely, w.researcherHe.id, w.instrumentId, 'sample', 2027)).toBe(2);
		// withdrawing the first gives its free samples back to the next request
		await cancelSample(db, w.researcherHe, first.id, w.now + 2 * H);
		expect((await chargeOf(first.id)).status).toBe('void');
		const third = await requestSample(db, w.researcherHe, w.input(1), w.now + 3 * H);
		expect(await chargeOf(third.id)).toMatchObject({ free_quantity: 1, quote_fen: 0 });
		await rejectSample(db, w.managerBj, w.managerBjRoles, third.id, '样品不适用', w.now + 4 * H);
		expect(await freeUsed(db.kysely, w.researcherHe.id, w.instrumentId, 'sample', 2027)).toBe(0);
		expect((await sampleQuote(db.kysely, { userId: w.researcherHe.id, institutionId: w.researcherHe.institutionId }, w.instrumentId, 2, w.now + 5 * H)).freeQuantity).toBe(2);
		// the quota is yearly: used up this year, whole again next year
		await requestSample(db, w.researcherHe, w.input(2), w.now + 5 * H);
		const nextYear = await requestSample(db, w.researcherHe, w.input(4), Date.UTC(2028, 0, 3, 2, 0));
		expect(await chargeOf(nextYear.id)).toMatchObject({ year: 2028, free_quantity: 2, quote_fen: 40_000 });
	});

	it('charges the free samples once: the final charge of a reported request is its quote, not a second quota look-up', async () => {
		const w = await world();
		await freeSamplesRule(w);
		const s = await requestSample(db, w.researcherHe, w.input(3), w.now);
		// the manager takes the price quote as it stands
		await w.runToReport(s.id, 20_000);
		expect(await chargeOf(s.id)).toMatchObject({ status: 'final', final_fen: 20_000, free_quantity: 2 });
		expect(await freeUsed(db.kysely, w.researcherHe.id, w.instrumentId, 'sample', 2027)).toBe(2);
		const listed = (await listManagedSamples(db, w.managerBjRoles)).find((x) => x.id === s.id)!;
		expect(listed).toMatchObject({ price_quote_fen: 20_000, free_samples: 2, quote_fen: 20_000, final_charge_fen: 20_000, charge_status: 'final' });
	});

	it('gives an accepted request of another institution a service order: parties, content, price, facility terms, voucher share, receipt', async () => {
		const w = await world();
		await saveTemplate(db, w.managerBj, w.managerBjRoles, w.facilityId, '测试结果归委托方所有（测试模板）', '双方保密（测试模板）', w.now);
		const s = await requestSample(db, w.researcherHe, w.input(3, true), w.now);
		expect(await orderOf(s.id)).toBeUndefined();
		await acceptSample(db, w.managerBj, w.managerBjRoles, s.id, 60_000, w.now);
		const order = (await orderOf(s.id))!;
		expect(order).toMatchObject({ booking_id: null, quote_fen: 60_000, charge_fen: null, voucher_fen: 45_000, status: 'open', client_user_id: w.researcherHe.id, client_institution_id: w.researcherHe.institutionId, ip_terms: '测试结果归委托方所有（测试模板）', confidentiality_terms: '双方保密（测试模板）' });
		expect(order.number).toMatch(new RegExp(`^SO20270101-S0*${s.id}$`));
		expect(order.content).toContain('3 × 金属粉末');
		// the client and the provider's managers see it; another institution does not
		const seen = await getOrder(db, w.researcherHe, w.researcherRoles, order.id);
		expect(seen).toMatchObject({ sample_request_id: s.id, sample_count: 3, voucher_model: 'exchange', canRecordPayment: false });
		expect((await getOrder(db, w.managerBj, w.managerBjRoles, order.id)).canRecordPayment).toBe(true);
		await expect(getOrder(db, w.researcherTj, w.researcherRoles, order.id)).rejects.toMatchObject({ kind: 'not_found' });
		expect((await listOrdersForFacilities(db, w.managerBjRoles)).map((o) => o.id)).toContain(order.id);
		expect((await listOrdersOfInstitution(db, w.researcherHe)).map((o) => o.id)).toContain(order.id);
		// the manager's list shows the order with the request
		expect(await getSample(db, w.managerBj, w.managerBjRoles, s.id)).toMatchObject({ order_id: order.id, order_number: order.number, voucher_reserved_fen: 45_000, voucher_status: 'reserved' });

		await advanceSample(db, w.managerBj, w.managerBjRoles, s.id, 'received', w.now);
		await advanceSample(db, w.managerBj, w.managerBjRoles, s.id, 'testing', w.now);
		await reportSample(db, w.managerBj, w.managerBjRoles, s.id, pdf, w.now + H);
		const done = (await getOrder(db, w.managerBj, w.managerBjRoles, order.id))!;
		expect(done).toMatchObject({ status: 'completed', charge_fen: 60_000, voucher_fen: 30_000, voucher_status: 'redeemed' });
		expect(clientPaysFen(done)).toBe(30_000); // 通兑: the provider redeems the share from the issuer
		await expect(recordPayment(db, w.managerBj, w.managerBjRoles, order.id, '', 30_000)).rejects.toMatchObject({ problems: [{ code: 'order_receipt_required' }] });
		await recordPayment(db, w.managerBj, w.managerBjRoles, order.id, 'RCPT-2027-0001', 30_000, w.now + 2 * H);
		expect(await orderOf(s.id)).toMatchObject({ status: 'paid', receipt_no: 'RCPT-2027-0001', paid_fen: 30_000, charge_fen: 60_000 });
	});

	it('gives no order for the provider’s own staff, and cancels the order of a withdrawn request', async () => {
		const w = await world();
		const own = await requestSample(db, w.researcherBj, w.input(1), w.now);
		await acceptSample(db, w.managerBj, w.managerBjRoles, own.id, 10_000, w.now);
		expect(await orderOf(own.id)).toBeUndefined();
		expect((await chargeOf(own.id)).internal).toBe(1);
		const s = await requestSample(db, w.researcherHe, w.input(2, true), w.now);
		await acceptSample(db, w.managerBj, w.managerBjRoles, s.id, 50_000, w.now);
		await cancelSample(db, w.researcherHe, s.id, w.now + H);
		expect(await orderOf(s.id)).toMatchObject({ status: 'cancelled' });
		expect((await chargeOf(s.id)).status).toBe('void');
		expect((await db.kysely.selectFrom('voucher_reservations').select('status').where('sample_request_id', '=', s.id).executeTakeFirstOrThrow()).status).toBe('released');
	});

	it('通用: the enterprise claims a sample line back with the sample’s service order and receipt; claim, grant and report agree', async () => {
		const w = await world({ model: 'general' });
		const booking = await createBooking(db, w.researcherHe, { instrumentId: w.instrumentId, start: w.monday9, end: w.monday9 + H, mode: 'assisted', purpose: '材料表征', project: '', voucherGrantId: w.grantId }, w.now);
		await completeBooking(db, w.managerBj, w.managerBjRoles, booking.id, {}, w.monday9 + 2 * H);
		const s = await requestSample(db, w.researcherHe, w.input(2, true), w.now);
		await w.runToReport(s.id, 40_000);
		const sampleOrder = (await orderOf(s.id))!;
		const bookingOrder = (await db.kysely.selectFrom('service_orders').selectAll().where('booking_id', '=', booking.id).executeTakeFirst())!;
		expect(sampleOrder).toMatchObject({ charge_fen: 40_000, voucher_fen: 20_000 });
		// 通用: the client pays the whole charge and claims the share back
		expect(clientPaysFen({ ...sampleOrder, voucher_model: 'general' })).toBe(40_000);
		const period = { kind: 'enterprise' as const, programmeId: w.programme.id, periodFrom: 0, periodTo: w.now + 30 * DAY };
		expect((await claimable(db, w.researcherHe, w.researcherRoles, 'enterprise')).map((c) => [c.sample_request_id, c.order_number, c.receipt_no])).toContainEqual([s.id, sampleOrder.number, null]);

		// no receipt yet on the orders: nothing can be claimed
		await recordPayment(db, w.managerBj, w.managerBjRoles, bookingOrder.id, 'RCPT-B-1', 30_000, w.now + 2 * DAY);
		await expect(createClaim(db, w.researcherHe, w.researcherRoles, period, w.now + 3 * DAY)).rejects.toMatchObject({ problems: [{ code: 'claim_receipt_missing' }] });
		await recordPayment(db, w.managerBj, w.managerBjRoles, sampleOrder.id, 'RCPT-S-1', 40_000, w.now + 3 * DAY);
		const claim = await createClaim(db, w.researcherHe, w.researcherRoles, period, w.now + 4 * DAY);
		const detail = await claimDetail(db, w.researcherHe, w.researcherRoles, claim.id);
		expect(detail.lines.map((l) => [l.sample_request_id, l.booking_id, l.contract_no, l.receipt_no, Number(l.amount_fen)])).toEqual(
			expect.arrayContaining([
				[s.id, null, sampleOrder.number, 'RCPT-S-1', 20_000],
				[null, booking.id, bookingOrder.number, 'RCPT-B-1', 15_000]
			])
		);
		expect(Number(detail.claim.claimed_fen)).toBe(35_000);
		expect((await listClaims(db, w.researcherHe, w.researcherRoles, 'enterprise')).map((c) => c.id)).toEqual([claim.id]);

		// the Hebei authority approves both lines and pays the batch
		for (const line of detail.lines) await reviewLine(db, w.evaluatorHe, w.evaluatorHeRoles, line.id, 'approved', '', w.now + 5 * DAY);
		const paid = await markPaid(db, w.evaluatorHe, w.evaluatorHeRoles, claim.id, 'HE-PAY-7', w.now + 6 * DAY);
		expect([paid.status, Number(paid.claimed_fen), Number(paid.approved_fen)]).toEqual(['paid', 35_000, 35_000]);
		const grant = (await myGrants(db, w.researcherHe)).find((g) => g.id === w.grantId)!;
		expect([grant.redeemed_fen, grant.reserved_fen, grant.balance_fen]).toEqual([35_000, 0, 500_000 - 35_000]);
		expect(await spendingReport(db, w.evaluatorHeRoles)).toEqual([{ issuerArea: 'HE', providerArea: 'BJ', count: 2, redeemedFen: 35_000, approvedFen: 35_000, paidFen: 35_000 }]);
	});

	it('never charges a sample request’s instrument time a second time as a booking', async () => {
		const w = await world();
		const s = await requestSample(db, w.researcherHe, w.input(2), w.now);
		await acceptSample(db, w.managerBj, w.managerBjRoles, s.id, 40_000, w.now);
		const scheduled = await scheduleSample(db, w.managerBj, w.managerBjRoles, s.id, w.monday9, w.monday9 + H, w.now);
		const at = w.monday9 + 2 * H;
		expect((await completableBookings(db, w.managerBjRoles, at)).map((b) => b.id)).not.toContain(scheduled.booking_id);
		await expect(completeBooking(db, w.managerBj, w.managerBjRoles, scheduled.booking_id!, {}, at)).rejects.toMatchObject({ problems: [{ code: 'charge_sample_by_report' }] });
		expect(await db.kysely.selectFrom('booking_charges').select('booking_id').execute()).toEqual([]);
	});

	it('migration 0013 keeps booking orders through down and up again and rebuilds the sample charges', async () => {
		const w = await world();
		await createBooking(db, w.researcherHe, { instrumentId: w.instrumentId, start: w.monday9, end: w.monday9 + H, mode: 'assisted', purpose: '材料表征', project: '', voucherGrantId: null }, w.now);
		const s = await requestSample(db, w.researcherHe, w.input(3, true), w.now);
		await w.runToReport(s.id, 60_000);
		const bookingOrders = await db.kysely.selectFrom('service_orders').selectAll().where('booking_id', 'is not', null).execute();
		expect(bookingOrders).toHaveLength(1);
		await migration0013.down(db.kysely);
		await migration0013.up(db.kysely);
		expect(await db.kysely.selectFrom('service_orders').selectAll().execute()).toEqual(bookingOrders.map((o) => ({ ...o })));
		// the charge row of the reported request comes back from what the request and its voucher say
		expect(await chargeOf(s.id)).toMatchObject({ quantity: 3, quote_fen: 90_000, final_fen: 60_000, status: 'final', year: 2027 });
		// an order still belongs to exactly one booking or sample request
		await expect(db.kysely.insertInto('service_orders').values({ ...bookingOrders[0], id: undefined, number: 'SO-X', booking_id: null, sample_request_id: null } as never).execute()).rejects.toThrow(/check|constraint|owner/i);
	});
});
