// Case-by-case recognition (个案认可) and training requests: a researcher asks a facility, a manager
// of that facility decides. Revoking an accepted case re-decides the bookings that relied on it.
import { withWriteTransaction, type Db } from '../db/dialect';
import { writeAudit } from '../audit/audit.repository';
import { ServiceError } from '../booking/booking.errors';
import { heldState } from '../../domain/qualification/resolver';
import * as qrepo from './qualification.repository';
import * as repo from './recognition.repository';
import type { QualificationActor } from './access';
import { reviewAffectedBookings } from './self-operation.service';

export interface CaseRequestInput {
	instrumentId: number;
	qualificationId: number;
	/** true: ask for every instrument of the facility that requires the same type */
	wholeFacility: boolean;
	message: string;
}

/** A researcher asks the instrument's facility to recognise one of their own valid grants as the instrument's required type. */
export async function requestCaseRecognition(db: Db, userId: number, input: CaseRequestInput, now = Date.now()) {
	return withWriteTransaction(db, async (trx) => {
		const instrument = await qrepo.findInstrumentBasics(trx, input.instrumentId);
		if (!instrument) throw new ServiceError('not_found');
		const required = instrument.required_qualification_type_id;
		const problems: { code: string }[] = [];
		if (required === null) problems.push({ code: 'case_no_requirement' });
		const grant = await qrepo.findGrant(trx, input.qualificationId);
		const held = (await qrepo.heldFacts(trx, userId)).find((h) => h.id === input.qualificationId);
		if (!grant || grant.user_id !== userId || !held || !heldState(held, now).ok) problems.push({ code: 'case_not_your_qualification' });
		else if (grant.type_id === required) problems.push({ code: 'case_same_type' });
		if (input.message.length > 1000) problems.push({ code: 'text_too_long' });
		const open = await trx
			.selectFrom('recognition_cases')
			.select('id')
			.where('user_id', '=', userId)
			.where('qualification_id', '=', input.qualificationId)
			.where('facility_id', '=', instrument.facility_id)
			.where('status', '=', 'requested')
			.executeTakeFirst();
		if (open) problems.push({ code: 'case_duplicate' });
		if (problems.length > 0) throw new ServiceError('conflict', problems);
		const id = await repo.insertCase(trx, {
			userId,
			qualificationId: input.qualificationId,
			facilityId: instrument.facility_id,
			instrumentId: input.wholeFacility ? null : instrument.id,
			targetTypeId: required!,
			message: input.message,
			now
		});
		await writeAudit(trx, { actorUserId: userId, entity: 'recognition_case', entityId: id, action: 'request', after: await repo.findCase(trx, id), at: now });
		return id;
	});
}

async function loadForFacilityManager(trx: Parameters<typeof repo.findCase>[0], actor: QualificationActor, caseId: number) {
	const row = await repo.findCase(trx, caseId);
	if (!row) throw new ServiceError('not_found');
	if (!actor.managedFacilityIds.includes(row.facility_id)) throw new ServiceError('forbidden', [{ code: 'qualification_forbidden' }]);
	return row;
}

/** A manager of the case's facility accepts (with an exclusive expiry instant in the future) or refuses (with a reason). */
export async function decideCase(
	db: Db,
	actor: QualificationActor,
	caseId: number,
	decision: { accept: true; expiresAt: number | null } | { accept: false; reason: string },
	now = Date.now()
) {
	return withWriteTransaction(db, async (trx) => {
		const before = await loadForFacilityManager(trx, actor, caseId);
		const problems: { code: string; params?: Record<string, string> }[] = [];
		if (before.status !== 'requested') problems.push({ code: 'case_wrong_status', params: { status: before.status } });
		if (decision.accept && (decision.expiresAt === null || decision.expiresAt <= now)) problems.push({ code: 'case_expiry_invalid' });
		if (!decision.accept && decision.reason.trim().length < 2) problems.push({ code: 'reason_required' });
		if (problems.length > 0) throw new ServiceError('conflict', problems);
		await repo.setCaseStatus(trx, caseId, decision.accept
			? { status: 'accepted', by: actor.userId, reason: null, expiresAt: decision.expiresAt, now }
			: { status: 'refused', by: actor.userId, reason: decision.reason.trim(), now });
		const after = await repo.findCase(trx, caseId);
		await writeAudit(trx, { actorUserId: actor.userId, entity: 'recognition_case', entityId: caseId, action: decision.accept ? 'accept' : 'refuse', before, after, at: now });
		if (decision.accept) await reviewAffectedBookings(trx, { flaggedUserId: before.user_id }, actor.userId, now);
		return after!;
	});
}

/** A manager of the facility withdraws an accepted case recognition; bookings relying on it are re-decided. */
export async function revokeCase(db: Db, actor: QualificationActor, caseId: number, reason: string, now = Date.now()) {
	return withWriteTransaction(db, async (trx) => {
		const before = await loadForFacilityManager(trx, actor, caseId);
		const problems: { code: string; params?: Record<string, string> }[] = [];
		if (before.status !== 'accepted') problems.push({ code: 'case_wrong_status', params: { status: before.status } });
		if (reason.trim().length < 2) problems.push({ code: 'reason_required' });
		if (problems.length > 0) throw new ServiceError('conflict', problems);
		await repo.setCaseStatus(trx, caseId, { status: 'revoked', by: actor.userId, reason: reason.trim(), now });
		const after = await repo.findCase(trx, caseId);
		await writeAudit(trx, { actorUserId: actor.userId, entity: 'recognition_case', entityId: caseId, action: 'revoke', before, after, at: now });
		const review = await reviewAffectedBookings(trx, { caseId }, actor.userId, now);
		return { case: after!, flaggedBookingIds: review.flagged };
	});
}

/** The requester withdraws a pending case request. */
export async function withdrawCase(db: Db, userId: number, caseId: number, now = Date.now()) {
	return withWriteTransaction(db, async (trx) => {
		const before = await repo.findCase(trx, caseId);
		if (!before || before.user_id !== userId) throw new ServiceError('not_found');
		if (before.status !== 'requested') throw new ServiceError('conflict', [{ code: 'case_wrong_status', params: { status: before.status } }]);
		await repo.setCaseStatus(trx, caseId, { status: 'withdrawn', by: userId, reason: null, now });
		await writeAudit(trx, { actorUserId: userId, entity: 'recognition_case', entityId: caseId, action: 'withdraw', before, after: await repo.findCase(trx, caseId), at: now });
	});
}

/** A researcher asks the instrument's facility for training towards its required type. */
export async function requestTraining(db: Db, userId: number, instrumentId: number, message: string, now = Date.now()) {
	return withWriteTransaction(db, async (trx) => {
		const instrument = await qrepo.findInstrumentBasics(trx, instrumentId);
		if (!instrument) throw new ServiceError('not_found');
		if (message.length > 1000) throw new ServiceError('conflict', [{ code: 'text_too_long' }]);
		const open = await trx
			.selectFrom('training_requests')
			.select('id')
			.where('user_id', '=', userId)
			.where('instrument_id', '=', instrumentId)
			.where('status', '=', 'requested')
			.executeTakeFirst();
		if (open) throw new ServiceError('conflict', [{ code: 'training_duplicate' }]);
		const id = await repo.insertTrainingRequest(trx, {
			userId,
			facilityId: instrument.facility_id,
			instrumentId,
			typeId: instrument.required_qualification_type_id,
			message,
			now
		});
		await writeAudit(trx, { actorUserId: userId, entity: 'training_request', entityId: id, action: 'request', after: { instrumentId, message }, at: now });
		return id;
	});
}

/** A manager of the facility closes a training request: done (trained; grant separately) or declined. */
export async function closeTrainingRequest(db: Db, actor: QualificationActor, requestId: number, status: 'done' | 'declined', note: string, now = Date.now()) {
	return withWriteTransaction(db, async (trx) => {
		const [before] = await repo.listTrainingRequests(trx, { ids: [requestId] });
		if (!before) throw new ServiceError('not_found');
		if (!actor.managedFacilityIds.includes(before.facility_id)) throw new ServiceError('forbidden', [{ code: 'qualification_forbidden' }]);
		if (before.status !== 'requested') throw new ServiceError('conflict', [{ code: 'case_wrong_status', params: { status: before.status } }]);
		if (status === 'declined' && note.trim().length < 2) throw new ServiceError('conflict', [{ code: 'reason_required' }]);
		await repo.setTrainingStatus(trx, requestId, { status, by: actor.userId, note: note.trim() || null, now });
		await writeAudit(trx, { actorUserId: actor.userId, entity: 'training_request', entityId: requestId, action: status, before, after: { status, note }, at: now });
	});
}

/** The manager's inbox: pending case requests and training requests of their facilities, and accepted cases. */
export async function managerInbox(db: Db, actor: QualificationActor) {
	const facilityIds = actor.managedFacilityIds;
	const [pendingCases, acceptedCases, training] = await Promise.all([
		repo.listCases(db.kysely, { facilityIds, statuses: ['requested'] }),
		repo.listCases(db.kysely, { facilityIds, statuses: ['accepted'] }),
		repo.listTrainingRequests(db.kysely, { facilityIds, statuses: ['requested'] })
	]);
	return { pendingCases, acceptedCases, training };
}
