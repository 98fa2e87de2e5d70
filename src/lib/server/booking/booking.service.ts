// Booking services: access checks, the write transaction with the overlap re-check, audit rows.
import { checkBooking, canCancel, initialStatus, type BookingPolicy } from '../../domain/booking/booking-rules';
import { parseOpeningHours } from '../../domain/booking/opening-hours';
import { parseModes } from '../../domain/catalogue/facility-kinds';
import { withWriteTransaction, lockRow, type Db } from '../db/dialect';
import type { SessionUser } from '../auth/session';
import { managesFacility, type Roles } from '../auth/roles';
import { writeAudit } from '../audit/audit.repository';
import * as repo from './booking.repository';
import { ServiceError, type ServiceProblem } from './booking.errors';
import { selfOperationForBooking } from '../qualification/self-operation.service';
import { notifyBooking, notifyBookingWith } from '../notification/notification.outbox'; // notification hook
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { loadScheduleFacts } from '../schedule/booking-facts'; // schedule hook
import { offerFreedSlot } from '../schedule/waitlist.offers'; // schedule hook: wait list
import { noShowBlockProblem } from '../usage/block-check'; // usage hook: no-show block
import { afterBookingInserted, afterBookingApproved, afterBookingEnded, quoteNewBooking } from '../pricing/charge.service'; // pricing & voucher hook

export interface NewBookingInput {
	instrumentId: number;
	start: number;
	end: number;
	mode: 'self' | 'assisted';
	purpose: string;
	project: string;
	/** voucher hook: the enterprise grant to reserve the voucher share on (optional) */
	voucherGrantId?: number | null;
}

export function policyOf(i: repo.BookingInstrument): BookingPolicy {
	return {
		slotMinutes: i.slot_minutes,
		minMinutes: i.min_minutes,
		maxMinutes: i.max_minutes,
		noticeMinutes: i.notice_minutes,
		horizonDays: i.horizon_days,
		cancelDeadlineMinutes: i.cancel_deadline_minutes,
		approvalMode: i.approval_mode,
		crossAreaNeedsApproval: i.cross_area_needs_approval === 1,
		// schedule capability
		bufferMinutes: i.buffer_minutes,
		maxWeekMinutes: i.max_week_minutes,
		maxFutureBookings: i.max_future_bookings
	};
}

/** Creates a booking when every rule holds; throws ServiceError('conflict', problems) otherwise. */
export async function createBooking(db: Db, user: SessionUser, input: NewBookingInput, now = Date.now()) {
	return withWriteTransaction(db, (trx) => bookInTransaction(db, trx, user, input, now));
}

/** createBooking inside the caller's write transaction (schedule: a recurring series or an accepted wait-list offer books in one transaction). */
export async function bookInTransaction(db: Db, trx: Kysely<Database>, user: SessionUser, input: NewBookingInput, now: number) {
	const instrument = await repo.findInstrumentForBooking(trx, input.instrumentId);
	if (!instrument || !instrument.published) throw new ServiceError('not_found');
	await lockRow(db, trx, 'instruments', instrument.id);
	const buffer = instrument.buffer_minutes * 60_000; // schedule: bookings keep the buffer from each other
	const busy = await repo.findActiveOverlaps(trx, instrument.id, input.start - buffer, input.end + buffer);
	const policy = policyOf(instrument);
	const { problems } = checkBooking(
		{ start: input.start, end: input.end, mode: input.mode, purpose: input.purpose },
		{
			now,
			timeZone: instrument.timezone,
			policy,
			openingHours: parseOpeningHours(instrument.opening_hours),
			instrumentStatus: instrument.status,
			published: instrument.published === 1,
			modes: parseModes(instrument.modes),
			busy: busy.map((b) => ({ start: b.start_at, end: b.end_at })),
			...(await loadScheduleFacts(trx, instrument, user.id, input, now)) // schedule hook: closures, limits, wait-list holds
		}
	);
	// --- qualification hook (资质互认): self-operation needs the required type at the START instant,
	// held directly or through recognition; the problem joins the others, the basis is recorded.
	const allProblems: ServiceProblem[] = [...problems];
	const qualification =
		input.mode === 'self' && instrument.required_qualification_type_id !== null
			? await selfOperationForBooking(trx, user, instrument, input.start)
			: null;
	if (qualification?.problem) allProblems.push(qualification.problem);
	// --- end qualification hook
	const blocked = await noShowBlockProblem(trx, user.id, instrument.facility_id); // usage hook: three no-shows in 90 days
	if (blocked) allProblems.push(blocked);
	if (allProblems.length > 0) throw new ServiceError('conflict', allProblems);
	const status = initialStatus({
		policy,
		userAreaCode: user.areaCode,
		instrumentAreaCode: instrument.area_code,
		userInstitutionId: user.institutionId,
		instrumentInstitutionId: instrument.institution_id
	});
	const quoted = await quoteNewBooking(trx, user, { instrument, mode: input.mode, start: input.start, end: input.end }); // pricing hook: the quote the booking keeps
	const inserted = await repo.insertBooking(trx, {
		instrumentId: instrument.id,
		userId: user.id,
		mode: input.mode,
		start: input.start,
		end: input.end,
		status,
		purpose: input.purpose.trim(),
		project: input.project.trim(),
		quoteFen: quoted.q.feeFen,
		userAreaCode: user.areaCode,
		userInstitutionId: user.institutionId,
		recognition: qualification?.columns, // qualification hook: the statistics columns
		now
	});
	const id = inserted.id;
	await afterBookingInserted(trx, user, { bookingId: id, instrument, mode: input.mode, start: input.start, end: input.end, status, grantId: input.voucherGrantId ?? null }, quoted, now); // pricing & voucher hook: charge row, reservation, service order
	// the row as inserted (nothing above changes it) with the instrument fields findBooking joins
	const booking: repo.BookingWithInstrument = { ...inserted, facility_id: instrument.facility_id, cancel_deadline_minutes: instrument.cancel_deadline_minutes, instrument_name_zh: instrument.name_zh, instrument_name_en: instrument.name_en };
	await writeAudit(trx, { actorUserId: user.id, entity: 'booking', entityId: id, action: 'create', after: booking, at: now });
	const notice = { id, user_id: user.id, start_at: input.start, end_at: input.end, decision_reason: null, facility_id: instrument.facility_id, name_zh: instrument.name_zh, name_en: instrument.name_en, person: user.name };
	await notifyBookingWith(trx, status === 'requested' ? 'booking_requested' : 'booking_approved', notice, now); // notification hook
	return booking;
}

/** The booker cancels their own requested or approved booking before the instrument's deadline. */
export async function cancelOwnBooking(db: Db, user: SessionUser, bookingId: number, now = Date.now()) {
	return withWriteTransaction(db, async (trx) => {
		const before = await repo.findBooking(trx, bookingId);
		if (!before || before.user_id !== user.id) throw new ServiceError('not_found');
		if (before.status !== 'requested' && before.status !== 'approved') {
			throw new ServiceError('conflict', [{ code: 'not_cancellable', params: { status: before.status } }]);
		}
		if (!canCancel(before.start_at, now, { cancelDeadlineMinutes: before.cancel_deadline_minutes })) {
			throw new ServiceError('conflict', [{ code: 'cancel_deadline_passed', params: { minutes: before.cancel_deadline_minutes } }]);
		}
		await repo.setBookingStatus(trx, bookingId, 'cancelled', { decidedBy: user.id, now });
		const after = await repo.findBooking(trx, bookingId);
		await writeAudit(trx, { actorUserId: user.id, entity: 'booking', entityId: bookingId, action: 'cancel', before, after, at: now });
		await afterBookingEnded(trx, bookingId, user.id, now); // voucher hook: release the reservation
		await notifyBooking(trx, 'booking_cancelled', bookingId, now); // notification hook
		await offerFreedSlot(trx, before.instrument_id, { start: before.start_at, end: before.end_at }, now); // schedule hook: wait list
		return after!;
	});
}

async function loadForManager(trx: Parameters<typeof repo.findBooking>[0], roles: Roles, bookingId: number) {
	const booking = await repo.findBooking(trx, bookingId);
	if (!booking) throw new ServiceError('not_found');
	if (!managesFacility(roles, booking.facility_id)) throw new ServiceError('forbidden');
	return booking;
}

/** A manager of the instrument's facility approves a request; the overlap and start time are checked again. */
export async function approveBooking(db: Db, user: SessionUser, roles: Roles, bookingId: number, now = Date.now()) {
	return withWriteTransaction(db, async (trx) => {
		const before = await loadForManager(trx, roles, bookingId);
		await lockRow(db, trx, 'instruments', before.instrument_id);
		if (before.status !== 'requested') throw new ServiceError('conflict', [{ code: 'not_pending', params: { status: before.status } }]);
		if (before.start_at < now) throw new ServiceError('conflict', [{ code: 'in_past' }]);
		const clash = await repo.findActiveOverlaps(trx, before.instrument_id, before.start_at, before.end_at, before.id);
		if (clash.length > 0) throw new ServiceError('conflict', [{ code: 'overlaps_booking' }]);
		await repo.setBookingStatus(trx, bookingId, 'approved', { decidedBy: user.id, now });
		const after = await repo.findBooking(trx, bookingId);
		await writeAudit(trx, { actorUserId: user.id, entity: 'booking', entityId: bookingId, action: 'approve', before, after, at: now });
		await afterBookingApproved(trx, bookingId, now); // service-order hook
		await notifyBooking(trx, 'booking_approved', bookingId, now); // notification hook
		return after!;
	});
}

/** A manager rejects a request (reason required) or cancels an approved booking with a reason. */
export async function rejectBooking(db: Db, user: SessionUser, roles: Roles, bookingId: number, reason: string, now = Date.now()) {
	return withWriteTransaction(db, async (trx) => {
		const before = await loadForManager(trx, roles, bookingId);
		if (reason.trim().length < 2) throw new ServiceError('conflict', [{ code: 'reason_required' }]);
		const next = before.status === 'requested' ? 'rejected' : before.status === 'approved' ? 'cancelled' : null;
		if (!next) throw new ServiceError('conflict', [{ code: 'not_pending', params: { status: before.status } }]);
		await repo.setBookingStatus(trx, bookingId, next, { reason: reason.trim(), decidedBy: user.id, now });
		const after = await repo.findBooking(trx, bookingId);
		await writeAudit(trx, { actorUserId: user.id, entity: 'booking', entityId: bookingId, action: next === 'rejected' ? 'reject' : 'manager_cancel', before, after, at: now });
		await afterBookingEnded(trx, bookingId, user.id, now); // voucher hook: release the reservation
		await notifyBooking(trx, next === 'rejected' ? 'booking_rejected' : 'booking_cancelled_by_manager', bookingId, now); // notification hook
		await offerFreedSlot(trx, before.instrument_id, { start: before.start_at, end: before.end_at }, now); // schedule hook: wait list
		return after!;
	});
}

/** The person's bookings split into upcoming (not yet ended) and past, newest first within each. */
export async function listMyBookings(db: Db, user: SessionUser, now = Date.now()) {
	const rows = await repo.listUserBookings(db.kysely, user.id);
	const withFlags = rows.map((r) => ({
		...r,
		cancellable: (r.status === 'requested' || r.status === 'approved') && canCancel(r.start_at, now, { cancelDeadlineMinutes: r.cancel_deadline_minutes })
	}));
	return {
		upcoming: withFlags.filter((r) => r.end_at > now).reverse(),
		past: withFlags.filter((r) => r.end_at <= now)
	};
}

/** Pending requests in the facilities this manager runs. */
export async function listPendingRequests(db: Db, roles: Roles) {
	return repo.listPendingForFacilities(db.kysely, roles.managedFacilityIds);
}
