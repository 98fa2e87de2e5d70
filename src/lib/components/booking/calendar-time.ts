// FullCalendar runs in 'UTC' mode here and is fed instants shifted by the instrument zone's offset,
// so it draws the instrument's wall clock for every viewer, whatever the browser's own zone.
import { formatLocalDateTime, zoneOffsetMinutes, zonedToUtc } from '../../domain/time/zone';

/** Instant → the Date FullCalendar (in UTC mode) shows at the zone's wall-clock time. */
export function toCalendarDate(ms: number, timeZone: string): Date {
	return new Date(ms + zoneOffsetMinutes(ms, timeZone) * 60_000);
}

/** A date picked in the calendar (UTC mode) → the real instant in timeZone. */
export function fromCalendarDate(d: Date, timeZone: string): number {
	return zonedToUtc(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), timeZone);
}

/** A date picked in the calendar → "YYYY-MM-DDTHH:MM" for the form's datetime-local inputs. */
export function calendarDateToLocalInput(d: Date, timeZone: string): string {
	return formatLocalDateTime(fromCalendarDate(d, timeZone), timeZone);
}
