// Validation of the weekly opening hours a manager edits: HH:MM, end after start, no overlaps in a day.
import type { OpeningRange } from '../booking/opening-hours';

export interface HoursProblem {
	code: 'hours_invalid_time' | 'hours_end_not_after_start' | 'hours_overlap' | 'hours_invalid_weekday' | 'hours_too_many';
	params: Record<string, string | number>;
}

const START = /^([01]\d|2[0-3]):([0-5]\d)$/;
/** An end may also be "24:00" (midnight at the end of the day). */
const END = /^(([01]\d|2[0-3]):([0-5]\d)|24:00)$/;

/** Minutes since local midnight of "HH:MM" ("24:00" → 1440); NaN when malformed. */
export function minutesOfDay(hhmm: string, asEnd = false): number {
	if (!(asEnd ? END : START).test(hhmm)) return NaN;
	const [h, m] = hhmm.split(':').map(Number);
	return h * 60 + m;
}

export const MAX_RANGES_PER_DAY = 6;

/** Checks weekly opening hours; returns the sorted ranges or every problem (each names its weekday and row). */
export function validateOpeningHours(ranges: OpeningRange[]): { hours: OpeningRange[]; problems: HoursProblem[] } {
	const problems: HoursProblem[] = [];
	for (let weekday = 1; weekday <= 7; weekday++) {
		// rows are numbered within their day, as the editor shows them
		const day = ranges.filter((r) => r.weekday === weekday).map((r, index) => ({ ...r, index }));
		if (day.length > MAX_RANGES_PER_DAY) problems.push({ code: 'hours_too_many', params: { weekday, max: MAX_RANGES_PER_DAY } });
		const valid: { start: number; end: number; index: number }[] = [];
		for (const r of day) {
			const start = minutesOfDay(r.start);
			const end = minutesOfDay(r.end, true);
			if (Number.isNaN(start) || Number.isNaN(end)) {
				problems.push({ code: 'hours_invalid_time', params: { weekday, row: r.index + 1 } });
			} else if (end <= start) {
				problems.push({ code: 'hours_end_not_after_start', params: { weekday, row: r.index + 1 } });
			} else valid.push({ start, end, index: r.index });
		}
		valid.sort((a, b) => a.start - b.start);
		for (let i = 1; i < valid.length; i++) {
			// touching ranges (12:00–13:00 and 13:00–14:00) are allowed: ranges are half-open
			if (valid[i].start < valid[i - 1].end) {
				problems.push({ code: 'hours_overlap', params: { weekday, row: valid[i].index + 1 } });
			}
		}
	}
	for (const r of ranges) {
		if (!Number.isInteger(r.weekday) || r.weekday < 1 || r.weekday > 7) problems.push({ code: 'hours_invalid_weekday', params: { weekday: String(r.weekday) } });
	}
	const hours = [...ranges]
		.map((r) => ({ weekday: r.weekday, start: r.start, end: r.end }))
		.sort((a, b) => a.weekday - b.weekday || a.start.localeCompare(b.start));
	return { hours, problems };
}
