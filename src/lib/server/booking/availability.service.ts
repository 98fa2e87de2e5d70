// Open and busy intervals of an instrument over a window; names only for the instrument's managers.
import { openIntervals } from '../../domain/booking/opening-hours';
import { DAY } from '../../domain/time/range';
import type { Db } from '../db/dialect';
import { managesFacility, type Roles } from '../auth/roles';
import * as repo from './booking.repository';
import { ServiceError } from './booking.errors';
import * as scheduleRepo from '../schedule/schedule.repository'; // schedule hook
import { closedIntervals, subtractRanges } from '../../domain/schedule/closures';
import { calendarFacts, closuresAround } from '../catalogue/instrument-facts';

export const MAX_WINDOW_DAYS = 62;

export interface BusyInterval {
	start: number;
	end: number;
	bookingId?: number;
	status?: string;
	userName?: string;
	mine?: boolean;
}

/** Availability of instrumentId in [from, to): open intervals from opening hours, busy from active bookings. */
export async function getAvailability(
	db: Db,
	instrumentId: number,
	from: number,
	to: number,
	viewer: { userId: number | null; roles: Roles }
) {
	if (!(to > from) || to - from > MAX_WINDOW_DAYS * DAY) {
		throw new ServiceError('conflict', [{ code: 'invalid_window', params: { days: MAX_WINDOW_DAYS } }]);
	}
	// Zone, opening hours and closure rules come from the per-process instrument cache; bookings and
	// wait-list offers change all the time and are read fresh, together.
	const instrument = await calendarFacts(db, instrumentId);
	if (!instrument || !instrument.published) throw new ServiceError('not_found');
	const isManager = managesFacility(viewer.roles, instrument.facilityId);
	const offersOf = () => scheduleRepo.liveOffers(db.kysely, instrumentId, from, to, Date.now()); // schedule hook: wait-list offers hold their range
	const mine = (userId: number) => viewer.userId != null && userId === viewer.userId;
	let busy: BusyInterval[];
	let offers: Awaited<ReturnType<typeof offersOf>>;
	if (isManager) {
		const [rows, live] = await Promise.all([repo.listActiveInWindow(db.kysely, instrumentId, from, to), offersOf()]);
		busy = rows.map((r) => ({ start: r.start_at, end: r.end_at, bookingId: r.id, status: r.status, userName: r.user_name, mine: mine(r.user_id) }));
		offers = live;
	} else {
		// names only for managers: everyone else's read skips the people
		const [rows, live] = await Promise.all([repo.listActiveInWindowUnnamed(db.kysely, instrumentId, from, to), offersOf()]);
		busy = rows.map((r) => (mine(r.user_id) ? { start: r.start_at, end: r.end_at, bookingId: r.id, status: r.status, mine: true } : { start: r.start_at, end: r.end_at }));
		offers = live;
	}
	for (const o of offers) busy.push({ start: o.start_at, end: o.end_at, status: 'offered', mine: mine(o.user_id) });
	// schedule hook: open time is opening hours minus closures
	const closures = closedIntervals(closuresAround(instrument.closures, from, to), from, to, instrument.timezone);
	return {
		instrumentId,
		timeZone: instrument.timezone,
		open: subtractRanges(openIntervals(instrument.openingHours, from, to, instrument.timezone), closures),
		closures: closures.map((c) => ({ start: c.start, end: c.end, kind: c.kind, reason: c.reason })),
		busy,
		showsNames: isManager
	};
}
