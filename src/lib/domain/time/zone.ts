// Wall-clock time in a named IANA zone ↔ UTC instants, with Intl only (no DST assumptions).

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
	let f = formatters.get(timeZone);
	if (!f) {
		f = new Intl.DateTimeFormat('en-US', {
			timeZone,
			hourCycle: 'h23',
			year: 'numeric',
			month: '2-digit',
			day: '2-digit',
			hour: '2-digit',
			minute: '2-digit',
			second: '2-digit',
			weekday: 'short'
		});
		formatters.set(timeZone, f);
	}
	return f;
}

export interface WallTime {
	year: number;
	month: number; // 1..12
	day: number;
	hour: number;
	minute: number;
	/** ISO weekday, 1 = Monday … 7 = Sunday */
	weekday: number;
}

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

/** The wall-clock reading of instant ms in timeZone, asked of Intl (slow: a few µs per call). */
function intlWallTime(ms: number, timeZone: string): WallTime & { second: number } {
	const parts = Object.fromEntries(formatter(timeZone).formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
	return {
		year: Number(parts.year),
		month: Number(parts.month),
		day: Number(parts.day),
		hour: Number(parts.hour),
		minute: Number(parts.minute),
		second: Number(parts.second),
		weekday: WEEKDAYS[parts.weekday as string]
	};
}

const HOUR = 3_600_000;
/** Offset from UTC (ms, to the second) of timeZone at instant ms, from Intl. */
function intlOffset(ms: number, timeZone: string): number {
	const w = intlWallTime(ms, timeZone);
	return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(ms / 1000) * 1000;
}

// The booking rules read wall time dozens of times per request (opening hours, closures, weekly
// limits) and Intl's formatToParts dominated their cost. Offsets change rarely, so each UTC hour's
// offset is asked of Intl once per zone and kept: an hour whose first and last second have the same
// offset has it throughout (zones change offset at most once in an hour); an hour with a change
// always goes to Intl.
const hourOffsets = new Map<string, Map<number, number>>();
const MAX_HOURS_PER_ZONE = 100_000;

/** The wall-clock reading of instant ms in timeZone. */
export function wallTime(ms: number, timeZone: string): WallTime {
	const hour = Math.floor(ms / HOUR);
	let zone = hourOffsets.get(timeZone);
	if (!zone) hourOffsets.set(timeZone, (zone = new Map()));
	let offset = zone.get(hour);
	if (offset === undefined) {
		const first = intlOffset(hour * HOUR, timeZone);
		if (first !== intlOffset(hour * HOUR + HOUR - 1000, timeZone)) {
			const { second: _second, ...w } = intlWallTime(ms, timeZone);
			return w;
		}
		if (zone.size >= MAX_HOURS_PER_ZONE) zone.clear();
		zone.set(hour, (offset = first));
	}
	const d = new Date(ms + offset);
	return {
		year: d.getUTCFullYear(),
		month: d.getUTCMonth() + 1,
		day: d.getUTCDate(),
		hour: d.getUTCHours(),
		minute: d.getUTCMinutes(),
		weekday: d.getUTCDay() === 0 ? 7 : d.getUTCDay()
	};
}

/** Offset of timeZone from UTC at instant ms, in minutes (Asia/Shanghai → 480). */
export function zoneOffsetMinutes(ms: number, timeZone: string): number {
	const w = wallTime(ms, timeZone);
	const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute);
	return Math.round((asUtc - Math.floor(ms / 60_000) * 60_000) / 60_000);
}

/** The UTC instant at which the wall clock in timeZone reads the given local date and time. */
export function zonedToUtc(
	year: number,
	month: number,
	day: number,
	hour: number,
	minute: number,
	timeZone: string
): number {
	const guess = Date.UTC(year, month - 1, day, hour, minute);
	const first = guess - zoneOffsetMinutes(guess, timeZone) * 60_000;
	// A second pass settles instants next to an offset change.
	return guess - zoneOffsetMinutes(first, timeZone) * 60_000;
}

/** Local calendar date (YYYY-MM-DD) of instant ms in timeZone. */
export function localDate(ms: number, timeZone: string): string {
	const w = wallTime(ms, timeZone);
	return `${w.year}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')}`;
}

/** Parses "YYYY-MM-DDTHH:MM" as wall time in timeZone; null when malformed. */
export function parseLocalDateTime(value: string, timeZone: string): number | null {
	const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})$/.exec(value.trim());
	if (!m) return null;
	const [y, mo, d, h, mi] = m.slice(1).map(Number);
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59) return null;
	const ms = zonedToUtc(y, mo, d, h, mi, timeZone);
	const back = wallTime(ms, timeZone);
	if (back.day !== d || back.month !== mo) return null; // e.g. 02-31
	return ms;
}

/** Formats ms as "YYYY-MM-DDTHH:MM" wall time in timeZone (for datetime-local inputs). */
export function formatLocalDateTime(ms: number, timeZone: string): string {
	const w = wallTime(ms, timeZone);
	const p = (n: number) => String(n).padStart(2, '0');
	return `${w.year}-${p(w.month)}-${p(w.day)}T${p(w.hour)}:${p(w.minute)}`;
}
