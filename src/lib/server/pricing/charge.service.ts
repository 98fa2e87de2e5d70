// Quote and charge of a booking, and the hooks the booking service calls:
//   afterBookingInserted  — inside createBooking: quote (booking_charges + bookings.quote_fen), voucher reservation, service order
//   afterBookingApproved  — inside approveBooking: the service order
//   afterBookingEnded     — inside cancel/reject: void the charge, release the voucher, cancel the order
// and completion: completeBooking (a manager action) or finaliseBookingCharge (inside any completion
// transaction, e.g. check-out): the final charge comes from the usage record when one exists, else
// from the booked time; a manager may set another amount with a reason (audited); the voucher share
// of the final charge is redeemed with an idempotency key and the rest released.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { withWriteTransaction, lockRow, type Db } from '../db/dialect';
import { managesFacility, type Roles } from '../auth/roles';
import type { SessionUser } from '../auth/session';
import { writeAudit } from '../audit/audit.repository';
import { ServiceError } from '../booking/booking.errors';
import { computeCharge, quote, type InstitutionKindName, type PriceMode, type PriceUnit } from '../../domain/pricing/price-rules';
import { wallTime } from '../../domain/time/zone';
import * as priceRepo from './price.repository';
import { prepared, preparedNamed } from '../db/prepared';
import { ruleFor } from './price.service';
import { redeemForBooking, releaseForBooking, reserveForBooking } from '../voucher/reservation.service';
import { cancelOrderForBooking, completeOrderForBooking, createOrderForBooking } from '../service-order/service-order.service';

type Q = Kysely<Database>;

export interface QuoteRequest {
	instrumentId: number;
	mode: PriceMode;
	start: number;
	end: number;
	samples?: number;
}

type ChargeInstrument = { id: number; institution_id: number; price_hour_fen: number; timezone: string };
const chargeInstrument = prepared((trx: Q, id: number) => trx.selectFrom('instruments').select(['id', 'institution_id', 'price_hour_fen', 'timezone']).where('id', '=', id));
const kindOfInstitution = prepared((trx: Q, id: number) => trx.selectFrom('institutions').select('kind').where('id', '=', id));

/** The facts a quote needs; `known` is the instrument row when the caller has just read it (the booking service). */
async function chargeFacts(trx: Q, userId: number, institutionId: number, req: QuoteRequest, known?: ChargeInstrument) {
	const instrument = known ?? (await chargeInstrument(trx, req.instrumentId))[0];
	if (!instrument) throw new ServiceError('not_found');
	const [inst] = await kindOfInstitution(trx, institutionId);
	const rule = await ruleFor(trx, instrument.id, req.mode, instrument.price_hour_fen);
	const year = wallTime(req.start, instrument.timezone).year;
	const institutionKind = (inst?.kind ?? 'university') as InstitutionKindName;
	const freeUsed = await priceRepo.freeUsed(trx, userId, instrument.id, req.mode, year);
	const internal = institutionId === instrument.institution_id;
	return { rule, year, internal, institutionKind, freeUsed, bookedMinutes: Math.max(0, Math.round((req.end - req.start) / 60_000)) };
}

/** The quote shown before sending (read-only). */
export async function quoteFor(db: Db, user: SessionUser | null, req: QuoteRequest) {
	const f = await chargeFacts(db.kysely, user?.id ?? 0, user?.institutionId ?? 0, req);
	return { ...quote(f.rule, { bookedMinutes: f.bookedMinutes, samples: req.samples ?? 0, internal: f.internal, institutionKind: f.institutionKind, freeUsed: f.freeUsed }), internal: f.internal, rule: f.rule };
}

/** Hook inside createBooking, before the insert: the quote of the new booking (its quote_fen is q.feeFen). */
export async function quoteNewBooking(trx: Q, user: SessionUser, b: { instrument: ChargeInstrument; mode: PriceMode; start: number; end: number }) {
	const f = await chargeFacts(trx, user.id, user.institutionId, { instrumentId: b.instrument.id, mode: b.mode, start: b.start, end: b.end }, b.instrument);
	return { f, q: quote(f.rule, { bookedMinutes: f.bookedMinutes, samples: 0, internal: f.internal, institutionKind: f.institutionKind, freeUsed: f.freeUsed }) };
}
export type NewBookingQuote = Awaited<ReturnType<typeof quoteNewBooking>>;

// Built once: every new booking records its quote (see db/prepared.ts).
const insertQuotedCharge = preparedNamed(
	(trx: Q, v: { booking_id: number; instrument_id: number; user_id: number; mode: PriceMode; unit: PriceUnit; rate_fen: number; internal: number; year: number; quantity: number; free_quantity: number; quote_fen: number; now: number }) =>
		trx.insertInto('booking_charges').values({
			booking_id: v.booking_id,
			instrument_id: v.instrument_id,
			user_id: v.user_id,
			mode: v.mode,
			unit: v.unit,
			rate_fen: v.rate_fen,
			internal: v.internal,
			year: v.year,
			quantity: v.quantity,
			free_quantity: v.free_quantity,
			quote_fen: v.quote_fen,
			computed_fen: null,
			final_fen: null,
			adjust_reason: null,
			status: 'quoted',
			finalised_by: null,
			created_at: v.now,
			updated_at: v.now
		})
);

/** Hook inside createBooking, after the insert: records the quote, reserves the voucher share, opens the order. */
export async function afterBookingInserted(
	trx: Q,
	user: SessionUser,
	b: { bookingId: number; instrument: { id: number; facility_id: number; institution_id: number; area_code: 'BJ' | 'TJ' | 'HE' }; mode: PriceMode; start: number; end: number; status: string; grantId: number | null },
	{ f, q }: NewBookingQuote,
	now: number
) {
	await insertQuotedCharge(trx, { booking_id: b.bookingId, instrument_id: b.instrument.id, user_id: user.id, mode: b.mode, unit: q.unit, rate_fen: q.rateFen, internal: f.internal ? 1 : 0, year: f.year, quantity: q.quantity, free_quantity: q.freeQuantity, quote_fen: q.feeFen, now });
	if (b.grantId !== null) {
		await reserveForBooking(trx, user, { grantId: b.grantId, bookingId: b.bookingId, feeFen: q.feeFen, provider: { facilityId: b.instrument.facility_id, institutionId: b.instrument.institution_id, areaCode: b.instrument.area_code } }, now);
	}
	if (b.status === 'approved') await createOrderForBooking(trx, b.bookingId, now);
	return q;
}

/** Hook inside approveBooking. */
export async function afterBookingApproved(trx: Q, bookingId: number, now: number) {
	await createOrderForBooking(trx, bookingId, now);
}

/** Hook inside cancel and reject: nothing is charged, the voucher is released, the order cancelled. */
export async function afterBookingEnded(trx: Q, bookingId: number, actorUserId: number | null, now: number) {
	await trx.updateTable('booking_charges').set({ status: 'void', updated_at: now }).where('booking_id', '=', bookingId).where('status', '=', 'quoted').execute();
	await releaseForBooking(trx, bookingId, actorUserId, now);
	await cancelOrderForBooking(trx, bookingId, now);
}

/** Actual minutes from the usage record of a booking, or null when there is none (or it is still open). */
async function actualMinutes(trx: Q, bookingId: number): Promise<number | null> {
	const u = await trx.selectFrom('usage_records').select(['start_at', 'end_at']).where('booking_id', '=', bookingId).executeTakeFirst();
	if (!u || u.end_at === null) return null;
	return Math.max(0, Math.round((u.end_at - u.start_at) / 60_000));
}

/**
 * Inside a completion transaction: computes the final charge (usage record, else booked time; or the
 * manager's amount with a reason) and redeems the voucher share under the idempotency key. A second
 * call changes nothing.
 */
export async function finaliseBookingCharge(trx: Q, bookingId: number, o: { actorUserId: number | null; key: string; adjustedFen?: number | null; reason?: string | null; samples?: number }, now: number) {
	const b = await trx.selectFrom('bookings').select(['id', 'instrument_id', 'user_id', 'user_institution_id', 'mode', 'start_at', 'end_at']).where('id', '=', bookingId).executeTakeFirstOrThrow();
	// the instrument time of a sample-testing request is charged with the request (sample_charges), never twice
	if (await holdsSampleRequest(trx, b)) return { charge: null, redemption: null, replayed: false };
	const existing = await priceRepo.findCharge(trx, bookingId);
	if (existing?.status === 'final') {
		const redemption = await redeemForBooking(trx, bookingId, existing.final_fen ?? 0, o.key, o.actorUserId, now);
		return { charge: existing, redemption, replayed: true };
	}
	const f = await chargeFacts(trx, b.user_id, b.user_institution_id, { instrumentId: b.instrument_id, mode: b.mode, start: b.start_at, end: b.end_at });
	// the free quota this booking itself took at quote time is available to it again
	const freeUsed = Math.max(0, f.freeUsed - (existing?.free_quantity ?? 0));
	const c = computeCharge(f.rule, { bookedMinutes: f.bookedMinutes, actualMinutes: await actualMinutes(trx, bookingId), samples: o.samples ?? 0, internal: f.internal, institutionKind: f.institutionKind, freeUsed });
	const adjusted = o.adjustedFen !== undefined && o.adjustedFen !== null;
	if (adjusted && (!Number.isSafeInteger(o.adjustedFen) || o.adjustedFen! < 0)) throw new ServiceError('conflict', [{ code: 'charge_amount_invalid' }]);
	if (adjusted && (o.reason ?? '').trim().length < 2) throw new ServiceError('conflict', [{ code: 'charge_reason_required' }]);
	const finalFen = adjusted ? o.adjustedFen! : c.feeFen;
	const values = { unit: c.unit, rate_fen: c.rateFen, quantity: c.quantity, free_quantity: c.freeQuantity, computed_fen: c.feeFen, final_fen: finalFen, adjust_reason: adjusted ? o.reason!.trim() : null, status: 'final' as const, finalised_by: o.actorUserId, updated_at: now };
	if (existing) await trx.updateTable('booking_charges').set(values).where('booking_id', '=', bookingId).execute();
	else await trx.insertInto('booking_charges').values({ booking_id: bookingId, instrument_id: b.instrument_id, user_id: b.user_id, mode: b.mode, internal: f.internal ? 1 : 0, year: f.year, quote_fen: 0, created_at: now, ...values }).execute();
	const redemption = await redeemForBooking(trx, bookingId, finalFen, o.key, o.actorUserId, now);
	await completeOrderForBooking(trx, bookingId, finalFen, redemption?.reservation.redeemed_fen ?? 0, adjusted ? o.reason!.trim() : null, now);
	const after = await priceRepo.findCharge(trx, bookingId);
	await writeAudit(trx, { actorUserId: o.actorUserId, entity: 'booking_charge', entityId: bookingId, action: adjusted ? 'finalise_adjusted' : 'finalise', before: existing ?? null, after, at: now });
	return { charge: after!, redemption, replayed: false };
}

/** A booking's settled charge (a sample request's instrument time has none: refused before it gets here). */
function charged<T extends { charge: unknown }>(r: T): T & { charge: NonNullable<T['charge']> } {
	if (!r.charge) throw new ServiceError('conflict', [{ code: 'charge_sample_by_report' }]);
	return r as T & { charge: NonNullable<T['charge']> };
}

/** Whether a booking is the instrument time of a sample-testing request (settled by the request's report). */
async function holdsSampleRequest(trx: Q, b: { id: number; mode: string }): Promise<boolean> {
	if (b.mode !== 'sample') return false;
	return (await trx.selectFrom('sample_requests').select('id').where('booking_id', '=', b.id).executeTakeFirst()) !== undefined;
}

/**
 * A manager of the instrument's facility marks an approved (or checked-in) booking completed and
 * settles its charge. Until check-in/out records every use, this is how a use is completed; the
 * usage capability can call finaliseBookingCharge from its own completion instead.
 */
export async function completeBooking(db: Db, user: SessionUser, roles: Roles, bookingId: number, o: { adjustedFen?: number | null; reason?: string | null; key?: string } = {}, now = Date.now()) {
	return withWriteTransaction(db, async (trx) => {
		const before = await trx.selectFrom('bookings as b').innerJoin('instruments as i', 'i.id', 'b.instrument_id').selectAll('b').select('i.facility_id').where('b.id', '=', bookingId).executeTakeFirst();
		if (!before) throw new ServiceError('not_found');
		if (!managesFacility(roles, before.facility_id)) throw new ServiceError('forbidden');
		if (await holdsSampleRequest(trx, before)) throw new ServiceError('conflict', [{ code: 'charge_sample_by_report' }]);
		await lockRow(db, trx, 'instruments', before.instrument_id);
		const key = o.key ?? `complete-booking-${bookingId}`;
		if (before.status === 'completed') return charged(await finaliseBookingCharge(trx, bookingId, { actorUserId: user.id, key, adjustedFen: o.adjustedFen, reason: o.reason }, now));
		if (before.status !== 'approved' && before.status !== 'checked_in') throw new ServiceError('conflict', [{ code: 'not_completable', params: { status: before.status } }]);
		await trx.updateTable('bookings').set({ status: 'completed', active: 0, updated_at: now }).where('id', '=', bookingId).where('status', '=', before.status).execute();
		const result = charged(await finaliseBookingCharge(trx, bookingId, { actorUserId: user.id, key, adjustedFen: o.adjustedFen, reason: o.reason }, now));
		await writeAudit(trx, { actorUserId: user.id, entity: 'booking', entityId: bookingId, action: 'complete', before, after: { status: 'completed', chargeFen: result.charge.final_fen }, at: now });
		return result;
	});
}

/** Bookings of the manager's facilities to complete: begun in the last 30 days, or upcoming with a voucher reserved. */
export async function completableBookings(db: Db, roles: Roles, now = Date.now()) {
	if (roles.managedFacilityIds.length === 0) return [];
	return db.kysely
		.selectFrom('bookings as b')
		.innerJoin('instruments as i', 'i.id', 'b.instrument_id')
		.innerJoin('users as u', 'u.id', 'b.user_id')
		.leftJoin('voucher_reservations as r', 'r.booking_id', 'b.id')
		.select(['b.id', 'b.start_at', 'b.end_at', 'b.status', 'b.quote_fen', 'b.user_area_code', 'i.name_zh as instrument_zh', 'i.name_en as instrument_en', 'u.name as user_name', 'r.reserved_fen', 'r.status as voucher_status'])
		.where('i.facility_id', 'in', roles.managedFacilityIds)
		// a sample request's instrument time is settled by its report (/manage/samples), not here. Only a
		// 'sample' booking can hold one; the uncorrelated NOT IN is looked up once per query, where a
		// correlated NOT EXISTS would read every request for every booking (sample_requests.booking_id has no index)
		.where((eb) => eb.or([eb('b.mode', '!=', 'sample'), eb('b.id', 'not in', eb.selectFrom('sample_requests as s').select('s.booking_id').where('s.booking_id', 'is not', null))]))
		.where((eb) =>
			eb.or([
				// uses that have begun (last 30 days), and upcoming ones paid with a voucher (e.g. assisted work done early)
				eb.and([eb('b.status', 'in', ['approved', 'checked_in']), eb('b.start_at', '<=', now), eb('b.start_at', '>', now - 30 * 86_400_000)]),
				eb.and([eb('b.status', 'in', ['approved', 'checked_in']), eb('r.status', '=', 'reserved'), eb('b.start_at', '<', now + 30 * 86_400_000)]),
				// completed elsewhere (check-out) with the voucher still reserved: settle it here
				eb.and([eb('b.status', '=', 'completed'), eb('r.status', '=', 'reserved')])
			])
		)
		.orderBy('b.start_at')
		.limit(100)
		.execute();
}
