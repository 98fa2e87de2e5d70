// Qualification SQL: types, grants, instrument requirements, and the facts the resolver needs.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { AgreementFact, CaseFact, HeldFact, TypeFact } from '../../domain/qualification/resolver';

type Q = Kysely<Database>;

const TYPE_COLUMNS = [
	'qualification_types.id',
	'qualification_types.institution_id',
	'qualification_types.code',
	'qualification_types.name_zh',
	'qualification_types.name_en',
	'qualification_types.description',
	'qualification_types.level',
	'qualification_types.validity_months',
	'qualification_types.lapse_days',
	'qualification_types.covers_categories',
	'institutions.name_zh as institution_name_zh',
	'institutions.name_en as institution_name_en',
	'institutions.area_code'
] as const;

/** Types with their institution, optionally of some institutions or ids only. */
export function listTypes(db: Q, filter: { institutionIds?: number[]; ids?: number[] } = {}) {
	let q = db.selectFrom('qualification_types').innerJoin('institutions', 'institutions.id', 'qualification_types.institution_id').select(TYPE_COLUMNS);
	if (filter.institutionIds) {
		if (filter.institutionIds.length === 0) return Promise.resolve([]);
		q = q.where('qualification_types.institution_id', 'in', filter.institutionIds);
	}
	if (filter.ids) {
		if (filter.ids.length === 0) return Promise.resolve([]);
		q = q.where('qualification_types.id', 'in', filter.ids);
	}
	return q.orderBy('institutions.area_code').orderBy('qualification_types.institution_id').orderBy('qualification_types.code').execute();
}
export type TypeRow = Awaited<ReturnType<typeof listTypes>>[number];

export async function findType(db: Q, id: number): Promise<TypeRow | undefined> {
	return (await listTypes(db, { ids: [id] }))[0];
}

export function typeFact(r: TypeRow): TypeFact {
	return {
		id: r.id,
		code: r.code,
		nameZh: r.name_zh,
		nameEn: r.name_en,
		institutionId: r.institution_id,
		institutionNameZh: r.institution_name_zh,
		institutionNameEn: r.institution_name_en,
		areaCode: r.area_code
	};
}

export function coveredInstrumentIds(db: Q, typeIds: number[]) {
	if (typeIds.length === 0) return Promise.resolve([]);
	return db.selectFrom('qualification_type_instruments').select(['type_id', 'instrument_id']).where('type_id', 'in', typeIds).execute();
}

export async function insertType(
	db: Q,
	v: { institutionId: number; code: string; nameZh: string; nameEn: string; description: string; level: number; validityMonths: number; lapseDays: number | null; coversCategories: string[]; coversInstrumentIds: number[]; createdBy: number; now: number }
): Promise<number> {
	const { id } = await db
		.insertInto('qualification_types')
		.values({
			institution_id: v.institutionId,
			code: v.code,
			name_zh: v.nameZh,
			name_en: v.nameEn,
			description: v.description,
			level: v.level,
			validity_months: v.validityMonths,
			lapse_days: v.lapseDays,
			covers_categories: v.coversCategories.join(','),
			created_by: v.createdBy,
			created_at: v.now,
			updated_at: v.now
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	if (v.coversInstrumentIds.length > 0) {
		await db.insertInto('qualification_type_instruments').values(v.coversInstrumentIds.map((instrument_id) => ({ type_id: id, instrument_id }))).execute();
	}
	return id;
}

export function typeCodeTaken(db: Q, institutionId: number, code: string) {
	return db.selectFrom('qualification_types').select('id').where('institution_id', '=', institutionId).where('code', '=', code).executeTakeFirst();
}

const GRANT_COLUMNS = [
	'qualifications.id',
	'qualifications.type_id',
	'qualifications.user_id',
	'qualifications.facility_id',
	'qualifications.granted_by',
	'qualifications.training_date',
	'qualifications.trainer',
	'qualifications.evidence_note',
	'qualifications.valid_from',
	'qualifications.expires_at',
	'qualifications.revoked_at',
	'qualifications.revoke_reason',
	'qualifications.created_at',
	'users.name as user_name',
	'users.email as user_email',
	'users.institution_id as user_institution_id'
] as const;

/** Grants of a person, or of types of some institutions (a manager's view), newest first. */
export function listGrants(db: Q, filter: { userId?: number; typeInstitutionIds?: number[]; ids?: number[] }, limit = 500) {
	let q = db
		.selectFrom('qualifications')
		.innerJoin('users', 'users.id', 'qualifications.user_id')
		.innerJoin('qualification_types', 'qualification_types.id', 'qualifications.type_id')
		.select(GRANT_COLUMNS);
	if (filter.userId !== undefined) q = q.where('qualifications.user_id', '=', filter.userId);
	if (filter.ids) q = filter.ids.length ? q.where('qualifications.id', 'in', filter.ids) : q.where('qualifications.id', '=', -1);
	if (filter.typeInstitutionIds) {
		q = filter.typeInstitutionIds.length ? q.where('qualification_types.institution_id', 'in', filter.typeInstitutionIds) : q.where('qualifications.id', '=', -1);
	}
	return q.orderBy('qualifications.created_at', 'desc').orderBy('qualifications.id', 'desc').limit(limit).execute();
}
export type GrantRow = Awaited<ReturnType<typeof listGrants>>[number];

export async function findGrant(db: Q, id: number): Promise<GrantRow | undefined> {
	return (await listGrants(db, { ids: [id] }))[0];
}

export async function insertGrant(
	db: Q,
	v: { typeId: number; userId: number; facilityId: number | null; grantedBy: number; trainingDate: number; trainer: string; evidenceNote: string; validFrom: number; expiresAt: number; now: number }
): Promise<number> {
	const { id } = await db
		.insertInto('qualifications')
		.values({
			type_id: v.typeId,
			user_id: v.userId,
			facility_id: v.facilityId,
			granted_by: v.grantedBy,
			training_date: v.trainingDate,
			trainer: v.trainer,
			evidence_note: v.evidenceNote,
			valid_from: v.validFrom,
			expires_at: v.expiresAt,
			revoked_at: null,
			revoked_by: null,
			revoke_reason: null,
			created_at: v.now,
			updated_at: v.now
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return id;
}

export async function revokeGrant(db: Q, id: number, by: number, reason: string, now: number): Promise<void> {
	await db.updateTable('qualifications').set({ revoked_at: now, revoked_by: by, revoke_reason: reason, updated_at: now }).where('id', '=', id).execute();
}

export async function setRequirement(db: Q, instrumentId: number, typeId: number | null, now: number): Promise<void> {
	await db.updateTable('instruments').set({ required_qualification_type_id: typeId, updated_at: now }).where('id', '=', instrumentId).execute();
}

/** Instruments of the given facilities with their current requirement, for the manager's page. */
export function listInstrumentsOfFacilities(db: Q, facilityIds: number[]) {
	if (facilityIds.length === 0) return Promise.resolve([]);
	return db
		.selectFrom('instruments')
		.select(['id', 'name_zh', 'name_en', 'model', 'facility_id', 'institution_id', 'category_code', 'modes', 'required_qualification_type_id'])
		.where('facility_id', 'in', facilityIds)
		.where('status', '!=', 'retired')
		.orderBy('facility_id')
		.orderBy('id')
		.execute();
}

export function findInstrumentBasics(db: Q, id: number) {
	return db
		.selectFrom('instruments')
		.innerJoin('facilities', 'facilities.id', 'instruments.facility_id')
		.select([
			'instruments.id',
			'instruments.name_zh',
			'instruments.name_en',
			'instruments.facility_id',
			'instruments.institution_id',
			'instruments.modes',
			'instruments.required_qualification_type_id',
			'facilities.name_zh as facility_name_zh',
			'facilities.name_en as facility_name_en'
		])
		.where('instruments.id', '=', id)
		.executeTakeFirst();
}
export type InstrumentBasics = NonNullable<Awaited<ReturnType<typeof findInstrumentBasics>>>;

/** Institutions of the facilities a manager runs. */
export async function institutionsOfFacilities(db: Q, facilityIds: number[]): Promise<number[]> {
	if (facilityIds.length === 0) return [];
	const rows = await db.selectFrom('facilities').select('institution_id').distinct().where('id', 'in', facilityIds).execute();
	return rows.map((r) => r.institution_id);
}

export function findUserByEmail(db: Q, email: string) {
	return db.selectFrom('users').select(['id', 'name', 'email', 'institution_id']).where('email', '=', email.trim().toLowerCase()).executeTakeFirst();
}

// ---- resolver facts -------------------------------------------------------------------------

/** A person's grants (all, so revoked and expired ones explain a refusal) with the last use of each. */
export async function heldFacts(db: Q, userId: number): Promise<HeldFact[]> {
	const rows = await db
		.selectFrom('qualifications')
		.innerJoin('qualification_types', 'qualification_types.id', 'qualifications.type_id')
		.select((eb) => [
			'qualifications.id',
			'qualifications.type_id',
			'qualifications.valid_from',
			'qualifications.expires_at',
			'qualifications.revoked_at',
			'qualifications.revoke_reason',
			'qualification_types.lapse_days',
			eb
				.selectFrom('bookings')
				.select((b) => b.fn.max('bookings.start_at').as('last'))
				.whereRef('bookings.qualification_id', '=', 'qualifications.id')
				.where('bookings.status', 'in', ['checked_in', 'completed'])
				.as('last_used_at')
		])
		.where('qualifications.user_id', '=', userId)
		.execute();
	return rows.map((r) => ({
		id: r.id,
		typeId: r.type_id,
		validFrom: r.valid_from,
		expiresAt: r.expires_at,
		revokedAt: r.revoked_at,
		revokeReason: r.revoke_reason,
		lastUsedAt: r.last_used_at === null || r.last_used_at === undefined ? null : Number(r.last_used_at),
		lapseDays: r.lapse_days
	}));
}

/** Agreements (not declined or withdrawn) with their mappings that link any of `fromTypeIds` with any of `toTypeIds`, either way. */
export async function agreementFacts(db: Q, fromTypeIds: number[], toTypeIds: number[] | null): Promise<AgreementFact[]> {
	if (fromTypeIds.length === 0 || (toTypeIds && toTypeIds.length === 0)) return [];
	const mappings = await db
		.selectFrom('recognition_mappings')
		.innerJoin('recognition_agreements', 'recognition_agreements.id', 'recognition_mappings.agreement_id')
		.select(['recognition_mappings.agreement_id', 'recognition_mappings.from_type_id', 'recognition_mappings.to_type_id'])
		.where('recognition_agreements.status', 'not in', ['declined', 'withdrawn'])
		.where((eb) =>
			eb.or([
				eb.and([eb('recognition_mappings.from_type_id', 'in', fromTypeIds), ...(toTypeIds ? [eb('recognition_mappings.to_type_id', 'in', toTypeIds)] : [])]),
				eb.and([eb('recognition_mappings.to_type_id', 'in', fromTypeIds), ...(toTypeIds ? [eb('recognition_mappings.from_type_id', 'in', toTypeIds)] : [])])
			])
		)
		.execute();
	if (mappings.length === 0) return [];
	const ids = [...new Set(mappings.map((m) => m.agreement_id))];
	const agreements = await db.selectFrom('recognition_agreements').selectAll().where('id', 'in', ids).execute();
	return agreements.map((g) => ({
		id: g.id,
		kind: g.kind,
		aInstitutionId: g.a_institution_id,
		bInstitutionId: g.b_institution_id,
		aAreaCode: g.a_area_code,
		bAreaCode: g.b_area_code,
		mutual: g.mutual === 1,
		status: g.status,
		validFrom: g.valid_from,
		validTo: g.valid_to,
		mappings: mappings.filter((m) => m.agreement_id === g.id).map((m) => ({ fromTypeId: m.from_type_id, toTypeId: m.to_type_id }))
	}));
}

/** A person's case recognitions (optionally at one facility). */
export async function caseFacts(db: Q, userId: number, facilityId?: number): Promise<CaseFact[]> {
	let q = db
		.selectFrom('recognition_cases')
		.select(['id', 'qualification_id', 'target_type_id', 'facility_id', 'instrument_id', 'status', 'expires_at'])
		.where('user_id', '=', userId);
	if (facilityId !== undefined) q = q.where('facility_id', '=', facilityId);
	const rows = await q.execute();
	return rows.map((c) => ({
		id: c.id,
		qualificationId: c.qualification_id,
		targetTypeId: c.target_type_id,
		facilityId: c.facility_id,
		instrumentId: c.instrument_id,
		status: c.status,
		expiresAt: c.expires_at
	}));
}
