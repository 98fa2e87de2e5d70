// The qualification wallet: a person's grants, where each is recognised, their requests and the
// future bookings flagged because a basis lapsed. Visible to the person, to the admin, to managers of
// facilities of the person's institution, and (for their own types' grants) to managers of the issuer.
import type { Db } from '../db/dialect';
import { ServiceError } from '../booking/booking.errors';
import { heldState, targetsOf } from '../../domain/qualification/resolver';
import * as qrepo from './qualification.repository';
import * as repo from './recognition.repository';
import type { QualificationActor } from './access';

export interface Recognition {
	via: 'agreement' | 'case';
	id: number;
	status: string;
	agreementKind?: 'institution' | 'area';
	/** the type the grant counts as */
	asType: { id: number; code: string; nameZh: string; nameEn: string; institutionZh: string; institutionEn: string };
	validTo: number | null;
	/** case recognitions: the facility and (if one) the instrument */
	facility?: { zh: string; en: string };
	instrument?: { zh: string; en: string } | null;
}

/** The grants of one person with their current state and the places they count, newest first. */
export async function walletOf(db: Db, userId: number, now = Date.now(), onlyTypeInstitutionIds?: number[]) {
	const k = db.kysely;
	let grants = await qrepo.listGrants(k, { userId });
	if (onlyTypeInstitutionIds) {
		const types = await qrepo.listTypes(k, { ids: [...new Set(grants.map((g) => g.type_id))] });
		const allowed = new Set(types.filter((t) => onlyTypeInstitutionIds.includes(t.institution_id)).map((t) => t.id));
		grants = grants.filter((g) => allowed.has(g.type_id));
	}
	const held = (await qrepo.heldFacts(k, userId)).filter((h) => grants.some((g) => g.id === h.id));
	const heldTypeIds = [...new Set(held.map((h) => h.typeId))];
	const [agreements, cases] = await Promise.all([qrepo.agreementFacts(k, heldTypeIds, null), repo.listCases(k, { userId })]);
	const typeIds = new Set<number>(heldTypeIds);
	for (const g of agreements) for (const m of g.mappings) typeIds.add(m.fromTypeId).add(m.toTypeId);
	const typeRows = await qrepo.listTypes(k, { ids: [...typeIds] });
	const types = new Map(typeRows.map((t) => [t.id, qrepo.typeFact(t)]));
	const typeRow = new Map(typeRows.map((t) => [t.id, t]));
	const items = grants.map((g) => {
		const h = held.find((x) => x.id === g.id)!;
		const state = heldState(h, now);
		const type = types.get(g.type_id)!;
		const recognitions: Recognition[] = [];
		for (const a of agreements.filter((x) => x.status === 'active' || x.status === 'suspended')) {
			if (a.validTo !== null && a.validTo <= now) continue;
			for (const target of targetsOf(a, type, types)) {
				recognitions.push({
					via: 'agreement',
					id: a.id,
					status: a.status,
					agreementKind: a.kind,
					asType: { id: target.id, code: target.code, nameZh: target.nameZh, nameEn: target.nameEn, institutionZh: target.institutionNameZh, institutionEn: target.institutionNameEn },
					validTo: a.validTo
				});
			}
		}
		for (const c of cases.filter((x) => x.qualification_id === g.id && (x.status === 'accepted' || x.status === 'requested'))) {
			recognitions.push({
				via: 'case',
				id: c.id,
				status: c.status,
				asType: { id: c.target_type_id, code: c.target_code, nameZh: c.target_name_zh, nameEn: c.target_name_en, institutionZh: c.facility_name_zh, institutionEn: c.facility_name_en },
				validTo: c.expires_at,
				facility: { zh: c.facility_name_zh, en: c.facility_name_en },
				instrument: c.instrument_name_zh ? { zh: c.instrument_name_zh, en: c.instrument_name_en ?? '' } : null
			});
		}
		const row = typeRow.get(g.type_id)!;
		return {
			grant: g,
			type: { id: row.id, code: row.code, nameZh: row.name_zh, nameEn: row.name_en, level: row.level, institutionZh: row.institution_name_zh, institutionEn: row.institution_name_en, areaCode: row.area_code },
			status: state.ok ? 'valid' : state.miss.code,
			until: state.ok ? state.until : null,
			recognitions
		};
	});
	return { items, cases };
}

/** The wallet page: grants, requests, and this person's future bookings that carry a qualification flag. */
export async function myWallet(db: Db, userId: number, now = Date.now()) {
	const [{ items, cases }, training, flagged] = await Promise.all([
		walletOf(db, userId, now),
		repo.listTrainingRequests(db.kysely, { userId }),
		db.kysely
			.selectFrom('bookings')
			.innerJoin('instruments', 'instruments.id', 'bookings.instrument_id')
			.select(['bookings.id', 'bookings.start_at', 'bookings.end_at', 'bookings.status', 'bookings.qualification_flag', 'bookings.recognition_agreement_id', 'bookings.recognition_case_id', 'instruments.id as instrument_id', 'instruments.name_zh', 'instruments.name_en'])
			.where('bookings.user_id', '=', userId)
			.where('bookings.active', '=', 1)
			.where('bookings.end_at', '>', now)
			.where('bookings.qualification_flag', 'is not', null)
			.orderBy('bookings.start_at')
			.execute()
	]);
	return { items, cases, training, flagged };
}

/** A person's qualifications for the API: to themselves, the admin, and their managers only. */
export async function personQualifications(db: Db, viewer: QualificationActor, personId: number, now = Date.now()) {
	if (viewer.userId === personId || viewer.admin) return walletOf(db, personId, now);
	const person = await db.kysely.selectFrom('users').select(['id', 'institution_id']).where('id', '=', personId).executeTakeFirst();
	if (!person) throw new ServiceError('not_found');
	if (viewer.managedInstitutionIds.includes(person.institution_id)) return walletOf(db, personId, now);
	if (viewer.managedInstitutionIds.length > 0) {
		const result = await walletOf(db, personId, now, viewer.managedInstitutionIds);
		if (result.items.length > 0) return { items: result.items, cases: [] };
	}
	throw new ServiceError('forbidden');
}
