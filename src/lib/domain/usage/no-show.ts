// When a booking may be checked in, and when it becomes a no-show. Half-open: check-in is allowed in
// [start − lead, deadline); at the deadline itself the booking is a no-show.
import { MINUTE } from '../time/range';

/** How early before the start a person may check in. */
export const CHECKIN_LEAD_MINUTES = 15;
export const DEFAULT_NO_SHOW_MINUTES = 60;

export interface CheckinFacts {
	status: string;
	mode: string;
	start: number;
	end: number;
	/** the instrument's no_show_minutes */
	noShowMinutes: number;
}

/** The instant a booking without check-in becomes a no-show: start + threshold, but never after its end. */
export function noShowDeadline(b: Pick<CheckinFacts, 'start' | 'end' | 'noShowMinutes'>): number {
	return Math.min(b.start + Math.max(0, b.noShowMinutes) * MINUTE, b.end);
}

/** True when an approved, not checked-in booking has reached its no-show deadline at `now`. Sample bookings never are. */
export function isNoShow(b: CheckinFacts, now: number): boolean {
	return b.status === 'approved' && b.mode !== 'sample' && now >= noShowDeadline(b);
}

export type CheckinProblem =
	| { code: 'not_checkinable'; params: { status: string } }
	| { code: 'checkin_too_early'; params: { minutes: number } }
	| { code: 'checkin_too_late' };

/** Whether the booking may be checked in at `now`: approved, sample bookings excluded, inside [start − 15 min, deadline). */
export function checkInProblem(b: CheckinFacts, now: number): CheckinProblem | null {
	if (b.status !== 'approved' || b.mode === 'sample') return { code: 'not_checkinable', params: { status: b.status } };
	if (now < b.start - CHECKIN_LEAD_MINUTES * MINUTE) return { code: 'checkin_too_early', params: { minutes: CHECKIN_LEAD_MINUTES } };
	if (now >= noShowDeadline(b)) return { code: 'checkin_too_late' };
	return null;
}

/** Whether the booking may be checked out: only while checked in. */
export function checkOutProblem(b: Pick<CheckinFacts, 'status'>): { code: 'not_checked_in'; params: { status: string } } | null {
	return b.status === 'checked_in' ? null : { code: 'not_checked_in', params: { status: b.status } };
}
