// Money of sample-testing requests (送样检测), the counterpart of the booking path in
// ../pricing/charge.service.ts. The sample service calls these hooks inside its transactions:
//   afterSampleRequested — the per-sample quote is recorded (sample_charges; its free samples count
//                          against the person's yearly quota) and the enterprise's grant share is
//                          reserved (same guarded reservation as bookings) when a grant was picked;
//   afterSampleAccepted  — for another institution, the service order (服务单);
//   afterSampleEnded     — rejected or withdrawn: the charge is void, the share released, the order cancelled;
//   afterSampleReported  — the charge is final (the manager's accepted quote, else the quote), the
//                          share of it redeemed under the idempotency key `sample-<id>` (a replay
//                          changes nothing), and the order completed with the charge and the share.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { withWriteTransaction, type Db } from '../db/dialect';
import type { SessionUser } from '../auth/session';
import { writeAudit } from '../audit/audit.repository';
import { ServiceError } from '../booking/booking.errors';
import { settleReservation } from '../../domain/voucher/voucher-rules';
import { finaliseSampleCharge, recordSampleQuote, sampleQuote, voidSampleCharge } from '../pricing/sample-charge.service';
import { cancelOrderForSample, completeOrderForSample, createOrderForSample } from '../service-order/service-order.service';
import { reserveForBooking } from './reservation.service';

export { sampleQuote };

type Q = Kysely<Database>;

/** Inside requestSample, after the insert: the quote, and the voucher share reserved when a grant was picked. */
export async function afterSampleRequested(trx: Q, user: SessionUser, s: { sampleRequestId: number; instrumentId: number; sampleCount: number; grantId: number | null }, now: number) {
	const q = await sampleQuote(trx, { userId: user.id, institutionId: user.institutionId }, s.instrumentId, s.sampleCount, now);
	await recordSampleQuote(trx, { sampleRequestId: s.sampleRequestId, userId: user.id }, q, now);
	if (s.grantId === null) return { quote: q, reservation: null };
	const reservation = await reserveForBooking(
		trx,
		user,
		{ grantId: s.grantId, bookingId: null, sampleRequestId: s.sampleRequestId, feeFen: q.feeFen, provider: { facilityId: q.instrument.facility_id, institutionId: q.instrument.institution_id, areaCode: q.instrument.area_code } },
		now
	);
	return { quote: q, reservation };
}

/** Inside acceptSample: a request of another institution gets its service order. */
export async function afterSampleAccepted(trx: Q, sampleRequestId: number, now: number) {
	return createOrderForSample(trx, sampleRequestId, now);
}

/** Inside reject and withdraw: nothing is charged, the voucher share is released, the order cancelled. */
export async function afterSampleEnded(trx: Q, sampleRequestId: number, actorUserId: number | null, now: number) {
	await voidSampleCharge(trx, sampleRequestId, now);
	await releaseForSample(trx, sampleRequestId, actorUserId, now);
	await cancelOrderForSample(trx, sampleRequestId, now);
}

export function findReservationBySample(db: Q, sampleRequestId: number) {
	return db.selectFrom('voucher_reservations').selectAll().where('sample_request_id', '=', sampleRequestId).executeTakeFirst();
}

async function moveOnGrant(trx: Q, grantId: number, unreserveFen: number, redeemFen: number, now: number) {
	await trx
		.updateTable('voucher_grants')
		.set((eb) => ({ reserved_fen: eb('reserved_fen', '-', unreserveFen), redeemed_fen: eb('redeemed_fen', '+', redeemFen), updated_at: now }))
		.where('id', '=', grantId)
		.execute();
}

/** Rejection or withdrawal: releases everything the request reserved; nothing happens when nothing is reserved. */
export async function releaseForSample(trx: Q, sampleRequestId: number, actorUserId: number | null, now: number) {
	const before = await findReservationBySample(trx, sampleRequestId);
	if (!before || before.status !== 'reserved') return null;
	const r = await trx
		.updateTable('voucher_reservations')
		.set({ status: 'released', released_fen: before.reserved_fen, updated_at: now })
		.where('id', '=', before.id)
		.where('status', '=', 'reserved')
		.executeTakeFirst();
	if (Number(r.numUpdatedRows) !== 1) return null;
	await moveOnGrant(trx, before.grant_id, before.reserved_fen, 0, now);
	const after = await findReservationBySample(trx, sampleRequestId);
	await writeAudit(trx, { actorUserId, entity: 'voucher_reservation', entityId: before.id, action: 'release', before, after, at: now });
	return after!;
}

/** Redeems the share of the final charge and releases the rest. Idempotent: once redeemed, any replay returns it unchanged. */
export async function redeemForSample(trx: Q, sampleRequestId: number, finalChargeFen: number, key: string, actorUserId: number | null, now: number) {
	const before = await findReservationBySample(trx, sampleRequestId);
	if (!before) return null;
	if (before.status === 'redeemed') return { reservation: before, replayed: true };
	if (before.status !== 'reserved') throw new ServiceError('conflict', [{ code: 'voucher_released' }]);
	const ratio = (await trx.selectFrom('voucher_programmes').select('ratio_bp').where('id', '=', before.programme_id).executeTakeFirstOrThrow()).ratio_bp;
	const { redeemFen, releaseFen } = settleReservation(before.reserved_fen, ratio, finalChargeFen);
	const r = await trx
		.updateTable('voucher_reservations')
		.set({ status: 'redeemed', redeemed_fen: redeemFen, released_fen: releaseFen, final_charge_fen: finalChargeFen, redemption_key: key, redeemed_at: now, updated_at: now })
		.where('id', '=', before.id)
		.where('status', '=', 'reserved')
		.executeTakeFirst();
	if (Number(r.numUpdatedRows) !== 1) return { reservation: (await findReservationBySample(trx, sampleRequestId))!, replayed: true };
	await moveOnGrant(trx, before.grant_id, before.reserved_fen, redeemFen, now);
	const after = (await findReservationBySample(trx, sampleRequestId))!;
	await writeAudit(trx, { actorUserId, entity: 'voucher_reservation', entityId: before.id, action: 'redeem', before, after: { ...after, key }, at: now });
	return { reservation: after, replayed: false };
}

/** Inside reportSample: the charge is final; the voucher share of it is redeemed under `sample-<id>`; the order completed. */
export async function afterSampleReported(trx: Q, s: Parameters<typeof finaliseSampleCharge>[1], actorUserId: number, now: number) {
	const finalFen = await finaliseSampleCharge(trx, s, now);
	const reservation = await findReservationBySample(trx, s.id);
	const redemption = reservation && reservation.status === 'reserved' ? await redeemForSample(trx, s.id, finalFen, `sample-${s.id}`, actorUserId, now) : null;
	const redeemedFen = redemption?.reservation.redeemed_fen ?? (reservation?.status === 'redeemed' ? reservation.redeemed_fen : 0);
	await completeOrderForSample(trx, s.id, finalFen, redeemedFen, now);
	return { finalFen, redemption };
}

/** Redemption in its own transaction, keyed (for retried requests and tests). */
export async function redeemSample(db: Db, sampleRequestId: number, finalChargeFen: number, key: string, actorUserId: number | null, now = Date.now()) {
	return withWriteTransaction(db, (trx) => redeemForSample(trx, sampleRequestId, finalChargeFen, key, actorUserId, now));
}
