// The schedule facts the booking rules need, loaded inside the caller's transaction (after its lock):
// closures around the request, the person's own active bookings (limits) and others' wait-list holds.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { DAY, type TimeRange } from '../../domain/time/range';
import { closedIntervals, type ClosedInterval } from '../../domain/schedule/closures';
import { localWeek } from '../../domain/schedule/limits';
import * as repo from './schedule.repository';

export interface ScheduleFacts {
	closures: ClosedInterval[];
	ownBookings: TimeRange[];
	held: TimeRange[];
}

/** Facts for a request [start, end) by userId on an instrument; excludeBookingId leaves out a booking being moved. */
export async function loadScheduleFacts(
	trx: Kysely<Database>,
	instrument: { id: number; timezone: string; max_week_minutes?: number | null; max_future_bookings?: number | null },
	userId: number,
	range: TimeRange,
	now: number,
	excludeBookingId?: number
): Promise<ScheduleFacts> {
	const from = range.start - DAY;
	const to = range.end + DAY;
	const rules = (await repo.closuresAround(trx, instrument.id, from, to)).map(repo.toRule);
	// the person's own bookings only matter to the per-person limits (an instrument without either skips the read)
	const limited = instrument.max_week_minutes !== null || instrument.max_future_bookings !== null;
	const own = limited ? await repo.ownActiveBookings(trx, instrument.id, userId, Math.min(now, localWeek(range.start, instrument.timezone).start)) : [];
	const offers = await repo.liveOffers(trx, instrument.id, range.start, range.end, now);
	return {
		closures: closedIntervals(rules, from, to, instrument.timezone),
		ownBookings: own.filter((b) => b.id !== excludeBookingId).map((b) => ({ start: b.start_at, end: b.end_at })),
		held: offers.filter((o) => o.user_id !== userId).map((o) => ({ start: o.start_at, end: o.end_at }))
	};
}
