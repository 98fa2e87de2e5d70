// The 30-working-day registration rule: a new instrument must be registered (listed on the portal)
// within 30 working days of its acceptance (验收). Days are local calendar days "YYYY-MM-DD".
import { CHINA_HOLIDAYS, type HolidayCalendar } from './china-holidays';

export const REGISTRATION_LIMIT_WORKING_DAYS = 30;
const DAY_MS = 86_400_000;

/** True for a well-formed, existing calendar day "YYYY-MM-DD". */
export function isIsoDay(value: string): boolean {
	if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
	const ms = Date.parse(value + 'T00:00:00Z');
	return Number.isFinite(ms) && new Date(ms).toISOString().slice(0, 10) === value;
}

/** A working day: Monday–Friday, minus listed public holidays, plus listed make-up working days. */
export function isWorkingDay(day: string, calendar: HolidayCalendar = CHINA_HOLIDAYS): boolean {
	if (calendar.workdays.has(day)) return true;
	if (calendar.holidays.has(day)) return false;
	const weekday = new Date(day + 'T00:00:00Z').getUTCDay();
	return weekday !== 0 && weekday !== 6;
}

/** Working days after `from` up to and including `to` (0 when `to` is not after `from`). */
export function workingDaysBetween(from: string, to: string, calendar: HolidayCalendar = CHINA_HOLIDAYS): number {
	const start = Date.parse(from + 'T00:00:00Z');
	const end = Date.parse(to + 'T00:00:00Z');
	let count = 0;
	for (let d = start + DAY_MS; d <= end; d += DAY_MS) {
		if (isWorkingDay(new Date(d).toISOString().slice(0, 10), calendar)) count++;
	}
	return count;
}

/**
 * Registration is late when more than `limit` working days passed after the acceptance day before the
 * registration day: registered on the 30th working day after acceptance is on time, on the 31st late.
 * Unknown acceptance (null) is never late.
 */
export function isRegisteredLate(
	acceptanceDay: string | null,
	registrationDay: string,
	limit: number = REGISTRATION_LIMIT_WORKING_DAYS,
	calendar: HolidayCalendar = CHINA_HOLIDAYS
): boolean {
	if (!acceptanceDay || !isIsoDay(acceptanceDay)) return false;
	return workingDaysBetween(acceptanceDay, registrationDay, calendar) > limit;
}
