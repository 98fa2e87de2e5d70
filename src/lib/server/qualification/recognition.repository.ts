// Recognition SQL: agreements with their mappings, case recognitions and training requests.
import type { Kysely } from 'kysely';
import type { AreaCode, Database } from '../db/schema';
import type { AgreementStatus, CaseStatus, TrainingStatus } from '../db/tables/qualification';

type Q = Kysely<Database>;

/** Agreements with the names of their sides, newest first. */
export function listAgreements(db: Q, filter: { ids?: number[]; statuses?: AgreementStatus[] } = {}) {
	let q = db
		.selectFrom('recognition_agreements as g')
		.leftJoin('institutions as ia', 'ia.id', 'g.a_institution_id')
		.leftJoin('institutions as ib', 'ib.id', 'g.b_institution_id')
		.leftJoin('areas as aa', 'aa.code', 'g.a_area_code')
		.leftJoin('areas as ab', 'ab.code', 'g.b_area_code')
		.selectAll('g')
		.select([
			'ia.name_zh as a_institution_zh',
			'ia.name_en as a_institution_en',
			'ib.name_zh as b_institution_zh',
			'ib.name_en as b_institution_en',
			'aa.name_zh as a_area_zh',
			'aa.name_en as a_area_en',
			'ab.name_zh as b_area_zh',
			'ab.name_en as b_area_en'
		]);
	if (filter.ids) q = filter.ids.length ? q.where('g.id', 'in', filter.ids) : q.where('g.id', '=', -1);
	if (filter.statuses) q = q.where('g.status', 'in', filter.statuses);
	return q.orderBy('g.id', 'desc').limit(500).execute();
}
export type AgreementRow = Awaited<ReturnType<typeof listAgreements>>[number];

export async function findAgreement(db: Q, id: number): Promise<AgreementRow | undefined> {
	return (await listAgreements(db, { ids: [id] }))[0];
}

/** Mappings of agreements with both types and their institutions. */
export function listMappings(db: Q, agreementIds: number[]) {
	if (agreementIds.length === 0) return Promise.resolve([]);
	return db
		.selectFrom('recognition_mappings as m')
		.innerJoin('qualification_types as f', 'f.id', 'm.from_type_id')
		.innerJoin('qualification_types as t', 't.id', 'm.to_type_id')
		.innerJoin('institutions as fi', 'fi.id', 'f.institution_id')
		.innerJoin('institutions as ti', 'ti.id', 't.institution_id')
		.select([
			'm.id',
			'm.agreement_id',
			'm.from_type_id',
			'm.to_type_id',
			'f.code as from_code',
			'f.name_zh as from_name_zh',
			'f.name_en as from_name_en',
			'fi.name_zh as from_institution_zh',
			'fi.name_en as from_institution_en',
			't.code as to_code',
			't.name_zh as to_name_zh',
			't.name_en as to_name_en',
			'ti.name_zh as to_institution_zh',
			'ti.name_en as to_institution_en'
		])
		.where('m.agreement_id', 'in', agreementIds)
		.orderBy('m.id')
		.execute();
}
export type MappingRow = Awaited<ReturnType<typeof listMappings>>[number];

export async function insertAgreement(
	db: Q,
	v: {
		kind: 'institution' | 'area';
		aInstitutionId: number | null;
		bInstitutionId: number | null;
		aAreaCode: AreaCode | null;
		bAreaCode: AreaCode | null;
		mutual: boolean;
		title: string;
		note: string;
		validFrom: number;
		validTo: number | null;
		proposedBy: number;
		mappings: { fromTypeId: number; toTypeId: number }[];
		now: number;
	}
): Promise<number> {
	const { id } = await db
		.insertInto('recognition_agreements')
		.values({
			kind: v.kind,
			a_institution_id: v.aInstitutionId,
			b_institution_id: v.bInstitutionId,
			a_area_code: v.aAreaCode,
			b_area_code: v.bAreaCode,
			mutual: v.mutual ? 1 : 0,
			title: v.title,
			note: v.note,
			valid_from: v.validFrom,
			valid_to: v.validTo,
			status: 'proposed',
			proposed_by: v.proposedBy,
			proposed_at: v.now,
			accepted_by: null,
			accepted_at: null,
			suspended_side: null,
			status_reason: null,
			status_by: null,
			status_at: null,
			created_at: v.now,
			updated_at: v.now
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	await db
		.insertInto('recognition_mappings')
		.values(v.mappings.map((m) => ({ agreement_id: id, from_type_id: m.fromTypeId, to_type_id: m.toTypeId })))
		.execute();
	return id;
}

export async function setAgreementStatus(
	db: Q,
	id: number,
	v: { status: AgreementStatus; by: number; reason: string | null; suspendedSide: 'a' | 'b' | null; accepted: boolean; now: number }
): Promise<void> {
	await db
		.updateTable('recognition_agreements')
		.set({
			status: v.status,
			suspended_side: v.suspendedSide,
			status_reason: v.reason,
			status_by: v.by,
			status_at: v.now,
			updated_at: v.now,
			...(v.accepted ? { accepted_by: v.by, accepted_at: v.now } : {})
		})
		.where('id', '=', id)
		.execute();
}

// ---- case recognitions ------------------------------------------------------------------------

export function listCases(db: Q, filter: { userId?: number; facilityIds?: number[]; ids?: number[]; statuses?: CaseStatus[] }) {
	let q = db
		.selectFrom('recognition_cases as c')
		.innerJoin('users as u', 'u.id', 'c.user_id')
		.innerJoin('institutions as ui', 'ui.id', 'u.institution_id')
		.innerJoin('qualifications as q', 'q.id', 'c.qualification_id')
		.innerJoin('qualification_types as ht', 'ht.id', 'q.type_id')
		.innerJoin('institutions as hi', 'hi.id', 'ht.institution_id')
		.innerJoin('qualification_types as tt', 'tt.id', 'c.target_type_id')
		.innerJoin('facilities as f', 'f.id', 'c.facility_id')
		.leftJoin('instruments as i', 'i.id', 'c.instrument_id')
		.selectAll('c')
		.select([
			'u.name as user_name',
			'u.email as user_email',
			'ui.name_zh as user_institution_zh',
			'ui.name_en as user_institution_en',
			'ht.code as held_code',
			'ht.name_zh as held_name_zh',
			'ht.name_en as held_name_en',
			'hi.name_zh as held_institution_zh',
			'hi.name_en as held_institution_en',
			'q.expires_at as held_expires_at',
			'q.revoked_at as held_revoked_at',
			'tt.code as target_code',
			'tt.name_zh as target_name_zh',
			'tt.name_en as target_name_en',
			'f.name_zh as facility_name_zh',
			'f.name_en as facility_name_en',
			'i.name_zh as instrument_name_zh',
			'i.name_en as instrument_name_en'
		]);
	if (filter.userId !== undefined) q = q.where('c.user_id', '=', filter.userId);
	if (filter.facilityIds) q = filter.facilityIds.length ? q.where('c.facility_id', 'in', filter.facilityIds) : q.where('c.id', '=', -1);
	if (filter.ids) q = filter.ids.length ? q.where('c.id', 'in', filter.ids) : q.where('c.id', '=', -1);
	if (filter.statuses) q = q.where('c.status', 'in', filter.statuses);
	return q.orderBy('c.id', 'desc').limit(300).execute();
}
export type CaseRow = Awaited<ReturnType<typeof listCases>>[number];

export async function findCase(db: Q, id: number): Promise<CaseRow | undefined> {
	return (await listCases(db, { ids: [id] }))[0];
}

export async function insertCase(
	db: Q,
	v: { userId: number; qualificationId: number; facilityId: number; instrumentId: number | null; targetTypeId: number; message: string; now: number }
): Promise<number> {
	const { id } = await db
		.insertInto('recognition_cases')
		.values({
			user_id: v.userId,
			qualification_id: v.qualificationId,
			facility_id: v.facilityId,
			instrument_id: v.instrumentId,
			target_type_id: v.targetTypeId,
			message: v.message,
			status: 'requested',
			expires_at: null,
			decided_by: null,
			decided_at: null,
			decision_reason: null,
			created_at: v.now,
			updated_at: v.now
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return id;
}

export async function setCaseStatus(db: Q, id: number, v: { status: CaseStatus; by: number; reason: string | null; expiresAt?: number | null; now: number }): Promise<void> {
	await db
		.updateTable('recognition_cases')
		.set({
			status: v.status,
			decided_by: v.by,
			decided_at: v.now,
			decision_reason: v.reason,
			updated_at: v.now,
			...(v.expiresAt !== undefined ? { expires_at: v.expiresAt } : {})
		})
		.where('id', '=', id)
		.execute();
}

// ---- training requests ------------------------------------------------------------------------

export function listTrainingRequests(db: Q, filter: { userId?: number; facilityIds?: number[]; ids?: number[]; statuses?: TrainingStatus[] }) {
	let q = db
		.selectFrom('training_requests as r')
		.innerJoin('users as u', 'u.id', 'r.user_id')
		.innerJoin('institutions as ui', 'ui.id', 'u.institution_id')
		.innerJoin('facilities as f', 'f.id', 'r.facility_id')
		.leftJoin('instruments as i', 'i.id', 'r.instrument_id')
		.leftJoin('qualification_types as t', 't.id', 'r.type_id')
		.selectAll('r')
		.select([
			'u.name as user_name',
			'u.email as user_email',
			'ui.name_zh as user_institution_zh',
			'ui.name_en as user_institution_en',
			'f.name_zh as facility_name_zh',
			'f.name_en as facility_name_en',
			'i.name_zh as instrument_name_zh',
			'i.name_en as instrument_name_en',
			't.code as type_code'
		]);
	if (filter.userId !== undefined) q = q.where('r.user_id', '=', filter.userId);
	if (filter.facilityIds) q = filter.facilityIds.length ? q.where('r.facility_id', 'in', filter.facilityIds) : q.where('r.id', '=', -1);
	if (filter.ids) q = filter.ids.length ? q.where('r.id', 'in', filter.ids) : q.where('r.id', '=', -1);
	if (filter.statuses) q = q.where('r.status', 'in', filter.statuses);
	return q.orderBy('r.id', 'desc').limit(300).execute();
}
export type TrainingRow = Awaited<ReturnType<typeof listTrainingRequests>>[number];

export async function insertTrainingRequest(
	db: Q,
	v: { userId: number; facilityId: number; instrumentId: number | null; typeId: number | null; message: string; now: number }
): Promise<number> {
	const { id } = await db
		.insertInto('training_requests')
		.values({
			user_id: v.userId,
			facility_id: v.facilityId,
			instrument_id: v.instrumentId,
			type_id: v.typeId,
			message: v.message,
			status: 'requested',
			decided_by: null,
			decided_at: null,
			decision_note: null,
			created_at: v.now,
			updated_at: v.now
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return id;
}

export async function setTrainingStatus(db: Q, id: number, v: { status: TrainingStatus; by: number; note: string | null; now: number }): Promise<void> {
	await db
		.updateTable('training_requests')
		.set({ status: v.status, decided_by: v.by, decided_at: v.now, decision_note: v.note, updated_at: v.now })
		.where('id', '=', id)
		.execute();
}
