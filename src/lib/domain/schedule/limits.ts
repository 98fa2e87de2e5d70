// Per-person limits on one instrument: hours per local week (Mon–Sun) and active future bookings.
import { type TimeRange } from '../time/range';
import { wallTime, zonedToUtc } from '../time/zone';

export interface PersonalLimits {
	/** null: no weekly limit */
	maxWeekMinutes: number | null;
	/** null: no limit on bookings that have not ended */
	maxFutureBookings: number | null;
}

export interface LimitProblem {
	code: 'weekly_limit' | 'future_limit';
	params: Record<string, string | number>;
}

/** The local week [Monday 00:00, next Monday 00:00) in timeZone that contains ms. */
export function localWeek(ms: number, timeZone: string): TimeRange {
	const w = wallTime(ms, timeZone);
	const monday = w.day - (w.weekday - 1);
	return { start: zonedToUtc(w.year, w.month, monday, 0, 0, timeZone), end: zonedToUtc(w.year, w.month, monday + 7, 0, 0, timeZone) };
}

const overlapMs = (a: TimeRange, b: TimeRange) => Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start));

/** Checks a request against the person's own active bookings on the instrument; every week the request touches counts. */
export function checkPersonalLimits(request: TimeRange, own: TimeRange[], limits: PersonalLimits, now: number, timeZone: string): LimitProblem[] {
	const problems: LimitProblem[] = [];
	if (limits.maxFutureBookings != null) {
		const upcoming = own.filter((b) => b.end > now).length;
		if (upcoming + 1 > limits.maxFutureBookings) problems.push({ code: 'future_limit', params: { count: limits.maxFutureBookings } });
	}
	if (limits.maxWeekMinutes != null) {
		let week = localWeek(request.start, timeZone);
		while (week.start < request.end) {
			const used = own.reduce((sum, b) => sum + overlapMs(b, week), 0);
			const total = used + overlapMs(request, week);
			if (total > limits.maxWeekMinutes * 60_000) {
				problems.push({ code: 'weekly_limit', params: { hours: Math.round((limits.maxWeekMinutes / 60) * 10) / 10, used: Math.round((used / 3_600_000) * 10) / 10 } });
				break;
			}
			week = localWeek(week.end, timeZone);
		}
	}
	return problems;
}
