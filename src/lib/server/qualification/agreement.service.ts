// Recognition agreements: propose, accept/decline/withdraw, suspend/resume/end; public lists.
// Who may act for a side is decided in domain/qualification/agreement-rules.ts.
import { withWriteTransaction, type Db } from '../db/dialect';
import { writeAudit } from '../audit/audit.repository';
import { ServiceError } from '../booking/booking.errors';
import {
	actsFor,
	checkAgreementAction,
	checkAgreementDraft,
	sidesOf,
	type AgreementAction
} from '../../domain/qualification/agreement-rules';
import * as qrepo from './qualification.repository';
import * as repo from './recognition.repository';
import type { QualificationActor } from './access';
import type { ProposalInput } from './qualification.schema';
import { reviewAffectedBookings } from './self-operation.service';

export interface AgreementView extends repo.AgreementRow {
	mappings: repo.MappingRow[];
}

function sidesOfRow(g: repo.AgreementRow) {
	return { kind: g.kind, aInstitutionId: g.a_institution_id, bInstitutionId: g.b_institution_id, aAreaCode: g.a_area_code, bAreaCode: g.b_area_code };
}

/** Public: agreements with their mappings (declined and withdrawn proposals are left out unless asked for). */
export async function listAgreements(db: Db, options: { includeClosed?: boolean } = {}): Promise<AgreementView[]> {
	const rows = await repo.listAgreements(db.kysely, options.includeClosed ? {} : { statuses: ['proposed', 'active', 'suspended', 'ended'] });
	const mappings = await repo.listMappings(db.kysely, rows.map((r) => r.id));
	const rank = (s: string) => ['active', 'suspended', 'proposed', 'ended', 'declined', 'withdrawn'].indexOf(s);
	return rows
		.map((r) => ({ ...r, mappings: mappings.filter((m) => m.agreement_id === r.id) }))
		.sort((x, y) => rank(x.status) - rank(y.status) || y.id - x.id);
}

/** Public: one agreement with its mappings, and which actions the given actor may take on it. */
export async function getAgreement(db: Db, id: number, actor: QualificationActor | null) {
	const row = await repo.findAgreement(db.kysely, id);
	if (!row) throw new ServiceError('not_found');
	const mappings = await repo.listMappings(db.kysely, [id]);
	const actions: AgreementAction[] = [];
	if (actor) {
		for (const action of ['accept', 'decline', 'withdraw', 'suspend', 'resume', 'end'] as const) {
			const check = checkAgreementAction(action, stateOf(row), actor, 'xx');
			if (check.ok) actions.push(action);
		}
	}
	return { agreement: { ...row, mappings } as AgreementView, actions, mySides: actor ? sidesOf(actor, sidesOfRow(row)) : [] };
}

function stateOf(g: repo.AgreementRow) {
	return { ...sidesOfRow(g), status: g.status, proposedBy: g.proposed_by, suspendedSide: g.suspended_side };
}

/** Proposes an agreement for side A, which the actor must be able to act for; mappings must cross the sides. */
export async function proposeAgreement(db: Db, actor: QualificationActor, input: ProposalInput, now = Date.now()) {
	if (!actsFor(actor, input.kind, { institutionId: input.aInstitutionId, areaCode: input.aAreaCode })) {
		throw new ServiceError('forbidden', [{ code: 'agreement_forbidden' }]);
	}
	return withWriteTransaction(db, async (trx) => {
		const typeIds = [...new Set(input.mappings.flatMap((m) => [m.fromTypeId, m.toTypeId]))];
		const types = new Map((await qrepo.listTypes(trx, { ids: typeIds })).map((t) => [t.id, qrepo.typeFact(t)]));
		const problems = checkAgreementDraft(input, types);
		if (problems.length > 0) throw new ServiceError('conflict', problems);
		const id = await repo.insertAgreement(trx, { ...input, proposedBy: actor.userId, now });
		const after = await repo.findAgreement(trx, id);
		await writeAudit(trx, { actorUserId: actor.userId, entity: 'recognition_agreement', entityId: id, action: 'propose', after: { ...after, mappings: input.mappings }, at: now });
		return id;
	});
}

/**
 * Accept, decline, withdraw, suspend, resume or end. Suspending or ending re-decides the future
 * self-operated bookings that relied on the agreement (flagging those no longer allowed); resuming
 * clears the flags it caused where the agreement again allows them.
 */
export async function actOnAgreement(db: Db, actor: QualificationActor, id: number, action: AgreementAction, reason: string, now = Date.now()) {
	return withWriteTransaction(db, async (trx) => {
		const before = await repo.findAgreement(trx, id);
		if (!before) throw new ServiceError('not_found');
		const check = checkAgreementAction(action, stateOf(before), actor, reason);
		if (!check.ok) throw new ServiceError(check.forbidden ? 'forbidden' : 'conflict', check.problems);
		await repo.setAgreementStatus(trx, id, {
			status: check.status,
			by: actor.userId,
			reason: reason.trim() || null,
			suspendedSide: action === 'suspend' ? check.side : null,
			accepted: action === 'accept',
			now
		});
		const after = await repo.findAgreement(trx, id);
		await writeAudit(trx, { actorUserId: actor.userId, entity: 'recognition_agreement', entityId: id, action, before, after, at: now });
		const review = action === 'suspend' || action === 'end' || action === 'resume' ? await reviewAffectedBookings(trx, { agreementId: id }, actor.userId, now) : { flagged: [], cleared: [] };
		return { agreement: after!, flaggedBookingIds: review.flagged, clearedBookingIds: review.cleared };
	});
}

/** Options for the proposal form: institutions that define types (a mapping needs a type on each side), the actor's sides, all types. */
export async function proposalOptions(db: Db, actor: QualificationActor) {
	const types = await qrepo.listTypes(db.kysely);
	const byId = new Map<number, { id: number; name_zh: string; name_en: string; area_code: string }>();
	for (const t of types) byId.set(t.institution_id, { id: t.institution_id, name_zh: t.institution_name_zh, name_en: t.institution_name_en, area_code: t.area_code });
	const institutions = [...byId.values()];
	const myInstitutions = institutions.filter((i) => actor.admin || actor.managedInstitutionIds.includes(i.id));
	const myAreas = (['BJ', 'TJ', 'HE'] as const).filter((a) => actsFor(actor, 'area', { institutionId: null, areaCode: a }));
	return { institutions, myInstitutions, myAreas, types };
}
