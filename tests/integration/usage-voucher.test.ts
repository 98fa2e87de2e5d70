import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS, openTestDb, type TestDb } from './test-db';
import { buildVoucherWorld } from './voucher-world';
import { createBooking } from '../../src/lib/server/booking/booking.service';
import { checkIn, checkOut } from '../../src/lib/server/usage/usage.service';
import { runNoShowSweep } from '../../src/lib/server/usage/no-show.job';

const HOUR = 3_600_000;
const MIN = 60_000;

describe.each(DIALECTS)('usage settles vouchers on %s', (dialect) => {
	let db: TestDb;
	beforeEach(async () => {
		db = await openTestDb(dialect);
	});
	afterEach(async () => db.cleanup());
	const grant = (id: number) => db.kysely.selectFrom('voucher_grants').select(['reserved_fen', 'redeemed_fen']).where('id', '=', id).executeTakeFirstOrThrow();

	it('redeems the voucher share of the actual use when the manager checks the booking out', async () => {
		const w = await buildVoucherWorld(db);
		const booking = await createBooking(db, w.researcherHe, { instrumentId: w.instrumentId, start: w.monday9, end: w.monday9 + 2 * HOUR, mode: 'assisted', purpose: '材料表征', project: '', voucherGrantId: w.grantId }, w.now);
		expect(await grant(w.grantId)).toEqual({ reserved_fen: 30_000, redeemed_fen: 0 });
		await checkIn(db, w.managerBj, w.managerBjRoles, booking.id, undefined, w.monday9);
		await checkOut(db, w.managerBj, w.managerBjRoles, booking.id, undefined, w.monday9 + 60 * MIN);
		// one hour used at ¥300/h = ¥300, half paid by the voucher; the rest of the reservation is released
		expect(await grant(w.grantId)).toEqual({ reserved_fen: 0, redeemed_fen: 15_000 });
		const charge = await db.kysely.selectFrom('booking_charges').select(['status', 'final_fen']).where('booking_id', '=', booking.id).executeTakeFirstOrThrow();
		expect(charge).toEqual({ status: 'final', final_fen: 30_000 });
	});

	it('releases the reservation of a no-show', async () => {
		const w = await buildVoucherWorld(db);
		const booking = await createBooking(db, w.researcherHe, { instrumentId: w.instrumentId, start: w.monday9, end: w.monday9 + 2 * HOUR, mode: 'assisted', purpose: '材料表征', project: '', voucherGrantId: w.grantId }, w.now);
		await runNoShowSweep(db, w.monday9 + 61 * MIN);
		const b = await db.kysely.selectFrom('bookings').select('status').where('id', '=', booking.id).executeTakeFirstOrThrow();
		expect(b.status).toBe('no_show');
		expect(await grant(w.grantId)).toEqual({ reserved_fen: 0, redeemed_fen: 0 });
	});
});
