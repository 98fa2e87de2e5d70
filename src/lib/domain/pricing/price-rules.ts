// Price rules per instrument and service mode, and the charge they produce. Pure.
//
// A rule has exactly two rates: an internal rate for the instrument's own institution and ONE
// outside rate for every other institution, whatever its area (同等标准). There is no field that
// could carry an area, so a surcharge for another area cannot be expressed; validatePriceRule
// also refuses any input that tries (an "area" rate of any kind).
import { divideHalfUp } from './money-rounding';

export type PriceMode = 'self' | 'assisted' | 'sample';
export type PriceUnit = 'hour' | 'sample';
export const PRICE_MODES: PriceMode[] = ['self', 'assisted', 'sample'];
export const INSTITUTION_KINDS = ['university', 'institute', 'enterprise', 'government', 'service'] as const;
export type InstitutionKindName = (typeof INSTITUTION_KINDS)[number];

export interface PriceRule {
	mode: PriceMode;
	unit: PriceUnit;
	/** fen per hour or per sample for the instrument's own institution */
	internalFen: number;
	/** fen per hour or per sample for every other institution, in any of the three areas */
	outsideFen: number;
	/** hourly rules: time is billed in whole units of this many minutes, rounded up (≥ 1) */
	minBilledMinutes: number;
	/** free public-welfare quota per person per calendar year: minutes (hour rules) or samples; 0 = none */
	freeQuotaPerYear: number;
	/** institution kinds whose people get the free quota; empty = everybody */
	freeKinds: InstitutionKindName[];
}

export interface Problem {
	code: string;
	params?: Record<string, string | number>;
}

const MAX_FEN = 100_000_000_00; // 100 million yuan per hour or sample: far above any real price

/** Every problem of a proposed rule; an empty list means it may be saved. */
export function validatePriceRule(input: PriceRule): Problem[] {
	const problems: Problem[] = [];
	for (const key of Object.keys(input)) {
		if (/area|region|crossarea|cross_area/i.test(key)) problems.push({ code: 'price_area_surcharge_refused', params: { field: key } });
	}
	if (!PRICE_MODES.includes(input.mode)) problems.push({ code: 'price_mode_invalid' });
	if (input.unit !== 'hour' && input.unit !== 'sample') problems.push({ code: 'price_unit_invalid' });
	if (input.mode === 'sample' && input.unit !== 'sample') problems.push({ code: 'price_sample_unit' });
	if (input.mode !== 'sample' && input.unit !== 'hour') problems.push({ code: 'price_time_unit' });
	for (const [field, value] of [['internalFen', input.internalFen], ['outsideFen', input.outsideFen]] as const) {
		if (!Number.isSafeInteger(value) || value < 0 || value > MAX_FEN) problems.push({ code: 'price_amount_invalid', params: { field } });
	}
	if (Number.isSafeInteger(input.internalFen) && Number.isSafeInteger(input.outsideFen) && input.internalFen > input.outsideFen) {
		problems.push({ code: 'price_internal_above_outside' });
	}
	if (input.unit === 'hour' && (!Number.isInteger(input.minBilledMinutes) || input.minBilledMinutes < 1 || input.minBilledMinutes > 1440)) {
		problems.push({ code: 'price_min_unit_invalid' });
	}
	if (!Number.isInteger(input.freeQuotaPerYear) || input.freeQuotaPerYear < 0 || input.freeQuotaPerYear > 1_000_000) {
		problems.push({ code: 'price_free_quota_invalid' });
	}
	if (!Array.isArray(input.freeKinds) || input.freeKinds.some((k) => !INSTITUTION_KINDS.includes(k))) problems.push({ code: 'price_free_kinds_invalid' });
	return problems;
}

/** The rule used when a facility has set none for a mode: the instrument's displayed hourly rate for everybody, billed by the minute. */
export function fallbackRule(mode: PriceMode, priceHourFen: number): PriceRule {
	return { mode, unit: mode === 'sample' ? 'sample' : 'hour', internalFen: priceHourFen, outsideFen: priceHourFen, minBilledMinutes: 1, freeQuotaPerYear: 0, freeKinds: [] };
}

/** Minutes billed for minutes of use: rounded up to whole billing units; 0 for no use. */
export function billedMinutes(minutes: number, unitMinutes: number): number {
	if (minutes <= 0) return 0;
	const unit = Math.max(1, Math.floor(unitMinutes));
	return Math.ceil(minutes / unit) * unit;
}

export interface ChargeFacts {
	/** the booked length in minutes (used when there is no usage record) */
	bookedMinutes: number;
	/** the actual use from the usage record, or null when there is none */
	actualMinutes: number | null;
	/** samples tested (sample rules) */
	samples: number;
	/** true when the person belongs to the instrument's own institution */
	internal: boolean;
	/** the person's institution kind, for the free quota */
	institutionKind: InstitutionKindName;
	/** free quota already used by this person this year under this rule (minutes or samples) */
	freeUsed: number;
}

export interface Charge {
	unit: PriceUnit;
	/** fen per hour or per sample applied */
	rateFen: number;
	/** minutes or samples counted before the free quota */
	quantity: number;
	/** minutes or samples taken from the free quota */
	freeQuantity: number;
	/** the fee in fen, rounded half up to the fen */
	feeFen: number;
}

/** The free quota this person may still use under the rule. */
export function freeLeft(rule: PriceRule, kind: InstitutionKindName, used: number): number {
	if (rule.freeQuotaPerYear <= 0) return 0;
	if (rule.freeKinds.length > 0 && !rule.freeKinds.includes(kind)) return 0;
	return Math.max(0, rule.freeQuotaPerYear - used);
}

/**
 * The charge under a rule: actual minutes when a usage record exists, else the booked minutes
 * (hour rules, in whole billing units); samples (sample rules). Internal or outside rate only.
 */
export function computeCharge(rule: PriceRule, facts: ChargeFacts): Charge {
	const rateFen = facts.internal ? rule.internalFen : rule.outsideFen;
	const free = freeLeft(rule, facts.institutionKind, facts.freeUsed);
	if (rule.unit === 'sample') {
		const quantity = Math.max(0, Math.floor(facts.samples));
		const freeQuantity = Math.min(free, quantity);
		return { unit: 'sample', rateFen, quantity, freeQuantity, feeFen: (quantity - freeQuantity) * rateFen };
	}
	const minutes = facts.actualMinutes ?? facts.bookedMinutes;
	const quantity = billedMinutes(minutes, rule.minBilledMinutes);
	const freeQuantity = Math.min(free, quantity);
	return { unit: 'hour', rateFen, quantity, freeQuantity, feeFen: divideHalfUp(rateFen * (quantity - freeQuantity), 60) };
}

/** The quote shown before sending: the charge for the booked time (no usage yet). */
export function quote(rule: PriceRule, facts: Omit<ChargeFacts, 'actualMinutes'>): Charge {
	return computeCharge(rule, { ...facts, actualMinutes: null });
}

/** The hourly outside rate to display on the instrument (instruments.price_hour_fen): self, else assisted; null if neither is hourly. */
export function displayedHourFen(rules: Pick<PriceRule, 'mode' | 'unit' | 'outsideFen'>[]): number | null {
	for (const mode of ['self', 'assisted'] as const) {
		const r = rules.find((x) => x.mode === mode && x.unit === 'hour');
		if (r) return r.outsideFen;
	}
	return null;
}
