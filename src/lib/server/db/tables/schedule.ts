// Tables of the schedule capability (migrations/2026-11-27-0004-schedule.ts): closures and the wait list.
// Instants are epoch ms; local dates and times are in the instrument's zone.
import type { Generated } from 'kysely';

export type ClosureKind = 'maintenance' | 'holiday' | 'outage' | 'other';
export type ClosureRecurrence = 'once' | 'weekly';

export interface InstrumentClosureTable {
	id: Generated<number>;
	instrument_id: number;
	kind: ClosureKind;
	reason: string;
	recurrence: ClosureRecurrence;
	/** once: the closed range [start_at, end_at) */
	start_at: number | null;
	end_at: number | null;
	/** weekly: ISO weekday 1..7 and local "HH:MM" times ("24:00" allowed as end) */
	weekday: number | null;
	start_time: string | null;
	end_time: string | null;
	/** weekly: first and last local day "YYYY-MM-DD" it applies (inclusive); null = unbounded */
	from_date: string | null;
	until_date: string | null;
	created_by: number | null;
	created_at: number;
}

export type WaitlistStatus = 'waiting' | 'offered' | 'booked' | 'declined' | 'expired' | 'left';

export interface WaitlistEntryTable {
	id: Generated<number>;
	instrument_id: number;
	user_id: number;
	mode: 'self' | 'assisted';
	start_at: number;
	end_at: number;
	purpose: string;
	project: Generated<string>;
	status: WaitlistStatus;
	offered_at: number | null;
	offer_expires_at: number | null;
	booking_id: number | null;
	created_at: number;
	updated_at: number;
}

export interface ScheduleTables {
	instrument_closures: InstrumentClosureTable;
	waitlist_entries: WaitlistEntryTable;
}
