// Tables of the statistics roll-ups (migrations/2026-11-27-0012-statistics-rollups.ts). Joined into Database in ../schema.ts.
import type { Generated } from 'kysely';

/** What changed since the roll-ups were brought up to date (written by triggers on the source tables). */
export interface StatDirtyTable {
	id: Generated<number>;
	/** null: rebuild everything */
	instrument_id: number | null;
	/** null: every month of the instrument */
	start_at: number | null;
	end_at: number | null;
}

/** The sums the metric module needs, per row of a roll-up. */
export interface RollupMeasures {
	/** 'booking' | 'usage' | 'sample' */
	kind: string;
	user_area: string;
	outside: number;
	/** booking status; '' for usage and samples */
	status: string;
	recognised: number;
	started: number;
	booked_ms: number;
	revenue_fen: number;
	voucher_fen: number;
	used_ms: number;
	requests: number;
	samples: number;
}

export interface StatRollupTable extends RollupMeasures {
	instrument_id: number;
	/** the local (Asia/Shanghai) month's first instant, UTC ms */
	month_start: number;
	facility_id: number;
	institution_id: number;
	instrument_area: string;
}

/** The instrument-month rows of a local year, summed (migration 0016). */
export interface StatYearRollupTable extends RollupMeasures {
	year_start: number;
	instrument_id: number;
	facility_id: number;
	institution_id: number;
	instrument_area: string;
}

export interface StatAreaRollupTable extends RollupMeasures {
	month_start: number;
	instrument_area: string;
}

/** A distinct outside user (with their institution) of an instrument in a month. */
export interface StatReachTable {
	instrument_id: number;
	month_start: number;
	user_id: number;
	user_institution_id: number;
	facility_id: number;
	institution_id: number;
	instrument_area: string;
}

/** Raised whenever a month's roll-ups are recomputed (migration 0015): what answers may be kept against. */
export interface StatMonthVersionTable {
	month_start: number;
	version: number;
}

export interface StatisticsRollupTables {
	stat_month_versions: StatMonthVersionTable;
	stat_dirty: StatDirtyTable;
	stat_rollups: StatRollupTable;
	stat_year_rollups: StatYearRollupTable;
	stat_area_rollups: StatAreaRollupTable;
	stat_reach: StatReachTable;
}
