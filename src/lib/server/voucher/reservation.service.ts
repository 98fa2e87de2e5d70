// Voucher spending on bookings: reserve when a booking is sent (inside the booking transaction),
// release on cancel or reject, redeem on completion with an idempotency key. A grant can never go
// negative (conditional update + CHECK constraint) and a reservation is redeemed at most once
// (status-conditional update + unique redemption key).
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { withWriteTransaction, type Db } from '../db/dialect';
import type { SessionUser } from '../auth/session';
import { writeAudit } from '../audit/audit.repository';
import { ServiceError } from '../booking/booking.errors';
import { grantUsable, programmeAccepts, settleReservation, voucherShare } from '../../domain/voucher/voucher-rules';
import * as repo from './voucher.repository';

type Q = Kysely<Database>;

export interface ReserveInput {
	grantId: number;
	bookingId: number | null; // sample vouchers: null when the reservation is for a sample request
	sampleRequestId?: number | null; // sample vouchers
	feeFen: number;
	provider: { facilityId: number; institutionId: number; areaCode: 'BJ' | 'TJ' | 'HE' };
}

/** Reserves the voucher share of a booking's fee on the person's enterprise grant; throws ServiceError('conflict') when it cannot. */
export async function reserveForBooking(trx: Q, user: SessionUser, input: ReserveInput, now: number) {
	for (let attempt = 0; attempt < 3; attempt++) {
		const grant = await repo.findGrant(trx, input.grantId);
		if (!grant || grant.institution_id !== user.institutionId) throw new ServiceError('conflict', [{ code: 'voucher_not_yours' }]);
		if (!grantUsable({ status: grant.status, expiresAt: grant.expires_at }, now)) throw new ServiceError('conflict', [{ code: 'voucher_not_usable' }]);
		const list = await repo.listIds(trx, grant.programme_id);
		if (!programmeAccepts({ issuerArea: grant.issuer_area, scope: grant.scope, ...list }, input.provider)) {
			throw new ServiceError('conflict', [{ code: 'voucher_provider_not_accepted' }]);
		}
		const capLeftFen = grant.cap_fen - (await repo.enterpriseSpent(trx, grant.programme_id, grant.institution_id));
		const share = voucherShare({ ratioBp: grant.ratio_bp, feeFen: input.feeFen, balanceFen: grant.amount_fen - grant.reserved_fen - grant.redeemed_fen, capLeftFen });
		if (share <= 0) throw new ServiceError('conflict', [{ code: input.feeFen <= 0 ? 'voucher_nothing_to_pay' : 'voucher_balance_exhausted' }]);
		// Another transaction may have spent the balance since the read: the update re-checks it.
		if (!(await repo.reserveOnGrant(trx, grant.id, share, now))) continue;
		const row = await trx
			.insertInto('voucher_reservations')
			.values({
				grant_id: grant.id,
				booking_id: input.bookingId,
				sample_request_id: input.sampleRequestId ?? null, // sample vouchers
				programme_id: grant.programme_id,
				issuer_area: grant.issuer_area,
				model: grant.model,
				enterprise_institution_id: grant.institution_id,
				provider_facility_id: input.provider.facilityId,
				provider_institution_id: input.provider.institutionId,
				provider_area: input.provider.areaCode,
				fee_fen: input.feeFen,
				reserved_fen: share,
				final_charge_fen: null,
				status: 'reserved',
				redemption_key: null,
				redeemed_at: null,
				claim_line_id: null,
				created_at: now,
				updated_at: now
			})
			.returningAll()
			.executeTakeFirstOrThrow();
		await writeAudit(trx, { actorUserId: user.id, entity: 'voucher_reservation', entityId: row.id, action: 'reserve', after: row, at: now });
		return row;
	}
	throw new ServiceError('conflict', [{ code: 'voucher_balance_exhausted' }]);
}

/** Releases everything a booking reserved (cancel or reject); nothing happens when nothing is reserved. */
export async function releaseForBooking(trx: Q, bookingId: number, actorUserId: number | null, now: number) {
	const before = await repo.findReservationByBooking(trx, bookingId);
	if (!before || before.status !== 'reserved') return null;
	const r = await trx
		.updateTable('voucher_reservations')
		.set({ status: 'released', released_fen: before.reserved_fen, updated_at: now })
		.where('id', '=', before.id)
		.where('status', '=', 'reserved')
		.executeTakeFirst();
	if (Number(r.numUpdatedRows) !== 1) return null;
	await repo.moveOnGrant(trx, before.grant_id, before.reserved_fen, 0, now);
	const after = await repo.findReservationByBooking(trx, bookingId);
	await writeAudit(trx, { actorUserId, entity: 'voucher_reservation', entityId: before.id, action: 'release', before, after, at: now });
	return after!;
}

/**
 * Redeems the voucher share of the final charge and releases the rest. Idempotent: a replay (same
 * key, or any key once redeemed) changes nothing and returns the redemption as it stands.
 */
export async function redeemForBooking(trx: Q, bookingId: number, finalChargeFen: number, key: string, actorUserId: number | null, now: number) {
	const before = await repo.findReservationByBooking(trx, bookingId);
	if (!before) return null;
	if (before.status === 'redeemed') return { reservation: before, replayed: true };
	if (before.status !== 'reserved') throw new ServiceError('conflict', [{ code: 'voucher_released' }]);
	const { redeemFen, releaseFen } = settleReservation(before.reserved_fen, (await ratioOf(trx, before.programme_id)), finalChargeFen);
	const r = await trx
		.updateTable('voucher_reservations')
		.set({ status: 'redeemed', redeemed_fen: redeemFen, released_fen: releaseFen, final_charge_fen: finalChargeFen, redemption_key: key, redeemed_at: now, updated_at: now })
		.where('id', '=', before.id)
		.where('status', '=', 'reserved')
		.executeTakeFirst();
	if (Number(r.numUpdatedRows) !== 1) return { reservation: (await repo.findReservationByBooking(trx, bookingId))!, replayed: true };
	await repo.moveOnGrant(trx, before.grant_id, before.reserved_fen, redeemFen, now);
	const after = (await repo.findReservationByBooking(trx, bookingId))!;
	await writeAudit(trx, { actorUserId, entity: 'voucher_reservation', entityId: before.id, action: 'redeem', before, after: { ...after, key }, at: now });
	return { reservation: after, replayed: false };
}

async function ratioOf(trx: Q, programmeId: number): Promise<number> {
	return (await trx.selectFrom('voucher_programmes').select('ratio_bp').where('id', '=', programmeId).executeTakeFirstOrThrow()).ratio_bp;
}

/** Redemption in its own transaction, keyed (for retried requests and tests). */
export async function redeemBooking(db: Db, bookingId: number, finalChargeFen: number, key: string, actorUserId: number | null, now = Date.now()) {
	return withWriteTransaction(db, (trx) => redeemForBooking(trx, bookingId, finalChargeFen, key, actorUserId, now));
}
