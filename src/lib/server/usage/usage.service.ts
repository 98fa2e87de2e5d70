// Check-in, check-out, usage records (上机记录), operators of assisted bookings, check-in codes and
// no-show blocks: access checks, one write transaction each, audit rows for every change.
import { randomInt } from 'node:crypto';
import { finaliseBookingCharge } from '../pricing/charge.service';
import { withWriteTransaction, lockRow, type Db } from '../db/dialect';
import type { SessionUser } from '../auth/session';
import { managesFacility, operatesFacility, type Roles } from '../auth/roles';
import { writeAudit } from '../audit/audit.repository';
import { ServiceError } from '../booking/booking.errors';
import { checkInProblem, checkOutProblem, CHECKIN_LEAD_MINUTES, noShowDeadline } from '../../domain/usage/no-show';
import { checkinCodeMatches, newCheckinCode } from '../../domain/usage/checkin-code';
import { DAY, MINUTE } from '../../domain/time/range';
import * as repo from './usage.repository';

type Trx = Parameters<typeof repo.findBookingForUsage>[0];

/** How the actor stands to a booking: its manager, its assigned operator, its booker, or none of these. */
function standing(user: SessionUser, roles: Roles, b: repo.UsageBooking) {
	const manager = managesFacility(roles, b.facility_id);
	const operator = b.operator_user_id === user.id && operatesFacility(roles, b.facility_id);
	return { staff: manager || operator, manager, booker: b.user_id === user.id };
}

async function loadForUsage(trx: Trx, user: SessionUser, roles: Roles, bookingId: number, code: string | undefined) {
	const b = await repo.findBookingForUsage(trx, bookingId);
	if (!b) throw new ServiceError('not_found');
	const s = standing(user, roles, b);
	if (!s.staff && !s.booker) throw new ServiceError('not_found');
	if (!s.staff) {
		const current = await repo.findCheckinCode(trx, b.instrument_id);
		if (!current || !checkinCodeMatches(code ?? '', current.code)) throw new ServiceError('conflict', [{ code: 'checkin_code_wrong' }]);
	}
	return { b, s };
}

/** Who ran the instrument: the user for self-operated use; for assisted use the assigned operator, or the staff member acting. */
function operatorFor(b: repo.UsageBooking, actor: SessionUser, staff: boolean): number | null {
	if (b.mode === 'self') return b.user_id;
	return b.operator_user_id ?? (staff ? actor.id : null);
}

/**
 * Checks a booking in: the booker with the instrument's code, or its manager / assigned operator.
 * Allowed from 15 minutes before the start until the no-show deadline; opens the usage record.
 */
export async function checkIn(db: Db, user: SessionUser, roles: Roles, bookingId: number, code?: string, now = Date.now()) {
	return withWriteTransaction(db, async (trx) => {
		const { b, s } = await loadForUsage(trx, user, roles, bookingId, code);
		const problem = checkInProblem({ status: b.status, mode: b.mode, start: b.start_at, end: b.end_at, noShowMinutes: b.no_show_minutes }, now);
		if (problem) throw new ServiceError('conflict', [problem]);
		if (!(await repo.moveBookingStatus(trx, b.id, ['approved'], 'checked_in', now))) {
			throw new ServiceError('conflict', [{ code: 'not_checkinable', params: { status: b.status } }]);
		}
		const usageId = await repo.insertUsage(trx, {
			bookingId: b.id,
			instrumentId: b.instrument_id,
			userId: b.user_id,
			operatorUserId: operatorFor(b, user, s.staff),
			start: now,
			end: null,
			recordedBy: user.id,
			source: 'checkin',
			notes: '',
			now
		});
		const after = await repo.findBookingForUsage(trx, b.id);
		await writeAudit(trx, { actorUserId: user.id, entity: 'booking', entityId: b.id, action: 'check_in', before: b, after, at: now });
		await writeAudit(trx, { actorUserId: user.id, entity: 'usage_record', entityId: usageId, action: 'create', after: await repo.findUsage(trx, usageId), at: now });
		return { booking: after!, usage: (await repo.findUsage(trx, usageId))! };
	});
}

/** Checks a checked-in booking out: closes its usage record at `now` and completes the booking. */
export async function checkOut(db: Db, user: SessionUser, roles: Roles, bookingId: number, code?: string, now = Date.now()) {
	return withWriteTransaction(db, async (trx) => {
		const { b } = await loadForUsage(trx, user, roles, bookingId, code);
		const problem = checkOutProblem({ status: b.status });
		if (problem) throw new ServiceError('conflict', [problem]);
		const usage = await repo.findUsageByBooking(trx, b.id);
		if (!(await repo.moveBookingStatus(trx, b.id, ['checked_in'], 'completed', now))) {
			throw new ServiceError('conflict', [{ code: 'not_checked_in', params: { status: b.status } }]);
		}
		let usageId: number;
		if (usage) {
			await repo.updateUsage(trx, usage.id, { end: Math.max(now, usage.start_at + 1), recordedBy: user.id, now });
			usageId = usage.id;
		} else {
			usageId = await repo.insertUsage(trx, { bookingId: b.id, instrumentId: b.instrument_id, userId: b.user_id, operatorUserId: operatorFor(b, user, true), start: b.start_at, end: now, recordedBy: user.id, source: 'checkin', notes: '', now });
		}
		const after = await repo.findBookingForUsage(trx, b.id);
		const usageAfter = await repo.findUsage(trx, usageId);
		await writeAudit(trx, { actorUserId: user.id, entity: 'booking', entityId: b.id, action: 'check_out', before: b, after, at: now });
		await writeAudit(trx, { actorUserId: user.id, entity: 'usage_record', entityId: usageId, action: 'check_out', before: usage, after: usageAfter, at: now });
		// the final charge comes from this actual use; a voucher share is redeemed once (idempotency key)
		await finaliseBookingCharge(trx, b.id, { actorUserId: user.id, key: `usage-${b.id}` }, now);
		return { booking: after!, usage: usageAfter! };
	});
}

export interface UsageInput {
	start: number;
	end: number;
	notes: string;
}

/**
 * A manager records or corrects the usage of a booking afterwards (audited). A booking that was
 * approved, checked in or marked no-show becomes completed: the record says it was used.
 */
export async function recordUsage(db: Db, user: SessionUser, roles: Roles, bookingId: number, input: UsageInput, now = Date.now()) {
	return withWriteTransaction(db, async (trx) => {
		const b = await repo.findBookingForUsage(trx, bookingId);
		if (!b) throw new ServiceError('not_found');
		if (!managesFacility(roles, b.facility_id)) throw new ServiceError('forbidden');
		const problems = [];
		if (!(input.end > input.start)) problems.push({ code: 'invalid_range' });
		if (input.end > now) problems.push({ code: 'usage_in_future' });
		if (!['approved', 'checked_in', 'completed', 'no_show'].includes(b.status)) problems.push({ code: 'not_usable', params: { status: b.status } });
		if (problems.length) throw new ServiceError('conflict', problems);
		const before = await repo.findUsageByBooking(trx, b.id);
		let usageId: number;
		if (before) {
			await repo.updateUsage(trx, before.id, { start: input.start, end: input.end, notes: input.notes.trim(), recordedBy: user.id, source: 'manager', now });
			usageId = before.id;
		} else {
			usageId = await repo.insertUsage(trx, { bookingId: b.id, instrumentId: b.instrument_id, userId: b.user_id, operatorUserId: operatorFor(b, user, true), start: input.start, end: input.end, recordedBy: user.id, source: 'manager', notes: input.notes.trim(), now });
		}
		const after = await repo.findUsage(trx, usageId);
		await writeAudit(trx, { actorUserId: user.id, entity: 'usage_record', entityId: usageId, action: before ? 'correct' : 'record', before, after, at: now });
		if (b.status !== 'completed') {
			await repo.moveBookingStatus(trx, b.id, [b.status], 'completed', now);
			await writeAudit(trx, { actorUserId: user.id, entity: 'booking', entityId: b.id, action: 'usage_recorded', before: b, after: await repo.findBookingForUsage(trx, b.id), at: now });
			await finaliseBookingCharge(trx, b.id, { actorUserId: user.id, key: `usage-${b.id}` }, now);
		}
		return after!;
	});
}

/** A manager assigns (or clears) the operator of a staff-assisted booking: a manager or operator of the facility. */
export async function assignOperator(db: Db, user: SessionUser, roles: Roles, bookingId: number, operatorUserId: number | null, now = Date.now()) {
	return withWriteTransaction(db, async (trx) => {
		const b = await repo.findBookingForUsage(trx, bookingId);
		if (!b) throw new ServiceError('not_found');
		if (!managesFacility(roles, b.facility_id)) throw new ServiceError('forbidden');
		if (b.mode !== 'assisted') throw new ServiceError('conflict', [{ code: 'not_assisted' }]);
		if (!['requested', 'approved', 'checked_in'].includes(b.status)) throw new ServiceError('conflict', [{ code: 'not_usable', params: { status: b.status } }]);
		if (operatorUserId !== null) {
			const staff = await repo.listFacilityStaff(trx, b.facility_id);
			if (!staff.some((s) => s.id === operatorUserId)) throw new ServiceError('conflict', [{ code: 'operator_not_staff' }]);
		}
		await trx.updateTable('bookings').set({ operator_user_id: operatorUserId, updated_at: now }).where('id', '=', b.id).execute();
		const after = await repo.findBookingForUsage(trx, b.id);
		await writeAudit(trx, { actorUserId: user.id, entity: 'booking', entityId: b.id, action: 'assign_operator', before: b, after, at: now });
		return after!;
	});
}

/** Usage records of one instrument, for its facility's managers. */
export async function listInstrumentUsage(db: Db, roles: Roles, instrumentId: number) {
	const instrument = await db.kysely.selectFrom('instruments').select(['id', 'facility_id']).where('id', '=', instrumentId).executeTakeFirst();
	if (!instrument) throw new ServiceError('not_found');
	if (!managesFacility(roles, instrument.facility_id)) throw new ServiceError('forbidden');
	return repo.listUsage(db.kysely, { instrumentId });
}

async function loadManagedInstrument(trx: Trx, roles: Roles, instrumentId: number) {
	const instrument = await trx.selectFrom('instruments').select(['id', 'facility_id', 'no_show_minutes']).where('id', '=', instrumentId).executeTakeFirst();
	if (!instrument) throw new ServiceError('not_found');
	if (!managesFacility(roles, instrument.facility_id)) throw new ServiceError('forbidden');
	return instrument;
}

/** The instrument's check-in code for its managers to show or print; created on first use. */
export async function checkinCodeFor(db: Db, user: SessionUser, roles: Roles, instrumentId: number, now = Date.now()) {
	const found = await repo.findCheckinCode(db.kysely, instrumentId);
	if (found) {
		await loadManagedInstrument(db.kysely, roles, instrumentId);
		return found;
	}
	return rotateCheckinCode(db, user, roles, instrumentId, now);
}

/** A new check-in code: the old one stops working at once. */
export async function rotateCheckinCode(db: Db, user: SessionUser, roles: Roles, instrumentId: number, now = Date.now()) {
	return withWriteTransaction(db, async (trx) => {
		await loadManagedInstrument(trx, roles, instrumentId);
		const before = await repo.findCheckinCode(trx, instrumentId);
		await repo.saveCheckinCode(trx, instrumentId, newCheckinCode((n) => randomInt(n)), user.id, now);
		const after = (await repo.findCheckinCode(trx, instrumentId))!;
		await writeAudit(trx, { actorUserId: user.id, entity: 'instrument', entityId: instrumentId, action: 'rotate_checkin_code', before: before ? { rotated_at: before.rotated_at } : undefined, after: { rotated_at: after.rotated_at }, at: now });
		return after;
	});
}

/** Sets how many minutes after the start an unchecked booking becomes a no-show (5 to 24 h). */
export async function setNoShowMinutes(db: Db, user: SessionUser, roles: Roles, instrumentId: number, minutes: number, now = Date.now()) {
	if (!Number.isInteger(minutes) || minutes < 5 || minutes > 1440) throw new ServiceError('conflict', [{ code: 'no_show_minutes_range', params: { min: 5, max: 1440 } }]);
	return withWriteTransaction(db, async (trx) => {
		const before = await loadManagedInstrument(trx, roles, instrumentId);
		await trx.updateTable('instruments').set({ no_show_minutes: minutes }).where('id', '=', instrumentId).execute();
		await writeAudit(trx, { actorUserId: user.id, entity: 'instrument', entityId: instrumentId, action: 'set_no_show_minutes', before: { no_show_minutes: before.no_show_minutes }, after: { no_show_minutes: minutes }, at: now });
	});
}

/** A manager of the facility lifts a no-show block; earlier no-shows no longer count. */
export async function liftNoShowBlock(db: Db, user: SessionUser, roles: Roles, blockId: number, note: string, now = Date.now()) {
	return withWriteTransaction(db, async (trx) => {
		const before = await repo.findBlock(trx, blockId);
		if (!before) throw new ServiceError('not_found');
		if (!managesFacility(roles, before.facility_id)) throw new ServiceError('forbidden');
		await lockRow(db, trx, 'users', before.user_id);
		if (!(await repo.liftBlock(trx, blockId, user.id, note.trim(), now))) throw new ServiceError('conflict', [{ code: 'block_already_lifted' }]);
		const after = await repo.findBlock(trx, blockId);
		await writeAudit(trx, { actorUserId: user.id, entity: 'usage_block', entityId: blockId, action: 'lift', before, after, at: now });
		return after!;
	});
}

/** The usage desk of a manager or operator: bookings of the day to check in/out, records, blocks. */
export async function usageDesk(db: Db, user: SessionUser, roles: Roles, day: { from: number; to: number }) {
	const facilityIds = roles.managedFacilityIds;
	const [bookings, assignments, records, blocks, instruments] = await Promise.all([
		repo.listBookingsForDesk(db.kysely, { facilityIds }, day.from, day.to),
		repo.listBookingsForDesk(db.kysely, { operatorId: user.id }, day.from, day.from + 14 * DAY),
		repo.listUsage(db.kysely, { facilityIds }, 100),
		repo.listActiveBlocks(db.kysely, facilityIds),
		facilityIds.length === 0
			? Promise.resolve([])
			: db.kysely
					.selectFrom('instruments')
					.leftJoin('instrument_checkin_codes', 'instrument_checkin_codes.instrument_id', 'instruments.id')
					.select(['instruments.id', 'instruments.name_zh', 'instruments.name_en', 'instruments.facility_id', 'instruments.no_show_minutes', 'instrument_checkin_codes.code', 'instrument_checkin_codes.rotated_at'])
					.where('instruments.facility_id', 'in', facilityIds)
					.where('instruments.status', '!=', 'retired')
					.orderBy('instruments.name_zh')
					.limit(300)
					.execute()
	]);
	const staff = Object.fromEntries(await Promise.all(facilityIds.map(async (f) => [f, await repo.listFacilityStaff(db.kysely, f)] as const)));
	return { bookings, assignments: assignments.filter((a) => operatesFacility(roles, a.facility_id)), records, blocks, instruments, staff };
}

/** The signed-in person's bookings on an instrument that can be checked in or out now (instrument page). */
export async function ownCheckinPanel(db: Db, userId: number, instrumentId: number, now = Date.now()) {
	const rows = await repo.listOwnCheckinCandidates(db.kysely, userId, instrumentId, now - DAY, now + CHECKIN_LEAD_MINUTES * MINUTE + 1);
	return rows
		.map((r) => ({
			id: r.id,
			mode: r.mode,
			status: r.status,
			start_at: r.start_at,
			end_at: r.end_at,
			canCheckIn: checkInProblem({ status: r.status, mode: r.mode, start: r.start_at, end: r.end_at, noShowMinutes: r.no_show_minutes }, now) === null,
			canCheckOut: r.status === 'checked_in',
			deadline: noShowDeadline({ start: r.start_at, end: r.end_at, noShowMinutes: r.no_show_minutes })
		}))
		.filter((r) => r.canCheckIn || r.canCheckOut);
}
