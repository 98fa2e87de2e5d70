import { describe, expect, it } from 'vitest';
import { checkApplication, checkGrantAmount, claimTotals, clientPaysFen, grantUsable, programmeAccepts, settleReservation, validateProgramme, voucherShare } from './voucher-rules';

describe('voucher share = min(ratio × fee, balance, cap left)', () => {
	it('is the ratio of the fee when balance and cap allow', () => {
		expect(voucherShare({ ratioBp: 5_000, feeFen: 30_000, balanceFen: 1_000_000, capLeftFen: 1_000_000 })).toBe(15_000);
	});
	it('is limited by the balance', () => {
		expect(voucherShare({ ratioBp: 5_000, feeFen: 30_000, balanceFen: 14_999, capLeftFen: 1_000_000 })).toBe(14_999);
	});
	it('is limited by the cap left', () => {
		expect(voucherShare({ ratioBp: 5_000, feeFen: 30_000, balanceFen: 20_000, capLeftFen: 100 })).toBe(100);
	});
	it('rounds half a fen up', () => {
		expect(voucherShare({ ratioBp: 5_000, feeFen: 3, balanceFen: 10, capLeftFen: 10 })).toBe(2); // 1.5 → 2
		expect(voucherShare({ ratioBp: 3_000, feeFen: 1, balanceFen: 10, capLeftFen: 10 })).toBe(0); // 0.3 → 0
	});
	it('is never negative', () => {
		expect(voucherShare({ ratioBp: 5_000, feeFen: 30_000, balanceFen: -5, capLeftFen: 10 })).toBe(0);
	});
});

describe('completion', () => {
	it('redeems the share of the final charge and releases the rest when less was used', () => {
		expect(settleReservation(15_000, 5_000, 20_000)).toEqual({ redeemFen: 10_000, releaseFen: 5_000 });
	});
	it('never redeems more than was reserved, even when the final charge is higher', () => {
		expect(settleReservation(15_000, 5_000, 60_000)).toEqual({ redeemFen: 15_000, releaseFen: 0 });
	});
	it('releases everything for a zero charge', () => {
		expect(settleReservation(15_000, 5_000, 0)).toEqual({ redeemFen: 0, releaseFen: 15_000 });
	});
});

describe('scope', () => {
	const provider = { facilityId: 7, institutionId: 3, areaCode: 'BJ' as const };
	it('own area accepts only providers of the issuing area', () => {
		expect(programmeAccepts({ issuerArea: 'HE', scope: 'own_area', listFacilityIds: [], listInstitutionIds: [] }, provider)).toBe(false);
		expect(programmeAccepts({ issuerArea: 'BJ', scope: 'own_area', listFacilityIds: [], listInstitutionIds: [] }, provider)).toBe(true);
	});
	it('a shared-resource list accepts listed facilities or institutions from any area', () => {
		expect(programmeAccepts({ issuerArea: 'HE', scope: 'list', listFacilityIds: [7], listInstitutionIds: [] }, provider)).toBe(true);
		expect(programmeAccepts({ issuerArea: 'HE', scope: 'list', listFacilityIds: [], listInstitutionIds: [3] }, provider)).toBe(true);
		expect(programmeAccepts({ issuerArea: 'HE', scope: 'list', listFacilityIds: [8], listInstitutionIds: [4] }, provider)).toBe(false);
	});
	it('通用通兑 accepts every provider of the three areas', () => {
		expect(programmeAccepts({ issuerArea: 'HE', scope: 'all', listFacilityIds: [], listInstitutionIds: [] }, provider)).toBe(true);
	});
});

describe('grants and applications', () => {
	it('never grants beyond the budget left or the enterprise cap', () => {
		const f = { budgetFen: 100_000, grantedFen: 90_000, capFen: 20_000, enterpriseGrantedFen: 15_000 };
		expect(checkGrantAmount(5_000, f)).toEqual([]);
		expect(checkGrantAmount(10_001, f).map((p) => p.code)).toEqual(['voucher_budget_exceeded', 'voucher_cap_exceeded']);
		expect(checkGrantAmount(10_000, f).map((p) => p.code)).toEqual(['voucher_cap_exceeded']);
		expect(checkGrantAmount(0, f).map((p) => p.code)).toEqual(['voucher_amount_invalid']);
	});
	it('lets only enterprises of the issuing area apply while the programme is open', () => {
		const p = { issuerArea: 'HE' as const, validFrom: 100, validTo: 200, status: 'open' };
		expect(checkApplication(p, { institutionKind: 'enterprise', areaCode: 'HE' }, 150)).toEqual([]);
		expect(checkApplication(p, { institutionKind: 'university', areaCode: 'BJ' }, 200).map((x) => x.code)).toEqual([
			'voucher_enterprises_only',
			'voucher_other_area',
			'voucher_programme_closed'
		]);
	});
	it('a grant is usable until its expiry instant, exclusive', () => {
		expect(grantUsable({ status: 'approved', expiresAt: 100 }, 99)).toBe(true);
		expect(grantUsable({ status: 'approved', expiresAt: 100 }, 100)).toBe(false);
		expect(grantUsable({ status: 'applied', expiresAt: 100 }, 1)).toBe(false);
	});
});

describe('programme validation and claim totals', () => {
	it('collects every programme problem', () => {
		const codes = validateProgramme({ nameZh: 'x', year: 1999, budgetFen: 100, ratioBp: 10_001, capFen: 200, validFrom: 5, validTo: 5, model: 'general', scope: 'list', listSize: 0 }).map((p) => p.code);
		expect(codes).toEqual(['voucher_name_required', 'voucher_year_invalid', 'voucher_ratio_invalid', 'voucher_cap_above_budget', 'voucher_validity_invalid', 'voucher_list_empty']);
	});
	it('totals are the sums of the lines', () => {
		expect(claimTotals([{ amountFen: 100, status: 'approved' }, { amountFen: 50, status: 'rejected' }, { amountFen: 7, status: 'pending' }])).toEqual({ claimedFen: 157, approvedFen: 100, rejectedFen: 50, pending: 1 });
	});
});

describe('what the client pays on a service order', () => {
	const order = { charge_fen: 45_000, quote_fen: 40_000, voucher_fen: 18_000 };
	it('is the whole charge under 通用: the enterprise claims the share back itself', () => {
		expect(clientPaysFen({ ...order, voucher_model: 'general' })).toBe(45_000);
	});
	it('is the charge less the share under 通兑: the provider redeems the share', () => {
		expect(clientPaysFen({ ...order, voucher_model: 'exchange' })).toBe(27_000);
	});
	it('is the charge without a voucher, and the quote before the use is completed', () => {
		expect(clientPaysFen({ ...order, voucher_fen: 0, voucher_model: null })).toBe(45_000);
		expect(clientPaysFen({ ...order, charge_fen: null, voucher_model: 'exchange' })).toBe(22_000);
	});
});
