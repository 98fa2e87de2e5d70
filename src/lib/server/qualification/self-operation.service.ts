// "May this person self-operate this instrument at this instant?": loads the facts and asks the
// resolver. Also the booking hook (decide inside the booking's transaction and record the basis),
// the review of future bookings when a basis lapses (flag them), and the catalogue filter.
import type { ExpressionBuilder, Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { Db } from '../db/dialect';
import { resolveSelfOperation, type Decision } from '../../domain/qualification/resolver';
import { describeMiss } from '../../domain/qualification/reason';
import { translator } from '../../i18n/locale';
import { writeAudit } from '../audit/audit.repository';
import * as repo from './qualification.repository';
import { ServiceError } from '../booking/booking.errors';

type Q = Kysely<Database>;

export interface InstrumentRef {
	id: number;
	facilityId: number;
	requiredTypeId: number | null;
}

/** The decision for one person, instrument and instant (the instrument's requirement as stored now). */
export async function decideFor(db: Q, userId: number, instrument: InstrumentRef, at: number): Promise<Decision> {
	if (instrument.requiredTypeId === null) return resolveSelfOperation({ at, requiredTypeId: null, instrument: { id: instrument.id, facilityId: instrument.facilityId }, types: [], held: [], agreements: [], cases: [] });
	const held = await repo.heldFacts(db, userId);
	const heldTypeIds = [...new Set(held.map((h) => h.typeId))];
	const [agreements, cases] = await Promise.all([
		repo.agreementFacts(db, heldTypeIds, [instrument.requiredTypeId]),
		repo.caseFacts(db, userId, instrument.facilityId)
	]);
	const types = await repo.listTypes(db, { ids: [...new Set([instrument.requiredTypeId, ...heldTypeIds])] });
	return resolveSelfOperation({
		at,
		requiredTypeId: instrument.requiredTypeId,
		instrument: { id: instrument.id, facilityId: instrument.facilityId },
		types: types.map(repo.typeFact),
		held,
		agreements,
		cases
	});
}

/** The check behind GET /api/v1/instruments/[id]/self-operation and the instrument page. */
export async function checkSelfOperation(db: Db, userId: number, instrumentId: number, at: number): Promise<Decision> {
	const instrument = await repo.findInstrumentBasics(db.kysely, instrumentId);
	if (!instrument) throw new ServiceError('not_found');
	return decideFor(db.kysely, userId, { id: instrument.id, facilityId: instrument.facility_id, requiredTypeId: instrument.required_qualification_type_id }, at);
}

/** What a booking records about its basis (the statistics hook). */
export interface RecognitionColumns {
	qualificationId: number | null;
	recognitionKind: 'direct' | 'agreement' | 'case' | null;
	recognitionAgreementId: number | null;
	recognitionCaseId: number | null;
}

export function recognitionColumns(d: Decision): RecognitionColumns {
	if (!d.allowed || d.basis.kind === 'none') return { qualificationId: null, recognitionKind: null, recognitionAgreementId: null, recognitionCaseId: null };
	const b = d.basis;
	return {
		qualificationId: b.held.qualificationId,
		recognitionKind: b.kind,
		recognitionAgreementId: b.kind === 'agreement' ? b.agreementId : null,
		recognitionCaseId: b.kind === 'case' ? b.caseId : null
	};
}

/** The problem a refused self-operated booking reports: the reason code and the sentence in both languages (and the booker's). */
export function qualificationProblem(d: Decision, locale: string) {
	if (d.allowed) return null;
	const zh = describeMiss(translator('zh-CN'), 'zh-CN', d.misses[0], d.required);
	const en = describeMiss(translator('en'), 'en', d.misses[0], d.required);
	return { code: 'qualification_missing', params: { reason: locale === 'en' ? en : zh, reason_code: d.misses[0].code, reason_zh: zh, reason_en: en } };
}

/**
 * The booking hook, called by createBooking inside its write transaction for a self-operated
 * booking: decides at the booking's start and returns the problem or the columns to record.
 */
export async function selfOperationForBooking(
	trx: Q,
	user: { id: number; locale: string },
	instrument: { id: number; facility_id: number; required_qualification_type_id: number | null },
	start: number
): Promise<{ problem: ReturnType<typeof qualificationProblem>; columns: RecognitionColumns }> {
	const d = await decideFor(trx, user.id, { id: instrument.id, facilityId: instrument.facility_id, requiredTypeId: instrument.required_qualification_type_id }, start);
	return { problem: qualificationProblem(d, user.locale), columns: recognitionColumns(d) };
}

export type AffectedBy =
	| { qualificationId: number }
	| { agreementId: number }
	| { caseId: number }
	| { instrumentId: number }
	/** a person's flagged bookings, after they gained a grant or a recognition */
	| { flaggedUserId: number };

/**
 * Re-decides every future active self-operated booking that relied on a grant, agreement or case
 * (run in the transaction that changed it). Still allowed: the basis columns follow the new basis
 * and any flag is cleared; refused: qualification_flag records the reason code. Each change writes
 * an audit row. Notifications to the person and the manager come with the notifications issue.
 */
export async function reviewAffectedBookings(trx: Q, by: AffectedBy, actorUserId: number | null, now: number): Promise<{ flagged: number[]; cleared: number[] }> {
	let q = trx
		.selectFrom('bookings')
		.innerJoin('instruments', 'instruments.id', 'bookings.instrument_id')
		.select([
			'bookings.id',
			'bookings.user_id',
			'bookings.start_at',
			'bookings.qualification_id',
			'bookings.recognition_kind',
			'bookings.recognition_agreement_id',
			'bookings.recognition_case_id',
			'bookings.qualification_flag',
			'instruments.facility_id',
			'instruments.required_qualification_type_id',
			'instruments.id as instrument_id'
		])
		.where('bookings.active', '=', 1)
		.where('bookings.mode', '=', 'self')
		.where('bookings.start_at', '>', now);
	if ('qualificationId' in by) q = q.where('bookings.qualification_id', '=', by.qualificationId);
	else if ('agreementId' in by) q = q.where('bookings.recognition_agreement_id', '=', by.agreementId);
	else if ('caseId' in by) q = q.where('bookings.recognition_case_id', '=', by.caseId);
	else if ('instrumentId' in by) q = q.where('bookings.instrument_id', '=', by.instrumentId);
	else q = q.where('bookings.user_id', '=', by.flaggedUserId).where('bookings.qualification_flag', 'is not', null);
	const rows = await q.execute();
	const flagged: number[] = [];
	const cleared: number[] = [];
	for (const b of rows) {
		const d = await decideFor(trx, b.user_id, { id: b.instrument_id, facilityId: b.facility_id, requiredTypeId: b.required_qualification_type_id }, b.start_at);
		const before = { qualification_id: b.qualification_id, recognition_kind: b.recognition_kind, recognition_agreement_id: b.recognition_agreement_id, recognition_case_id: b.recognition_case_id, qualification_flag: b.qualification_flag };
		if (d.allowed) {
			const c = recognitionColumns(d);
			const after = { qualification_id: c.qualificationId, recognition_kind: c.recognitionKind, recognition_agreement_id: c.recognitionAgreementId, recognition_case_id: c.recognitionCaseId, qualification_flag: null };
			if (JSON.stringify(before) === JSON.stringify(after)) continue;
			await trx.updateTable('bookings').set({ ...after, qualification_flagged_at: null, updated_at: now }).where('id', '=', b.id).execute();
			await writeAudit(trx, { actorUserId, entity: 'booking', entityId: b.id, action: b.qualification_flag ? 'qualification_flag_cleared' : 'qualification_basis_changed', before, after, at: now });
			if (b.qualification_flag) cleared.push(b.id);
		} else {
			const flag = d.misses[0].code;
			if (b.qualification_flag === flag) continue;
			await trx.updateTable('bookings').set({ qualification_flag: flag, qualification_flagged_at: now, updated_at: now }).where('id', '=', b.id).execute();
			await writeAudit(trx, { actorUserId, entity: 'booking', entityId: b.id, action: 'qualification_flagged', before, after: { ...before, qualification_flag: flag }, at: now });
			flagged.push(b.id);
		}
	}
	return { flagged, cleared };
}

/** The sets behind "instruments I may operate myself" for a person at an instant. */
export interface SelfOperableSets {
	/** required types the person may use anywhere (held directly or through an agreement) */
	typeIds: number[];
	/** single instruments recognised case by case, with the type each counts for */
	instruments: { instrumentId: number; typeId: number }[];
	/** whole facilities recognised case by case, with the type */
	facilities: { facilityId: number; typeId: number }[];
}

/** Works out which required types (and case-recognised instruments) a person may self-operate at `at`. */
export async function selfOperableSets(db: Q, userId: number, at: number): Promise<SelfOperableSets> {
	const held = await repo.heldFacts(db, userId);
	const heldTypeIds = [...new Set(held.map((h) => h.typeId))];
	const [agreements, cases] = await Promise.all([repo.agreementFacts(db, heldTypeIds, null), repo.caseFacts(db, userId)]);
	const candidates = new Set<number>(heldTypeIds);
	for (const g of agreements) for (const m of g.mappings) candidates.add(m.fromTypeId).add(m.toTypeId);
	const caseTargets = new Set(cases.map((c) => c.targetTypeId));
	const types = (await repo.listTypes(db, { ids: [...new Set([...candidates, ...caseTargets])] })).map(repo.typeFact);
	const typeIds = [...candidates].filter(
		(typeId) => resolveSelfOperation({ at, requiredTypeId: typeId, instrument: { id: -1, facilityId: -1 }, types, held, agreements, cases: [] }).allowed
	);
	const sets: SelfOperableSets = { typeIds, instruments: [], facilities: [] };
	for (const c of cases) {
		const d = resolveSelfOperation({ at, requiredTypeId: c.targetTypeId, instrument: { id: c.instrumentId ?? -1, facilityId: c.facilityId }, types, held, agreements: [], cases: [c] });
		if (!d.allowed || d.basis.kind !== 'case') continue;
		if (c.instrumentId !== null) sets.instruments.push({ instrumentId: c.instrumentId, typeId: c.targetTypeId });
		else sets.facilities.push({ facilityId: c.facilityId, typeId: c.targetTypeId });
	}
	return sets;
}

/**
 * A WHERE condition on `instruments` for "instruments I may operate myself": no requirement, or a
 * requirement the person meets. Combine with the catalogue's mode=self filter. Usage:
 *   const sets = await selfOperableSets(db.kysely, user.id, Date.now());
 *   query = query.where(selfOperableWhere(sets));
 */
export function selfOperableWhere(sets: SelfOperableSets) {
	return (eb: ExpressionBuilder<Database, 'instruments'>) => {
		const column = 'instruments.required_qualification_type_id' as const;
		const options = [eb(column, 'is', null)];
		if (sets.typeIds.length > 0) options.push(eb(column, 'in', sets.typeIds));
		for (const i of sets.instruments) options.push(eb.and([eb('instruments.id', '=', i.instrumentId), eb(column, '=', i.typeId)]));
		for (const f of sets.facilities) options.push(eb.and([eb('instruments.facility_id', '=', f.facilityId), eb(column, '=', f.typeId)]));
		return eb.or(options);
	};
}

/** For the instrument page: the required type (for everyone) and, for a signed-in person, the decision now. */
export async function instrumentQualification(db: Db, userId: number | null, instrument: { id: number; facility_id: number; required_qualification_type_id: number | null }, now = Date.now()) {
	if (instrument.required_qualification_type_id === null) return { required: null, decision: null };
	const row = await repo.findType(db.kysely, instrument.required_qualification_type_id);
	const decision = userId === null ? null : await decideFor(db.kysely, userId, { id: instrument.id, facilityId: instrument.facility_id, requiredTypeId: instrument.required_qualification_type_id }, now);
	return { required: row ? repo.typeFact(row) : null, decision };
}
