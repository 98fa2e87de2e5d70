// Weekly opening hours in the instrument's own zone, expanded to UTC instants.
import { DAY, type TimeRange } from '../time/range';
import { wallTime, zonedToUtc, zoneOffsetMinutes } from '../time/zone';

export interface OpeningRange {
	/** ISO weekday, 1 = Monday … 7 = Sunday */
	weekday: number;
	/** "HH:MM", local time in the instrument's zone */
	start: string;
	/** "HH:MM"; "24:00" means midnight at the end of the day */
	end: string;
}

const HHMM = /^([01]\d|2[0-4]):([0-5]\d)$/;
// "HH:MM" → minutes, remembered: a calendar request expands the same few strings many times
const minutesMemo = new Map<string, number>();

function minutesOf(hhmm: string): number {
	let minutes = minutesMemo.get(hhmm);
	if (minutes === undefined) {
		const m = HHMM.exec(hhmm);
		minutes = m ? Number(m[1]) * 60 + Number(m[2]) : NaN;
		if (minutesMemo.size < 4096) minutesMemo.set(hhmm, minutes);
	}
	return minutes;
}

/** Parses stored JSON into valid ranges; drops malformed entries rather than failing a page. */
export function parseOpeningHours(json: string): OpeningRange[] {
	let raw: unknown;
	try {
		raw = JSON.parse(json);
	} catch {
		return [];
	}
	if (!Array.isArray(raw)) return [];
	return raw.filter(
		(r): r is OpeningRange =>
			typeof r === 'object' &&
			r !== null &&
			Number.isInteger(r.weekday) &&
			r.weekday >= 1 &&
			r.weekday <= 7 &&
			minutesOf(r.start) < minutesOf(r.end) &&
			minutesOf(r.end) <= 24 * 60
	);
}

/**
 * The week as the instrument page lists it: seven lines, Monday first, each the day's ranges in start
 * order ("08:30–12:00, 13:30–17:30"), or '' when the day is closed.
 */
export function weekLines(hours: OpeningRange[]): string[] {
	return [1, 2, 3, 4, 5, 6, 7].map((weekday) =>
		hours
			.filter((h) => h.weekday === weekday)
			.sort((a, b) => minutesOf(a.start) - minutesOf(b.start))
			.map((h) => `${h.start}–${h.end}`)
			.join(', ')
	);
}

/** The UTC intervals during which the instrument is open within [from, to). */
export function openIntervals(hours: OpeningRange[], from: number, to: number, timeZone: string): TimeRange[] {
	const out: TimeRange[] = [];
	if (!(to > from) || hours.length === 0) return out;
	// Walk local calendar days in half-day steps, starting one day early so ranges spanning `from` are
	// kept; the cursor only moves forward, so a local day comes up in consecutive steps only.
	let cursor = from - DAY;
	let lastDay = -1;
	while (cursor < to + DAY) {
		const w = wallTime(cursor, timeZone);
		const day = w.year * 10_000 + w.month * 100 + w.day;
		if (day !== lastDay) {
			lastDay = day;
			let midnight = NaN;
			let steady = false;
			for (const h of hours) {
				if (h.weekday !== w.weekday) continue;
				if (Number.isNaN(midnight)) {
					midnight = zonedToUtc(w.year, w.month, w.day, 0, 0, timeZone);
					// the same offset at this midnight and 24 h later: no change that day (zones change at
					// most twice a year), so local minute m of the day is midnight + m minutes
					steady = zoneOffsetMinutes(midnight, timeZone) === zoneOffsetMinutes(midnight + DAY, timeZone);
				}
				const s = minutesOf(h.start);
				const e = minutesOf(h.end);
				const start = steady ? midnight + s * 60_000 : zonedToUtc(w.year, w.month, w.day, Math.floor(s / 60), s % 60, timeZone);
				const end = midnight + e * 60_000;
				const clipped = { start: Math.max(start, from), end: Math.min(end, to) };
				if (clipped.end > clipped.start) out.push(clipped);
			}
		}
		cursor += DAY / 2;
	}
	return out.sort((a, b) => a.start - b.start);
}

/** The standard weekday office hours used when a facility has not set its own. */
export const DEFAULT_OPENING_HOURS: OpeningRange[] = [1, 2, 3, 4, 5].flatMap((weekday) => [
	{ weekday, start: '08:30', end: '12:00' },
	{ weekday, start: '13:30', end: '17:30' }
]);
