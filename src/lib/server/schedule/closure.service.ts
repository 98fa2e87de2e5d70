// Closures: a manager closes an instrument once or weekly. Active bookings the closure would cover are
// listed BEFORE anything is saved; the manager then cancels each (with the closure's reason) or moves it
// to a free time (checked like a new booking). Closure, cancellations and moves commit together.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { withWriteTransaction, lockRow, type Db } from '../db/dialect';
import type { SessionUser } from '../auth/session';
import type { Roles } from '../auth/roles';
import { writeAudit } from '../audit/audit.repository';
import { ServiceError, type ServiceProblem } from '../booking/booking.errors';
import * as bookingRepo from '../booking/booking.repository';
import { policyOf } from '../booking/booking.service';
import { notifyBooking } from '../notification/notification.outbox';
import { checkBooking } from '../../domain/booking/booking-rules';
import { parseOpeningHours } from '../../domain/booking/opening-hours';
import { quoteFen } from '../../domain/booking/quote';
import { parseModes } from '../../domain/catalogue/facility-kinds';
import { closedIntervals, type ClosureRule } from '../../domain/schedule/closures';
import { minutesOfDay } from '../../domain/schedule/hours';
import { MINUTE, overlaps } from '../../domain/time/range';
import { loadScheduleFacts } from './booking-facts';
import { instrumentForManager } from './schedule.service';
import * as repo from './schedule.repository';
import type { ClosureInput, Resolution } from './schedule.schema';
import type { ClosureKind } from '../db/tables/schedule';

export interface ClosureConflict {
	bookingId: number;
	userId: number;
	userName: string;
	userEmail: string;
	start: number;
	end: number;
	status: string;
	mode: string;
}

export type CreateClosureResult =
	| { status: 'conflicts'; conflicts: ClosureConflict[] }
	| { status: 'created'; closureId: number; cancelled: number[]; moved: number[] };

/** Problems with the closure itself (before any database work). */
export function closureProblems(input: ClosureInput, now: number): ServiceProblem[] {
	if (input.recurrence === 'once') {
		if (!(input.end > input.start)) return [{ code: 'invalid_range' }];
		if (input.end <= now) return [{ code: 'closure_in_past' }];
		return [];
	}
	const problems: ServiceProblem[] = [];
	if (!(minutesOfDay(input.endTime, true) > minutesOfDay(input.startTime))) problems.push({ code: 'invalid_range' });
	if (input.fromDate && input.untilDate && input.untilDate < input.fromDate) problems.push({ code: 'closure_dates_reversed' });
	return problems;
}

function ruleOf(input: ClosureInput, id = 0): ClosureRule {
	const base = { id, kind: input.kind as ClosureKind, reason: input.reason.trim() };
	return input.recurrence === 'once'
		? { ...base, recurrence: 'once', start: input.start, end: input.end }
		: { ...base, recurrence: 'weekly', weekday: input.weekday, startTime: input.startTime, endTime: input.endTime, fromDate: input.fromDate, untilDate: input.untilDate };
}

/** Active bookings (not yet ended) that the closure would cover. */
export async function findClosureConflicts(trx: Kysely<Database>, instrument: { id: number; timezone: string }, input: ClosureInput, now: number): Promise<ClosureConflict[]> {
	const bookings = await repo.activeBookingsEndingAfter(trx, instrument.id, now);
	if (bookings.length === 0) return [];
	const from = Math.min(...bookings.map((b) => b.start_at));
	const to = Math.max(...bookings.map((b) => b.end_at));
	const closed = closedIntervals([ruleOf(input)], from, to, instrument.timezone);
	return bookings
		.filter((b) => closed.some((c) => overlaps(c, { start: b.start_at, end: b.end_at })))
		.map((b) => ({ bookingId: b.id, userId: b.user_id, userName: b.user_name, userEmail: b.user_email, start: b.start_at, end: b.end_at, status: b.status, mode: b.mode }));
}

/** Lists the bookings a closure would cover, without saving anything (the manager's preview). */
export async function previewClosure(db: Db, roles: Roles, instrumentId: number, input: ClosureInput, now = Date.now()) {
	const instrument = await instrumentForManager(db.kysely, roles, instrumentId);
	const problems = closureProblems(input, now);
	if (problems.length > 0) throw new ServiceError('conflict', problems);
	return findClosureConflicts(db.kysely, instrument, input, now);
}

async function moveProblems(db: Db, trx: Kysely<Database>, booking: ClosureConflict & { purpose: string }, start: number, end: number, now: number, instrumentId: number) {
	const instrument = (await bookingRepo.findInstrumentForBooking(trx, instrumentId))!;
	const buffer = instrument.buffer_minutes * MINUTE;
	const busy = await bookingRepo.findActiveOverlaps(trx, instrumentId, start - buffer, end + buffer, booking.bookingId);
	const { problems } = checkBooking(
		{ start, end, mode: booking.mode === 'assisted' ? 'assisted' : 'self', purpose: booking.purpose },
		{
			now,
			timeZone: instrument.timezone,
			policy: policyOf(instrument),
			openingHours: parseOpeningHours(instrument.opening_hours),
			instrumentStatus: instrument.status,
			published: instrument.published === 1,
			modes: parseModes(instrument.modes),
			busy: busy.map((b) => ({ start: b.start_at, end: b.end_at })),
			...(await loadScheduleFacts(trx, instrument, booking.userId, { start, end }, now, booking.bookingId))
		}
	);
	return { problems, priceHourFen: instrument.price_hour_fen };
}

/**
 * Creates a closure. With active bookings under it and no resolution for each, saves nothing and
 * returns them; with a resolution for each, cancels or moves them in the same transaction. A move
 * that breaks a rule aborts everything with its problems (params.booking names the booking).
 */
export async function createClosure(
	db: Db,
	user: SessionUser,
	roles: Roles,
	instrumentId: number,
	input: ClosureInput,
	resolutions: Resolution[] = [],
	now = Date.now()
): Promise<CreateClosureResult> {
	const problems = closureProblems(input, now);
	if (problems.length > 0) throw new ServiceError('conflict', problems);
	return withWriteTransaction(db, async (trx) => {
		const instrument = await instrumentForManager(trx, roles, instrumentId);
		await lockRow(db, trx, 'instruments', instrumentId);
		const conflicts = await findClosureConflicts(trx, instrument, input, now);
		const chosen = new Map(resolutions.map((r) => [r.bookingId, r]));
		if (conflicts.some((c) => !chosen.has(c.bookingId))) return { status: 'conflicts', conflicts };

		const rule = ruleOf(input);
		const closureId = await repo.insertClosure(trx, {
			instrumentId,
			...(rule.recurrence === 'once' ? { recurrence: 'once', start: rule.start, end: rule.end } : { recurrence: 'weekly', weekday: rule.weekday, startTime: rule.startTime, endTime: rule.endTime, fromDate: rule.fromDate, untilDate: rule.untilDate }),
			kind: rule.kind,
			reason: rule.reason,
			createdBy: user.id,
			now
		});
		await writeAudit(trx, { actorUserId: user.id, entity: 'closure', entityId: closureId, action: 'create', after: await repo.findClosure(trx, closureId), at: now });

		const cancelled: number[] = [];
		const moved: number[] = [];
		const moveErrors: ServiceProblem[] = [];
		for (const c of conflicts) {
			const r = chosen.get(c.bookingId)!;
			const before = (await bookingRepo.findBooking(trx, c.bookingId))!;
			if (r.action === 'cancel') {
				await bookingRepo.setBookingStatus(trx, c.bookingId, 'cancelled', { reason: rule.reason, decidedBy: user.id, now });
				const after = await bookingRepo.findBooking(trx, c.bookingId);
				await writeAudit(trx, { actorUserId: user.id, entity: 'booking', entityId: c.bookingId, action: 'closure_cancel', before, after: { ...after, closureId }, at: now });
				await notifyBooking(trx, 'booking_cancelled_by_manager', c.bookingId, now, { reason: rule.reason });
				cancelled.push(c.bookingId);
				continue;
			}
			const { problems: found, priceHourFen } = await moveProblems(db, trx, { ...c, purpose: before.purpose }, r.start, r.end, now, instrumentId);
			if (found.length > 0) {
				moveErrors.push(...found.map((p) => ({ code: p.code, params: { ...(p.params ?? {}), booking: c.bookingId } })));
				continue;
			}
			await repo.moveBooking(trx, c.bookingId, r.start, r.end, quoteFen(priceHourFen, (r.end - r.start) / MINUTE), now);
			const after = await bookingRepo.findBooking(trx, c.bookingId);
			await writeAudit(trx, { actorUserId: user.id, entity: 'booking', entityId: c.bookingId, action: 'closure_move', before, after: { ...after, closureId }, at: now });
			// the notice names the closed time the booking had to leave; the booking itself shows the new time
			await notifyBooking(trx, 'closure_conflict', c.bookingId, now, { reason: rule.reason, startAt: c.start, endAt: c.end });
			moved.push(c.bookingId);
		}
		if (moveErrors.length > 0) throw new ServiceError('conflict', moveErrors);
		return { status: 'created', closureId, cancelled, moved };
	});
}

/** Removes a closure (the time becomes open again). */
export async function deleteClosure(db: Db, user: SessionUser, roles: Roles, closureId: number, now = Date.now()) {
	return withWriteTransaction(db, async (trx) => {
		const closure = await repo.findClosure(trx, closureId);
		if (!closure) throw new ServiceError('not_found');
		await instrumentForManager(trx, roles, closure.instrument_id);
		await repo.deleteClosure(trx, closureId);
		await writeAudit(trx, { actorUserId: user.id, entity: 'closure', entityId: closureId, action: 'delete', before: closure, at: now });
		return closure;
	});
}

/** A published instrument's closures for anyone (the JSON API). */
export async function listPublicClosures(db: Db, instrumentId: number) {
	const instrument = await repo.findInstrumentSchedule(db.kysely, instrumentId);
	if (!instrument || !instrument.published) throw new ServiceError('not_found');
	return { instrument, closures: await repo.listClosures(db.kysely, instrumentId) };
}
