// Recurring bookings: a weekly series is checked occurrence by occurrence inside ONE transaction;
// if any occurrence breaks a rule, nothing is saved and every failing occurrence is reported.
import { withWriteTransaction, type Db } from '../db/dialect';
import type { SessionUser } from '../auth/session';
import { ServiceError, type ServiceProblem } from '../booking/booking.errors';
import { bookInTransaction, type NewBookingInput } from '../booking/booking.service';
import { weeklyOccurrences, type Repeat } from '../../domain/schedule/recurrence';
import * as repo from './schedule.repository';

export interface OccurrenceProblems {
	index: number;
	date: string;
	start: number;
	end: number;
	problems: ServiceProblem[];
}

/** Thrown when occurrences of a series break rules: `occurrences` has each one with its problems. */
export class RecurringConflict extends ServiceError {
	constructor(readonly occurrences: OccurrenceProblems[]) {
		super(
			'conflict',
			occurrences.flatMap((o) => o.problems.map((p) => ({ code: p.code, params: { ...(p.params ?? {}), date: o.date, occurrence: o.index } })))
		);
	}
}

/** Books every weekly occurrence of input or none; returns the bookings in date order. */
export async function createRecurringBookings(db: Db, user: SessionUser, input: NewBookingInput, repeat: Repeat, now = Date.now()) {
	const instrument = await repo.findInstrumentSchedule(db.kysely, input.instrumentId);
	if (!instrument || !instrument.published) throw new ServiceError('not_found');
	const occurrences = weeklyOccurrences(input.start, input.end, repeat, instrument.timezone);
	if (occurrences.length < 2) throw new ServiceError('conflict', [{ code: 'recurrence_too_short' }]);
	return withWriteTransaction(db, async (trx) => {
		const booked = [];
		const failed: OccurrenceProblems[] = [];
		for (const o of occurrences) {
			try {
				booked.push(await bookInTransaction(db, trx, user, { ...input, start: o.start, end: o.end }, now));
			} catch (e) {
				if (!(e instanceof ServiceError) || e.kind !== 'conflict') throw e;
				failed.push({ index: o.index, date: o.date, start: o.start, end: o.end, problems: e.problems });
			}
		}
		// Throwing rolls back every occurrence already inserted in this transaction.
		if (failed.length > 0) throw new RecurringConflict(failed);
		return booked;
	});
}
