// iCalendar (RFC 5545) text from plain events, with ical-generator. Instants are written in UTC
// (…Z): with a per-event timezone ical-generator would write process-local wall time.
import ical, { ICalEventStatus, ICalEventTransparency } from 'ical-generator';

export interface FeedEvent {
	uid: string;
	start: number;
	end: number;
	summary: string;
	description?: string;
	location?: string;
	cancelled?: boolean;
	/** last change (DTSTAMP), epoch ms */
	stamp: number;
}

export const PROD_ID = { company: 'JJJ Instrument Share', product: 'Bookings', language: 'ZH' } as const;

/** A VCALENDAR with one VEVENT per event; cancelled events are kept with STATUS:CANCELLED so subscribers drop them. */
export function icsText(name: string, events: FeedEvent[]): string {
	const calendar = ical({ name, prodId: PROD_ID, ttl: 15 * 60 });
	for (const e of events) {
		calendar.createEvent({
			id: e.uid,
			start: new Date(e.start),
			end: new Date(e.end),
			stamp: new Date(e.stamp),
			summary: e.summary,
			description: e.description ?? null,
			location: e.location ?? null,
			status: e.cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
			transparency: e.cancelled ? ICalEventTransparency.TRANSPARENT : ICalEventTransparency.OPAQUE
		});
	}
	return calendar.toString();
}
