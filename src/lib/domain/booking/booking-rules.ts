// The booking policy: a pure check that returns every problem with a request at once.
import { coveredBy, isValidRange, overlaps, DAY, MINUTE, type TimeRange } from '../time/range';
import { openIntervals, type OpeningRange } from './opening-hours';
import { wallTime } from '../time/zone';
// schedule capability: closures, per-person limits
import { closuresHit, type ClosedInterval } from '../schedule/closures';
import { checkPersonalLimits } from '../schedule/limits';

export type BookableMode = 'self' | 'assisted';

export interface BookingPolicy {
	slotMinutes: number;
	minMinutes: number;
	maxMinutes: number;
	noticeMinutes: number;
	horizonDays: number;
	cancelDeadlineMinutes: number;
	approvalMode: 'auto' | 'manager' | 'auto_internal';
	crossAreaNeedsApproval: boolean;
	// schedule capability (optional: absent = 0 / no limit)
	/** minutes to keep free between this booking and any other */
	bufferMinutes?: number;
	maxWeekMinutes?: number | null;
	maxFutureBookings?: number | null;
}

export interface BookingRequest {
	start: number;
	end: number;
	mode: BookableMode;
	purpose: string;
}

export interface BookingFacts {
	now: number;
	timeZone: string;
	policy: BookingPolicy;
	openingHours: OpeningRange[];
	instrumentStatus: 'in_service' | 'maintenance' | 'retired';
	published: boolean;
	modes: string[];
	/** active bookings of the instrument that could overlap the request */
	busy: TimeRange[];
	// schedule capability (optional): closures around the request, the person's own active bookings on
	// the instrument (for the per-person limits) and ranges held for a wait-list offer to someone else
	closures?: ClosedInterval[];
	ownBookings?: TimeRange[];
	held?: TimeRange[];
}

export type ProblemCode =
	| 'invalid_range'
	| 'in_past'
	| 'too_short_notice'
	| 'beyond_horizon'
	| 'too_short'
	| 'too_long'
	| 'not_on_slot'
	| 'outside_opening_hours'
	| 'overlaps_booking'
	| 'mode_not_offered'
	| 'instrument_unavailable'
	| 'purpose_required'
	| 'closed'
	| 'within_buffer'
	| 'weekly_limit'
	| 'future_limit'
	| 'held_for_waitlist';

export interface Problem {
	code: ProblemCode;
	params?: Record<string, string | number>;
}

/** Checks a booking request against the instrument's policy; returns all problems (empty when bookable). */
export function checkBooking(request: BookingRequest, facts: BookingFacts): { problems: Problem[] } {
	const problems: Problem[] = [];
	const { policy, now } = facts;
	const range = { start: request.start, end: request.end };

	if (!facts.published || facts.instrumentStatus !== 'in_service') {
		problems.push({ code: 'instrument_unavailable', params: { status: facts.instrumentStatus } });
	}
	if (!facts.modes.includes(request.mode)) problems.push({ code: 'mode_not_offered', params: { mode: request.mode } });
	if (request.purpose.trim().length < 2) problems.push({ code: 'purpose_required' });

	if (!isValidRange(range)) {
		problems.push({ code: 'invalid_range' });
		return { problems };
	}
	const minutes = (range.end - range.start) / MINUTE;
	if (range.start < now) problems.push({ code: 'in_past' });
	else if (range.start < now + policy.noticeMinutes * MINUTE) {
		problems.push({ code: 'too_short_notice', params: { minutes: policy.noticeMinutes } });
	}
	if (range.end > now + policy.horizonDays * DAY) {
		problems.push({ code: 'beyond_horizon', params: { days: policy.horizonDays } });
	}
	if (minutes < policy.minMinutes) problems.push({ code: 'too_short', params: { minutes: policy.minMinutes } });
	if (minutes > policy.maxMinutes) problems.push({ code: 'too_long', params: { minutes: policy.maxMinutes } });
	if (!onSlotGrid(range.start, facts.timeZone, policy.slotMinutes) || !onSlotGrid(range.end, facts.timeZone, policy.slotMinutes)) {
		problems.push({ code: 'not_on_slot', params: { minutes: policy.slotMinutes } });
	}
	const open = openIntervals(facts.openingHours, range.start - DAY, range.end + DAY, facts.timeZone);
	if (!coveredBy(range, open)) problems.push({ code: 'outside_opening_hours' });
	if (facts.busy.some((b) => overlaps(b, range))) problems.push({ code: 'overlaps_booking' });
	// --- schedule capability: buffer, closures, wait-list holds, per-person limits
	const buffer = (policy.bufferMinutes ?? 0) * MINUTE;
	if (buffer > 0 && !facts.busy.some((b) => overlaps(b, range))) {
		const padded = { start: range.start - buffer, end: range.end + buffer };
		if (facts.busy.some((b) => overlaps(b, padded))) problems.push({ code: 'within_buffer', params: { minutes: policy.bufferMinutes ?? 0 } });
	}
	for (const c of closuresHit(range, facts.closures ?? [])) problems.push({ code: 'closed', params: { reason: c.reason, kind: c.kind } });
	if ((facts.held ?? []).some((h) => overlaps(h, range))) problems.push({ code: 'held_for_waitlist' });
	problems.push(
		...checkPersonalLimits(range, facts.ownBookings ?? [], { maxWeekMinutes: policy.maxWeekMinutes ?? null, maxFutureBookings: policy.maxFutureBookings ?? null }, now, facts.timeZone)
	);
	// --- end schedule capability
	return { problems };
}

/** True when ms falls on a multiple of slotMinutes counted from local midnight. */
export function onSlotGrid(ms: number, timeZone: string, slotMinutes: number): boolean {
	if (ms % MINUTE !== 0) return false;
	const w = wallTime(ms, timeZone);
	return (w.hour * 60 + w.minute) % slotMinutes === 0;
}

export interface ApprovalFacts {
	policy: BookingPolicy;
	userAreaCode: string;
	instrumentAreaCode: string;
	userInstitutionId: number;
	instrumentInstitutionId: number;
}

/** Whether a request is approved at once ('approved') or waits for a manager ('requested'). */
export function initialStatus(f: ApprovalFacts): 'approved' | 'requested' {
	if (f.policy.crossAreaNeedsApproval && f.userAreaCode !== f.instrumentAreaCode) return 'requested';
	if (f.policy.approvalMode === 'auto') return 'approved';
	if (f.policy.approvalMode === 'auto_internal' && f.userInstitutionId === f.instrumentInstitutionId) return 'approved';
	return 'requested';
}

/** Whether the booker may still cancel a booking that starts at start. */
export function canCancel(start: number, now: number, policy: Pick<BookingPolicy, 'cancelDeadlineMinutes'>): boolean {
	return now <= start - policy.cancelDeadlineMinutes * MINUTE;
}

/** The statuses in which a booking holds its time on the instrument. */
export const ACTIVE_STATUSES = ['requested', 'approved', 'checked_in'] as const;
