// JSON shape of a published price rule (API v1).
import type { PriceRule } from '../../domain/pricing/price-rules';

export function priceJson(r: PriceRule & { set: boolean }) {
	return {
		mode: r.mode,
		unit: r.unit,
		outsideFen: r.outsideFen,
		internalFen: r.internalFen,
		minBilledMinutes: r.minBilledMinutes,
		freeQuotaPerYear: r.freeQuotaPerYear,
		freeKinds: r.freeKinds,
		/** false: no rule set for the mode; the instrument's displayed hourly rate applies to everybody */
		set: r.set
	};
}
