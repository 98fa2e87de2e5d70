// Quote and voucher spending on sample-testing requests (送样检测), the counterpart of the booking path
// in ../pricing/charge.service.ts: the quote is per sample (internal or outside rate, free quota);
// the enterprise's grant share is reserved in the request's transaction (same guarded reservation as
// bookings: reserveForBooking with a sample request id), released on rejection or withdrawal, and on
// the report the share of the final charge (the manager's accepted quote, else per-sample price ×
// samples) is redeemed under the idempotency key `sample-<id>`; a replay changes nothing.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { withWriteTransaction, type Db } from '../db/dialect';
import type { SessionUser } from '../auth/session';
import { writeAudit } from '../audit/audit.repository';
import { ServiceError } from '../booking/booking.errors';
import { quote, type InstitutionKindName } from '../../domain/pricing/price-rules';
import { settleReservation } from '../../domain/voucher/voucher-rules';
import { wallTime } from '../../domain/time/zone';
import * as priceRepo from '../pricing/price.repository';
import { ruleFor } from '../pricing/price.service';
import { reserveForBooking } from './reservation.service';

type Q = Kysely<Database>;

async function sampleProvider(trx: Q, instrumentId: number) {
	const i = await trx
		.selectFrom('instruments')
		.select(['id', 'facility_id', 'institution_id', 'price_hour_fen', 'timezone', 'area_code'])
		.where('id', '=', instrumentId)
		.executeTakeFirst();
	if (!i) throw new ServiceError('not_found');
	return i;
}

/** The per-sample quote for a person of an institution (read-only; free quota as for bookings). */
export async function sampleQuote(trx: Q, who: { userId: number; institutionId: number }, instrumentId: number, sampleCount: number, now: number) {
	const i = await sampleProvider(trx, instrumentId);
	const rule = await ruleFor(trx, i.id, 'sample', i.price_hour_fen);
	const inst = await trx.selectFrom('institutions').select('kind').where('id', '=', who.institutionId).executeTakeFirst();
	const year = wallTime(now, i.timezone).year;
	const internal = who.institutionId === i.institution_id;
	const freeUsed = await priceRepo.freeUsed(trx, who.userId, i.id, 'sample', year);
	const q = quote(rule, { bookedMinutes: 0, samples: sampleCount, internal, institutionKind: (inst?.kind ?? 'university') as InstitutionKindName, freeUsed });
	return { ...q, internal, instrument: i };
}

/** Inside requestSample, after the insert: the quote, and the voucher share reserved when a grant was picked. */
export async function afterSampleRequested(trx: Q, user: SessionUser, s: { sampleRequestId: number; instrumentId: number; sampleCount: number; grantId: number | null }, now: number) {
	if (s.grantId === null) return null;
	const q = await sampleQuote(trx, { userId: user.id, institutionId: user.institutionId }, s.instrumentId, s.sampleCount, now);
	const reservation = await reserveForBooking(
		trx,
		user,
		{ grantId: s.grantId, bookingId: null, sampleRequestId: s.sampleRequestId, feeFen: q.feeFen, provider: { facilityId: q.instrument.facility_id, institutionId: q.instrument.institution_id, areaCode: q.instrument.area_code } },
		now
	);
	return { quote: q, reservation };
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

/** The final charge of a reported request: the manager's accepted quote, else per-sample price × samples. */
export async function finalSampleChargeFen(trx: Q, s: { instrument_id: number; user_id: number; user_institution_id: number; sample_count: number; quote_fen: number | null }, now: number) {
	if (s.quote_fen !== null) return s.quote_fen;
	return (await sampleQuote(trx, { userId: s.user_id, institutionId: s.user_institution_id }, s.instrument_id, s.sample_count, now)).feeFen;
}

/** Inside reportSample: the charge is final; the voucher share of it is redeemed under `sample-<id>`. */
export async function afterSampleReported(trx: Q, s: Parameters<typeof finalSampleChargeFen>[1] & { id: number }, actorUserId: number, now: number) {
	const reservation = await findReservationBySample(trx, s.id);
	if (!reservation || reservation.status !== 'reserved') return null;
	return redeemForSample(trx, s.id, await finalSampleChargeFen(trx, s, now), `sample-${s.id}`, actorUserId, now);
}

/** Redemption in its own transaction, keyed (for retried requests and tests). */
export async function redeemSample(db: Db, sampleRequestId: number, finalChargeFen: number, key: string, actorUserId: number | null, now = Date.now()) {
	return withWriteTransaction(db, (trx) => redeemForSample(trx, sampleRequestId, finalChargeFen, key, actorUserId, now));
}
