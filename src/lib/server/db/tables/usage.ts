// Tables of the usage capability (migrations/2026-11-27-0005-usage.ts): usage records (上机记录),
// no-show blocks, per-instrument check-in codes and sample-testing requests (送样检测).
// Instants are epoch ms, money integer fen.
import type { Generated } from 'kysely';
import type { AreaCode } from '../schema';

export type UsageSource = 'checkin' | 'manager' | 'sample';

/** What was really used: statistics count these, not bookings. One per booking at most. */
export interface UsageRecordTable {
	id: Generated<number>;
	booking_id: number | null;
	instrument_id: number;
	/** who used it (the booker) */
	user_id: number;
	/** who ran it: the user for self-operated use, the assigned staff for assisted use */
	operator_user_id: number | null;
	start_at: number;
	/** null while in use */
	end_at: number | null;
	recorded_by: number | null;
	source: UsageSource;
	notes: Generated<string>;
	created_at: number;
	updated_at: number;
}

/** A person blocked from self-service booking on a facility (three no-shows in 90 days) until lifted. */
export interface UsageBlockTable {
	id: Generated<number>;
	user_id: number;
	facility_id: number;
	reason: 'no_shows';
	no_show_count: number;
	created_at: number;
	lifted_at: number | null;
	lifted_by: number | null;
	lift_note: string | null;
}

export interface InstrumentCheckinCodeTable {
	instrument_id: number;
	code: string;
	rotated_by: number | null;
	rotated_at: number;
}

export type SampleStatus = 'submitted' | 'accepted' | 'rejected' | 'received' | 'testing' | 'reported' | 'cancelled';

export interface SampleRequestTable {
	id: Generated<number>;
	instrument_id: number;
	facility_id: number;
	user_id: number;
	sample_count: number;
	sample_kind: string;
	hazards: Generated<string>;
	/** local day "YYYY-MM-DD" the requester would like the result by */
	wanted_date: string | null;
	notes: Generated<string>;
	status: SampleStatus;
	quote_fen: number | null;
	reject_reason: string | null;
	/** the booking (mode 'sample') that holds the instrument time once scheduled */
	booking_id: number | null;
	/** result file, relative to the results directory (never under static/) */
	result_path: string | null;
	result_name: string | null;
	result_type: string | null;
	result_size: number | null;
	reported_at: number | null;
	decided_by: number | null;
	decided_at: number | null;
	user_area_code: AreaCode;
	user_institution_id: number;
	created_at: number;
	updated_at: number;
}

export interface UsageTables {
	usage_records: UsageRecordTable;
	usage_blocks: UsageBlockTable;
	instrument_checkin_codes: InstrumentCheckinCodeTable;
	sample_requests: SampleRequestTable;
}
