// Innovation voucher (创新券) money and eligibility rules. Pure.
// Money is integer fen; ratios are basis points (10 000 = 100 %); rounding: half up to the fen
// (see domain/pricing/money-rounding.ts — the one rule for all money).
import { ratioOfFen } from '../pricing/money-rounding';
import { fenToYuanText } from '../instrument/money';

export type AreaCode = 'BJ' | 'TJ' | 'HE';
/** 通用 'general': the enterprise pays in full and claims the subsidy back; 通兑 'exchange': the provider redeems it. */
export type VoucherModel = 'general' | 'exchange';
/** own area only | a published shared-resource list (共享资源清单) | every provider in the three areas */
export type VoucherScope = 'own_area' | 'list' | 'all';

export interface Problem {
	code: string;
	params?: Record<string, string | number>;
}

export interface ShareFacts {
	ratioBp: number;
	feeFen: number;
	/** grant balance: amount − reserved − redeemed */
	balanceFen: number;
	/** cap per enterprise minus what the enterprise has reserved or redeemed in the programme */
	capLeftFen: number;
}

/** The voucher share of a fee: min(ratio × fee, balance, cap left), never negative. */
export function voucherShare(f: ShareFacts): number {
	return Math.max(0, Math.min(ratioOfFen(f.ratioBp, Math.max(0, f.feeFen)), f.balanceFen, f.capLeftFen));
}

/**
 * On completion: the share of the final charge is redeemed (never more than was reserved) and
 * the rest of the reservation is released back to the grant.
 */
export function settleReservation(reservedFen: number, ratioBp: number, finalChargeFen: number): { redeemFen: number; releaseFen: number } {
	const redeemFen = Math.min(reservedFen, ratioOfFen(ratioBp, Math.max(0, finalChargeFen)));
	return { redeemFen, releaseFen: reservedFen - redeemFen };
}

export interface ProgrammeScope {
	issuerArea: AreaCode;
	scope: VoucherScope;
	/** the shared-resource list: facilities and institutions accepted (scope 'list') */
	listFacilityIds: number[];
	listInstitutionIds: number[];
}

export interface Provider {
	facilityId: number;
	institutionId: number;
	areaCode: AreaCode;
}

/** Whether the programme's vouchers may be spent at this provider. */
export function programmeAccepts(p: ProgrammeScope, provider: Provider): boolean {
	if (p.scope === 'all') return true;
	if (p.scope === 'own_area') return provider.areaCode === p.issuerArea;
	return p.listFacilityIds.includes(provider.facilityId) || p.listInstitutionIds.includes(provider.institutionId);
}

export interface ProgrammeInput {
	nameZh: string;
	year: number;
	budgetFen: number;
	ratioBp: number;
	capFen: number;
	validFrom: number;
	validTo: number;
	model: VoucherModel;
	scope: VoucherScope;
	listSize: number;
}

/** Every problem of a proposed programme. */
export function validateProgramme(p: ProgrammeInput): Problem[] {
	const problems: Problem[] = [];
	if (p.nameZh.trim().length < 2) problems.push({ code: 'voucher_name_required' });
	if (!Number.isInteger(p.year) || p.year < 2000 || p.year > 2100) problems.push({ code: 'voucher_year_invalid' });
	if (!Number.isSafeInteger(p.budgetFen) || p.budgetFen <= 0) problems.push({ code: 'voucher_budget_invalid' });
	if (!Number.isInteger(p.ratioBp) || p.ratioBp <= 0 || p.ratioBp > 10_000) problems.push({ code: 'voucher_ratio_invalid' });
	if (!Number.isSafeInteger(p.capFen) || p.capFen <= 0) problems.push({ code: 'voucher_cap_invalid' });
	else if (p.capFen > p.budgetFen) problems.push({ code: 'voucher_cap_above_budget' });
	if (!(p.validTo > p.validFrom)) problems.push({ code: 'voucher_validity_invalid' });
	if (p.model !== 'general' && p.model !== 'exchange') problems.push({ code: 'voucher_model_invalid' });
	if (!['own_area', 'list', 'all'].includes(p.scope)) problems.push({ code: 'voucher_scope_invalid' });
	if (p.scope === 'list' && p.listSize === 0) problems.push({ code: 'voucher_list_empty' });
	return problems;
}

export interface GrantFacts {
	budgetFen: number;
	grantedFen: number;
	capFen: number;
	/** already approved for this enterprise in the programme */
	enterpriseGrantedFen: number;
}

/** Problems with approving amountFen: never over the budget left, never over the enterprise's cap. */
export function checkGrantAmount(amountFen: number, f: GrantFacts): Problem[] {
	const problems: Problem[] = [];
	if (!Number.isSafeInteger(amountFen) || amountFen <= 0) return [{ code: 'voucher_amount_invalid' }];
	if (amountFen > f.budgetFen - f.grantedFen) problems.push({ code: 'voucher_budget_exceeded', params: { left: fenToYuanText(f.budgetFen - f.grantedFen) } });
	if (amountFen > f.capFen - f.enterpriseGrantedFen) problems.push({ code: 'voucher_cap_exceeded', params: { left: fenToYuanText(f.capFen - f.enterpriseGrantedFen) } });
	return problems;
}

/** Problems with an application by an institution: only enterprises of the issuing area, while the programme is open. */
export function checkApplication(
	p: { issuerArea: AreaCode; validFrom: number; validTo: number; status: string },
	applicant: { institutionKind: string; areaCode: AreaCode },
	now: number
): Problem[] {
	const problems: Problem[] = [];
	if (applicant.institutionKind !== 'enterprise') problems.push({ code: 'voucher_enterprises_only' });
	if (applicant.areaCode !== p.issuerArea) problems.push({ code: 'voucher_other_area', params: { area: p.issuerArea } });
	if (p.status !== 'open' || now < p.validFrom || now >= p.validTo) problems.push({ code: 'voucher_programme_closed' });
	return problems;
}

/** Whether an approved grant may be spent now: approved and not expired. */
export function grantUsable(g: { status: string; expiresAt: number }, now: number): boolean {
	return g.status === 'approved' && now < g.expiresAt;
}

/** A claim's totals are always the sums of its lines. */
export function claimTotals(lines: { amountFen: number; status: 'pending' | 'approved' | 'rejected' }[]) {
	let claimedFen = 0;
	let approvedFen = 0;
	let rejectedFen = 0;
	for (const l of lines) {
		claimedFen += l.amountFen;
		if (l.status === 'approved') approvedFen += l.amountFen;
		if (l.status === 'rejected') rejectedFen += l.amountFen;
	}
	return { claimedFen, approvedFen, rejectedFen, pending: lines.filter((l) => l.status === 'pending').length };
}

/**
 * What the client pays the provider on a service order: under 通用 ('general') the whole charge (the
 * enterprise claims the voucher share back from its own authority), under 通兑 ('exchange') the charge
 * less the voucher share (the provider redeems it), without a voucher the charge. Before completion
 * the quote stands in for the charge.
 */
export function clientPaysFen(o: { charge_fen: number | null; quote_fen: number; voucher_fen: number; voucher_model: string | null }): number {
	const charge = o.charge_fen ?? o.quote_fen;
	return o.voucher_model === 'general' ? charge : Math.max(0, charge - o.voucher_fen);
}
