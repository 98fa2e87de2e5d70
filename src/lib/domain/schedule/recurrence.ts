// Weekly recurring bookings: the same local wall-clock time on the same weekday, N times or until a date.
import { wallTime, zonedToUtc, localDate } from '../time/zone';

export const MAX_OCCURRENCES = 26;

export type Repeat = { count: number } | { untilDate: string };

export interface Occurrence {
	/** 1-based position in the series */
	index: number;
	start: number;
	end: number;
	/** local day "YYYY-MM-DD" of the start */
	date: string;
}

/** The occurrences of [start, end) repeated weekly in timeZone; at most MAX_OCCURRENCES (the first included). */
export function weeklyOccurrences(start: number, end: number, repeat: Repeat, timeZone: string): Occurrence[] {
	const s = wallTime(start, timeZone);
	const e = wallTime(end, timeZone);
	const out: Occurrence[] = [];
	const limit = 'count' in repeat ? Math.min(Math.max(repeat.count, 1), MAX_OCCURRENCES) : MAX_OCCURRENCES;
	for (let i = 0; i < limit; i++) {
		// Built from the wall clock, not by adding 7 × 24 h, so a zone's offset change keeps the local time.
		const os = zonedToUtc(s.year, s.month, s.day + 7 * i, s.hour, s.minute, timeZone);
		const oe = zonedToUtc(e.year, e.month, e.day + 7 * i, e.hour, e.minute, timeZone);
		const date = localDate(os, timeZone);
		if ('untilDate' in repeat && date > repeat.untilDate) break;
		out.push({ index: i + 1, start: os, end: oe, date });
	}
	return out;
}
