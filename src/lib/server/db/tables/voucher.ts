// Prices, innovation vouchers, service orders and settlement (migration 0007). Joined into Database in ../schema.ts.
// Money is integer fen; ratios are basis points (10 000 = 100 %); instants are epoch ms.
import type { Generated } from 'kysely';

type Area = 'BJ' | 'TJ' | 'HE';

export interface PriceRuleTable {
	id: Generated<number>;
	instrument_id: number;
	mode: 'self' | 'assisted' | 'sample';
	unit: 'hour' | 'sample';
	internal_fen: number;
	outside_fen: number;
	min_billed_minutes: Generated<number>;
	/** minutes (hour rules) or samples per person per calendar year; 0 = none */
	free_quota_per_year: Generated<number>;
	/** comma-separated institution kinds entitled to the free quota; '' = everybody */
	free_kinds: Generated<string>;
	updated_by: number | null;
	created_at: number;
	updated_at: number;
}

export interface BookingChargeTable {
	booking_id: number;
	instrument_id: number;
	user_id: number;
	mode: 'self' | 'assisted' | 'sample';
	unit: 'hour' | 'sample';
	rate_fen: number;
	/** 1: the instrument's own institution (internal rate) */
	internal: number;
	/** calendar year (Asia/Shanghai) of the start, for the free quota */
	year: number;
	quantity: number;
	free_quantity: number;
	quote_fen: number;
	/** the charge computed on completion from the usage record or the booked time */
	computed_fen: number | null;
	/** what is charged: computed_fen, or the manager's adjustment (adjust_reason set) */
	final_fen: number | null;
	adjust_reason: string | null;
	status: 'quoted' | 'final' | 'void';
	finalised_by: number | null;
	created_at: number;
	updated_at: number;
}

export interface VoucherProgrammeTable {
	id: Generated<number>;
	issuer_area: Area;
	name_zh: string;
	name_en: Generated<string>;
	year: number;
	budget_fen: number;
	granted_fen: Generated<number>;
	ratio_bp: number;
	cap_fen: number;
	valid_from: number;
	valid_to: number;
	/** 'general' 通用 | 'exchange' 通兑 */
	model: 'general' | 'exchange';
	scope: 'own_area' | 'list' | 'all';
	status: Generated<'open' | 'closed'>;
	created_by: number | null;
	created_at: number;
	updated_at: number;
}

/** The shared-resource list (共享资源清单): facilities or whole institutions, from any area. */
export interface VoucherProgrammeProviderTable {
	id: Generated<number>;
	programme_id: number;
	facility_id: number | null;
	institution_id: number | null;
}

export interface VoucherGrantTable {
	id: Generated<number>;
	programme_id: number;
	institution_id: number;
	applicant_user_id: number;
	requested_fen: number;
	purpose: Generated<string>;
	amount_fen: Generated<number>;
	reserved_fen: Generated<number>;
	redeemed_fen: Generated<number>;
	status: 'applied' | 'approved' | 'rejected';
	decision_reason: string | null;
	decided_by: number | null;
	decided_at: number | null;
	expires_at: number;
	created_at: number;
	updated_at: number;
}

export interface VoucherReservationTable {
	id: Generated<number>;
	grant_id: number;
	booking_id: number | null; // sample vouchers: null for a sample request's reservation (migration 0010)
	sample_request_id: number | null; // sample vouchers
	programme_id: number;
	issuer_area: Area;
	model: 'general' | 'exchange';
	enterprise_institution_id: number;
	provider_facility_id: number;
	provider_institution_id: number;
	provider_area: Area;
	fee_fen: number;
	reserved_fen: number;
	final_charge_fen: number | null;
	redeemed_fen: Generated<number>;
	released_fen: Generated<number>;
	status: 'reserved' | 'redeemed' | 'released';
	redemption_key: string | null;
	redeemed_at: number | null;
	claim_line_id: number | null;
	created_at: number;
	updated_at: number;
}

/**
 * The money of one sample-testing request (migration 0013), like booking_charges for a booking: the
 * quote when sent, the final charge on the report, and the free public-welfare samples it took.
 */
export interface SampleChargeTable {
	sample_request_id: number;
	instrument_id: number;
	user_id: number;
	unit: 'hour' | 'sample';
	rate_fen: number;
	/** 1: the instrument's own institution (internal rate) */
	internal: number;
	/** calendar year (Asia/Shanghai) of the request, for the free quota */
	year: number;
	quantity: number;
	free_quantity: number;
	/** the price-rule quote when the request was sent */
	quote_fen: number;
	/** what is charged, set on the report: the manager's accepted quote, else quote_fen */
	final_fen: number | null;
	status: 'quoted' | 'final' | 'void';
	created_at: number;
	updated_at: number;
}

export interface ServiceOrderTemplateTable {
	facility_id: number;
	ip_terms: string;
	confidentiality_terms: string;
	updated_by: number | null;
	updated_at: number;
}

export interface ServiceOrderTable {
	id: Generated<number>;
	/** the booking served, or null for a sample request's order (migration 0013) */
	booking_id: number | null;
	/** the sample-testing request served; exactly one of booking_id and sample_request_id is set */
	sample_request_id: number | null;
	number: string;
	provider_facility_id: number;
	provider_institution_id: number;
	client_institution_id: number;
	client_user_id: number;
	content: string;
	quote_fen: number;
	charge_fen: number | null;
	charge_note: string | null;
	voucher_fen: Generated<number>;
	ip_terms: string;
	confidentiality_terms: string;
	status: 'open' | 'completed' | 'paid' | 'cancelled';
	receipt_no: string | null;
	paid_fen: number | null;
	paid_at: number | null;
	created_at: number;
	updated_at: number;
}

export interface SettlementClaimTable {
	id: Generated<number>;
	programme_id: number;
	issuer_area: Area;
	kind: 'provider' | 'enterprise';
	facility_id: number | null;
	institution_id: number;
	period_from: number;
	period_to: number;
	claimed_fen: number;
	approved_fen: Generated<number>;
	status: 'submitted' | 'reviewed' | 'paid';
	paid_reference: string | null;
	paid_at: number | null;
	paid_by: number | null;
	created_by: number;
	created_at: number;
	updated_at: number;
}

export interface SettlementClaimLineTable {
	id: Generated<number>;
	claim_id: number;
	reservation_id: number;
	amount_fen: number;
	contract_no: Generated<string>;
	receipt_no: Generated<string>;
	status: 'pending' | 'approved' | 'rejected';
	reason: string | null;
	reviewed_by: number | null;
	reviewed_at: number | null;
}

export interface VoucherTables {
	price_rules: PriceRuleTable;
	booking_charges: BookingChargeTable;
	sample_charges: SampleChargeTable;
	voucher_programmes: VoucherProgrammeTable;
	voucher_programme_providers: VoucherProgrammeProviderTable;
	voucher_grants: VoucherGrantTable;
	voucher_reservations: VoucherReservationTable;
	service_order_templates: ServiceOrderTemplateTable;
	service_orders: ServiceOrderTable;
	settlement_claims: SettlementClaimTable;
	settlement_claim_lines: SettlementClaimLineTable;
}
