// Qualification types, grants and instrument requirements: access checks, transactions, audit rows.
// Errors are ServiceError (not_found / forbidden / conflict with problems), as for bookings.
import { withWriteTransaction, type Db } from '../db/dialect';
import { writeAudit } from '../audit/audit.repository';
import { ServiceError } from '../booking/booking.errors';
import { heldState } from '../../domain/qualification/resolver';
import * as repo from './qualification.repository';
import { managesInstitution, type QualificationActor } from './access';
import { reviewAffectedBookings } from './self-operation.service';
import type { GrantInput, TypeInput } from './qualification.schema';

/** Public list of qualification types, optionally of one institution. */
export async function listQualificationTypes(db: Db, institutionId?: number) {
	const types = await repo.listTypes(db.kysely, institutionId ? { institutionIds: [institutionId] } : {});
	const covered = await repo.coveredInstrumentIds(db.kysely, types.map((t) => t.id));
	return types.map((t) => ({
		...t,
		coversCategoryList: t.covers_categories ? t.covers_categories.split(',') : [],
		coversInstrumentIds: covered.filter((c) => c.type_id === t.id).map((c) => c.instrument_id)
	}));
}
export type QualificationTypeView = Awaited<ReturnType<typeof listQualificationTypes>>[number];

/** A manager defines a type for an institution of a facility they run. */
export async function createQualificationType(db: Db, actor: QualificationActor, input: TypeInput, now = Date.now()) {
	if (!managesInstitution(actor, input.institutionId)) throw new ServiceError('forbidden', [{ code: 'qualification_forbidden' }]);
	return withWriteTransaction(db, async (trx) => {
		if (await repo.typeCodeTaken(trx, input.institutionId, input.code)) throw new ServiceError('conflict', [{ code: 'type_code_taken', params: { code: input.code } }]);
		if (input.coversInstrumentIds.length > 0) {
			const found = await trx.selectFrom('instruments').select('id').where('id', 'in', input.coversInstrumentIds).where('institution_id', '=', input.institutionId).execute();
			if (found.length !== input.coversInstrumentIds.length) throw new ServiceError('conflict', [{ code: 'type_instrument_invalid' }]);
		}
		const id = await repo.insertType(trx, { ...input, createdBy: actor.userId, now });
		await writeAudit(trx, { actorUserId: actor.userId, entity: 'qualification_type', entityId: id, action: 'create', after: input, at: now });
		return id;
	});
}

/** A manager of the type's institution grants it to a person (found by e-mail) with the training evidence. */
export async function grantQualification(db: Db, actor: QualificationActor, input: GrantInput, now = Date.now()) {
	return withWriteTransaction(db, async (trx) => {
		const type = await repo.findType(trx, input.typeId);
		if (!type) throw new ServiceError('not_found');
		if (!managesInstitution(actor, type.institution_id)) throw new ServiceError('forbidden', [{ code: 'qualification_forbidden' }]);
		const person = await repo.findUserByEmail(trx, input.email);
		if (!person) throw new ServiceError('conflict', [{ code: 'grant_user_not_found', params: { email: input.email } }]);
		const facility = await trx
			.selectFrom('facilities')
			.select('id')
			.where('institution_id', '=', type.institution_id)
			.where('id', 'in', actor.managedFacilityIds.length ? actor.managedFacilityIds : [-1])
			.orderBy('id')
			.executeTakeFirst();
		const id = await repo.insertGrant(trx, { ...input, userId: person.id, facilityId: facility?.id ?? null, grantedBy: actor.userId, now });
		const after = await repo.findGrant(trx, id);
		await writeAudit(trx, { actorUserId: actor.userId, entity: 'qualification', entityId: id, action: 'grant', after, at: now });
		await reviewAffectedBookings(trx, { flaggedUserId: person.id }, actor.userId, now); // a new grant may clear earlier flags
		return after!;
	});
}

/** Revokes a grant with a reason; future bookings that relied on it are re-decided and flagged. */
export async function revokeQualification(db: Db, actor: QualificationActor, grantId: number, reason: string, now = Date.now()) {
	if (reason.trim().length < 2) throw new ServiceError('conflict', [{ code: 'reason_required' }]);
	return withWriteTransaction(db, async (trx) => {
		const before = await repo.findGrant(trx, grantId);
		if (!before) throw new ServiceError('not_found');
		const type = await repo.findType(trx, before.type_id);
		if (!type || !managesInstitution(actor, type.institution_id)) throw new ServiceError('forbidden', [{ code: 'qualification_forbidden' }]);
		if (before.revoked_at !== null) throw new ServiceError('conflict', [{ code: 'grant_already_revoked' }]);
		await repo.revokeGrant(trx, grantId, actor.userId, reason.trim(), now);
		const after = await repo.findGrant(trx, grantId);
		await writeAudit(trx, { actorUserId: actor.userId, entity: 'qualification', entityId: grantId, action: 'revoke', before, after, at: now });
		const review = await reviewAffectedBookings(trx, { qualificationId: grantId }, actor.userId, now);
		return { grant: after!, flaggedBookingIds: review.flagged };
	});
}

/** Grants of the types of the institutions a manager runs (the manager's list). */
export async function listManagedGrants(db: Db, actor: QualificationActor) {
	return repo.listGrants(db.kysely, actor.admin ? {} : { typeInstitutionIds: actor.managedInstitutionIds }, 300);
}

/**
 * Sets or clears the type an instrument requires for self-operated booking. Only a manager of the
 * instrument's facility; the type must be defined by the instrument's institution. Future
 * self-operated bookings of the instrument are re-decided (and flagged when no longer allowed).
 */
export async function setInstrumentRequirement(db: Db, actor: QualificationActor, instrumentId: number, typeId: number | null, now = Date.now()) {
	return withWriteTransaction(db, async (trx) => {
		const instrument = await repo.findInstrumentBasics(trx, instrumentId);
		if (!instrument) throw new ServiceError('not_found');
		if (!actor.managedFacilityIds.includes(instrument.facility_id)) throw new ServiceError('forbidden', [{ code: 'qualification_forbidden' }]);
		if (typeId !== null) {
			const type = await repo.findType(trx, typeId);
			if (!type) throw new ServiceError('not_found');
			if (type.institution_id !== instrument.institution_id) throw new ServiceError('conflict', [{ code: 'requirement_wrong_institution' }]);
		}
		if (instrument.required_qualification_type_id === typeId) return { flaggedBookingIds: [] as number[] };
		await repo.setRequirement(trx, instrumentId, typeId, now);
		await writeAudit(trx, {
			actorUserId: actor.userId,
			entity: 'instrument',
			entityId: instrumentId,
			action: 'set_required_qualification',
			before: { required_qualification_type_id: instrument.required_qualification_type_id },
			after: { required_qualification_type_id: typeId },
			at: now
		});
		const review = await reviewAffectedBookings(trx, { instrumentId }, actor.userId, now);
		return { flaggedBookingIds: review.flagged };
	});
}

/** The status of a grant now: valid, expired, revoked, lapsed or not yet valid. */
export function grantStatus(g: { valid_from: number; expires_at: number; revoked_at: number | null }, lapseDays: number | null, lastUsedAt: number | null, now: number) {
	const state = heldState({ id: 0, typeId: 0, validFrom: g.valid_from, expiresAt: g.expires_at, revokedAt: g.revoked_at, lastUsedAt, lapseDays }, now);
	return state.ok ? 'valid' : state.miss.code;
}
