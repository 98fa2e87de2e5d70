import { describe, expect, it } from 'vitest';
import { divideHalfUp, ratioOfFen } from './money-rounding';
import { billedMinutes, computeCharge, displayedHourFen, fallbackRule, freeLeft, quote, validatePriceRule, type PriceRule } from './price-rules';

const hourly: PriceRule = { mode: 'self', unit: 'hour', internalFen: 10_000, outsideFen: 30_000, minBilledMinutes: 30, freeQuotaPerYear: 0, freeKinds: [] };
const perSample: PriceRule = { mode: 'sample', unit: 'sample', internalFen: 5_000, outsideFen: 8_000, minBilledMinutes: 1, freeQuotaPerYear: 2, freeKinds: ['enterprise'] };
const outsider = { bookedMinutes: 60, actualMinutes: null, samples: 0, internal: false, institutionKind: 'university' as const, freeUsed: 0 };

describe('money rounding', () => {
	it('rounds half a fen up and less than half down', () => {
		expect(divideHalfUp(1, 2)).toBe(1);
		expect(divideHalfUp(149, 100)).toBe(1);
		expect(divideHalfUp(150, 100)).toBe(2);
		expect(divideHalfUp(0, 7)).toBe(0);
	});
	it('takes a ratio in basis points of fen', () => {
		expect(ratioOfFen(5_000, 30_001)).toBe(15_001); // 15000.5 → 15001
		expect(ratioOfFen(3_333, 100)).toBe(33); // 33.33
		expect(ratioOfFen(10_000, 123)).toBe(123);
	});
});

describe('hourly charges', () => {
	it('bills whole minimum units, rounding the time up', () => {
		expect(billedMinutes(30, 30)).toBe(30);
		expect(billedMinutes(31, 30)).toBe(60);
		expect(billedMinutes(1, 30)).toBe(30);
		expect(billedMinutes(0, 30)).toBe(0);
	});
	it('charges an outsider the outside rate for the booked time when there is no usage record', () => {
		expect(computeCharge(hourly, outsider).feeFen).toBe(30_000);
	});
	it('charges the actual use when a usage record exists', () => {
		expect(computeCharge(hourly, { ...outsider, actualMinutes: 31 }).feeFen).toBe(30_000); // 31 → 60 billed
		expect(computeCharge(hourly, { ...outsider, actualMinutes: 30 }).feeFen).toBe(15_000);
		expect(computeCharge(hourly, { ...outsider, bookedMinutes: 240, actualMinutes: 90 }).feeFen).toBe(45_000);
	});
	it('charges the instrument institution’s own staff the internal rate', () => {
		expect(computeCharge(hourly, { ...outsider, internal: true }).feeFen).toBe(10_000);
	});
	it('rounds a fraction of a fen half up', () => {
		const odd = { ...hourly, outsideFen: 101, minBilledMinutes: 1 };
		expect(computeCharge(odd, { ...outsider, bookedMinutes: 30 }).feeFen).toBe(51); // 50.5 → 51
		expect(computeCharge(odd, { ...outsider, bookedMinutes: 1 }).feeFen).toBe(2); // 1.683 → 2
	});
	it('quotes the booked time', () => {
		expect(quote(hourly, { bookedMinutes: 90, samples: 0, internal: false, institutionKind: 'enterprise', freeUsed: 0 }).feeFen).toBe(45_000);
	});
	it('takes free public-welfare minutes off the fee up to the yearly quota', () => {
		const free = { ...hourly, freeQuotaPerYear: 120 };
		expect(computeCharge(free, { ...outsider, bookedMinutes: 60, freeUsed: 90 }).feeFen).toBe(15_000);
		expect(computeCharge(free, { ...outsider, bookedMinutes: 60, freeUsed: 120 }).feeFen).toBe(30_000);
		expect(computeCharge(free, { ...outsider, bookedMinutes: 60, freeUsed: 0 }).feeFen).toBe(0);
	});
});

describe('per-sample charges and the quota by institution kind', () => {
	it('gives the free samples only to the kinds named', () => {
		expect(freeLeft(perSample, 'enterprise', 1)).toBe(1);
		expect(freeLeft(perSample, 'university', 0)).toBe(0);
		expect(computeCharge(perSample, { ...outsider, samples: 5, institutionKind: 'enterprise', freeUsed: 1 }).feeFen).toBe(4 * 8_000);
		expect(computeCharge(perSample, { ...outsider, samples: 5 }).feeFen).toBe(5 * 8_000);
	});
});

describe('one yearly free quota shared by every request of the person', () => {
	const enterprise = { ...outsider, institutionKind: 'enterprise' as const };
	it('leaves a second sample request only what the first did not take', () => {
		const first = computeCharge(perSample, { ...enterprise, samples: 1, freeUsed: 0 });
		expect([first.freeQuantity, first.feeFen]).toEqual([1, 0]);
		const second = computeCharge(perSample, { ...enterprise, samples: 3, freeUsed: first.freeQuantity });
		expect([second.freeQuantity, second.feeFen]).toEqual([1, 2 * 8_000]);
		const third = computeCharge(perSample, { ...enterprise, samples: 2, freeUsed: first.freeQuantity + second.freeQuantity });
		expect([third.freeQuantity, third.feeFen]).toEqual([0, 2 * 8_000]);
	});
	it('counts an hourly quota in minutes across bookings, whole billing units at a time', () => {
		const free = { ...hourly, freeQuotaPerYear: 90 };
		const first = computeCharge(free, { ...outsider, bookedMinutes: 60 });
		expect([first.freeQuantity, first.feeFen]).toEqual([60, 0]);
		const second = computeCharge(free, { ...outsider, bookedMinutes: 60, freeUsed: first.freeQuantity });
		expect([second.freeQuantity, second.feeFen]).toEqual([30, 15_000]);
	});
});

describe('validation', () => {
	it('accepts a sound rule', () => {
		expect(validatePriceRule(hourly)).toEqual([]);
	});
	it('refuses any surcharge for another area', () => {
		const problems = validatePriceRule({ ...hourly, crossAreaFen: 40_000 } as PriceRule & Record<string, unknown>);
		expect(problems.map((p) => p.code)).toContain('price_area_surcharge_refused');
		expect(validatePriceRule({ ...hourly, areaRates: { HE: 50_000 } } as PriceRule & Record<string, unknown>).map((p) => p.code)).toContain('price_area_surcharge_refused');
	});
	it('collects every problem at once', () => {
		const codes = validatePriceRule({ ...hourly, internalFen: -1, outsideFen: 1.5, minBilledMinutes: 0, freeQuotaPerYear: -3 }).map((p) => p.code);
		expect(codes).toEqual(expect.arrayContaining(['price_amount_invalid', 'price_min_unit_invalid', 'price_free_quota_invalid']));
	});
	it('refuses an internal rate above the outside rate and a sample mode billed by the hour', () => {
		expect(validatePriceRule({ ...hourly, internalFen: 40_000 }).map((p) => p.code)).toEqual(['price_internal_above_outside']);
		expect(validatePriceRule({ ...perSample, unit: 'hour' }).map((p) => p.code)).toContain('price_sample_unit');
	});
});

describe('displayed hourly rate and fallback', () => {
	it('shows the self-operated outside rate, else the assisted one', () => {
		expect(displayedHourFen([{ mode: 'assisted', unit: 'hour', outsideFen: 50_000 }, hourly])).toBe(30_000);
		expect(displayedHourFen([{ mode: 'assisted', unit: 'hour', outsideFen: 50_000 }])).toBe(50_000);
		expect(displayedHourFen([perSample])).toBeNull();
	});
	it('falls back to the displayed rate for everybody, billed by the minute', () => {
		expect(computeCharge(fallbackRule('self', 30_000), { ...outsider, bookedMinutes: 90, internal: true }).feeFen).toBe(45_000);
	});
});
