// Open and busy intervals of an instrument over a window; names only for the instrument's managers.
import { openIntervals, parseOpeningHours } from '../../domain/booking/opening-hours';
import { DAY } from '../../domain/time/range';
import type { Db } from '../db/dialect';
import { managesFacility, type Roles } from '../auth/roles';
import * as repo from './booking.repository';
import { ServiceError } from './booking.errors';
import { loadCalendarExtras } from '../schedule/booking-facts'; // schedule hook
import { subtractRanges } from '../../domain/schedule/closures';

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
	const instrument = await db.kysely
		.selectFrom('instruments')
		.select(['id', 'facility_id', 'timezone', 'opening_hours', 'published'])
		.where('id', '=', instrumentId)
		.executeTakeFirst();
	if (!instrument || !instrument.published) throw new ServiceError('not_found');
	const isManager = managesFacility(viewer.roles, instrument.facility_id);
	const rows = await repo.listActiveInWindow(db.kysely, instrumentId, from, to);
	const busy: BusyInterval[] = rows.map((r) => {
		const mine = viewer.userId != null && r.user_id === viewer.userId;
		if (isManager) return { start: r.start_at, end: r.end_at, bookingId: r.id, status: r.status, userName: r.user_name, mine };
		if (mine) return { start: r.start_at, end: r.end_at, bookingId: r.id, status: r.status, mine };
		return { start: r.start_at, end: r.end_at };
	});
	// --- schedule hook: open time is opening hours minus closures; wait-list offers hold their range
	const extras = await loadCalendarExtras(db.kysely, instrument, from, to, Date.now());
	for (const h of extras.held) busy.push({ start: h.start, end: h.end, status: 'offered', mine: viewer.userId != null && h.userId === viewer.userId });
	// --- end schedule hook
	return {
		instrumentId,
		timeZone: instrument.timezone,
		open: subtractRanges(openIntervals(parseOpeningHours(instrument.opening_hours), from, to, instrument.timezone), extras.closures),
		closures: extras.closures.map((c) => ({ start: c.start, end: c.end, kind: c.kind, reason: c.reason })),
		busy,
		showsNames: isManager
	};
}
