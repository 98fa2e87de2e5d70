// Tables of the statistics capability (migrations/2026-11-27-0008-statistics.ts). Joined into Database in ../schema.ts.
import type { Generated } from 'kysely';

/** An evaluation scheme (indicators, weights, thresholds, cut-offs, benchmarks) as JSON; name 'current' is in force. */
export interface EvaluationSchemeTable {
	id: Generated<number>;
	name: string;
	config_json: string;
	updated_by: number | null;
	updated_at: number;
}

export interface StatisticsTables {
	evaluation_schemes: EvaluationSchemeTable;
}
