// Tables of the qualification-recognition capability (资质互认), created by
// migrations/2026-11-27-0002-qualifications.ts. Instants are epoch ms; validity ranges are half-open.
import type { Generated } from 'kysely';
import type { AreaCode } from '../schema';

export interface QualificationTypeTable {
	id: Generated<number>;
	/** the institution that defines (and grants) the type */
	institution_id: number;
	/** short code, unique within the institution, e.g. "SEM-L2" */
	code: string;
	name_zh: string;
	name_en: string;
	description: Generated<string>;
	level: Generated<number>;
	/** default validity of a grant */
	validity_months: number;
	/** a grant lapses after this many days without a use (null: never) */
	lapse_days: number | null;
	/** comma-separated category codes the type covers (see domain/catalogue/categories) */
	covers_categories: Generated<string>;
	created_by: number | null;
	created_at: number;
	updated_at: number;
}

/** Named instruments a type covers (besides whole categories). */
export interface QualificationTypeInstrumentTable {
	type_id: number;
	instrument_id: number;
}

/** A grant: a person holds a type over [valid_from, expires_at) unless revoked. */
export interface QualificationTable {
	id: Generated<number>;
	type_id: number;
	user_id: number;
	/** the facility whose manager granted it */
	facility_id: number | null;
	granted_by: number | null;
	training_date: number;
	trainer: string;
	evidence_note: Generated<string>;
	valid_from: number;
	expires_at: number;
	revoked_at: number | null;
	revoked_by: number | null;
	revoke_reason: string | null;
	created_at: number;
	updated_at: number;
}

export type AgreementKind = 'institution' | 'area';
export type AgreementStatus = 'proposed' | 'active' | 'suspended' | 'ended' | 'declined' | 'withdrawn';

/** An agreement between side A (the proposer's side) and side B; only 'active' ones count. */
export interface RecognitionAgreementTable {
	id: Generated<number>;
	kind: AgreementKind;
	a_institution_id: number | null;
	b_institution_id: number | null;
	a_area_code: AreaCode | null;
	b_area_code: AreaCode | null;
	/** 1: every mapping also holds in reverse */
	mutual: Generated<number>;
	title: Generated<string>;
	note: Generated<string>;
	valid_from: number;
	/** exclusive end; null: open-ended */
	valid_to: number | null;
	status: AgreementStatus;
	proposed_by: number | null;
	proposed_at: number;
	accepted_by: number | null;
	accepted_at: number | null;
	/** the side ('a' | 'b') that suspended it: only that side may resume */
	suspended_side: 'a' | 'b' | null;
	/** reason of the last status change (decline, suspend, end) */
	status_reason: string | null;
	status_by: number | null;
	status_at: number | null;
	created_at: number;
	updated_at: number;
}

/** "Holders of from_type count as holders of to_type" (and the reverse when the agreement is mutual). */
export interface RecognitionMappingTable {
	id: Generated<number>;
	agreement_id: number;
	from_type_id: number;
	to_type_id: number;
}

export type CaseStatus = 'requested' | 'accepted' | 'refused' | 'withdrawn' | 'revoked';

/** A facility recognises one person's outside qualification as target_type, for one instrument or the whole facility. */
export interface RecognitionCaseTable {
	id: Generated<number>;
	user_id: number;
	qualification_id: number;
	facility_id: number;
	/** null: every instrument of the facility that requires target_type */
	instrument_id: number | null;
	target_type_id: number;
	message: Generated<string>;
	status: CaseStatus;
	/** exclusive end of an accepted case */
	expires_at: number | null;
	decided_by: number | null;
	decided_at: number | null;
	decision_reason: string | null;
	created_at: number;
	updated_at: number;
}

export type TrainingStatus = 'requested' | 'done' | 'declined' | 'withdrawn';

export interface TrainingRequestTable {
	id: Generated<number>;
	user_id: number;
	facility_id: number;
	instrument_id: number | null;
	type_id: number | null;
	message: Generated<string>;
	status: TrainingStatus;
	decided_by: number | null;
	decided_at: number | null;
	decision_note: string | null;
	created_at: number;
	updated_at: number;
}

export interface QualificationTables {
	qualification_types: QualificationTypeTable;
	qualification_type_instruments: QualificationTypeInstrumentTable;
	qualifications: QualificationTable;
	recognition_agreements: RecognitionAgreementTable;
	recognition_mappings: RecognitionMappingTable;
	recognition_cases: RecognitionCaseTable;
	training_requests: TrainingRequestTable;
}
