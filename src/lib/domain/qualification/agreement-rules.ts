// Who may act for a side of a recognition agreement, which status changes are allowed, and what a
// well-formed proposal looks like. Pure: the service loads the actor's scopes and the agreement.
//
// Acting for a side:
// - an institution: the platform admin, or a lab manager of any facility of that institution;
// - an area: the platform admin, or an evaluator (staff of a science & technology commission) whose
//   scope includes that area (an evaluator of all three areas may act for any area).
// The proposer's side is side A; only side B accepts or declines; a person never accepts their own
// proposal, even when (like the admin) they could act for both sides. Either side suspends or ends;
// only the side that suspended resumes. Ended, declined and withdrawn are final.
import type { AgreementFact, AgreementStatus, TypeFact } from './resolver';
import { sideOfType } from './resolver';

export interface Actor {
	userId: number;
	admin: boolean;
	/** institutions of the facilities this person manages */
	managedInstitutionIds: number[];
	evaluatorAreas: 'all' | string[];
}

export interface SideRef {
	institutionId: number | null;
	areaCode: string | null;
}

export type Side = 'a' | 'b';
export type AgreementAction = 'accept' | 'decline' | 'withdraw' | 'suspend' | 'resume' | 'end';

export interface RuleProblem {
	code: string;
	params?: Record<string, string | number>;
}

/** True when the actor may sign or manage agreements for this side. */
export function actsFor(actor: Actor, kind: 'institution' | 'area', side: SideRef): boolean {
	if (actor.admin) return true;
	if (kind === 'institution') return side.institutionId !== null && actor.managedInstitutionIds.includes(side.institutionId);
	if (side.areaCode === null) return false;
	return actor.evaluatorAreas === 'all' || actor.evaluatorAreas.includes(side.areaCode);
}

type AgreementSides = Pick<AgreementFact, 'kind' | 'aInstitutionId' | 'bInstitutionId' | 'aAreaCode' | 'bAreaCode'>;

export function sideRef(g: AgreementSides, side: Side): SideRef {
	return side === 'a' ? { institutionId: g.aInstitutionId, areaCode: g.aAreaCode } : { institutionId: g.bInstitutionId, areaCode: g.bAreaCode };
}

/** The sides of g the actor may act for. */
export function sidesOf(actor: Actor, g: AgreementSides): Side[] {
	return (['a', 'b'] as const).filter((s) => actsFor(actor, g.kind, sideRef(g, s)));
}

export interface AgreementState extends AgreementSides {
	status: AgreementStatus;
	proposedBy: number | null;
	suspendedSide: Side | null;
}

const NEXT: Record<AgreementAction, { from: AgreementStatus[]; to: AgreementStatus }> = {
	accept: { from: ['proposed'], to: 'active' },
	decline: { from: ['proposed'], to: 'declined' },
	withdraw: { from: ['proposed'], to: 'withdrawn' },
	suspend: { from: ['active'], to: 'suspended' },
	resume: { from: ['suspended'], to: 'active' },
	end: { from: ['active', 'suspended'], to: 'ended' }
};

/** Which status an action leads to, or the problems; `side` is the side the actor acts for. */
export function checkAgreementAction(
	action: AgreementAction,
	g: AgreementState,
	actor: Actor,
	reason: string
): { ok: true; status: AgreementStatus; side: Side } | { ok: false; forbidden: boolean; problems: RuleProblem[] } {
	const sides = sidesOf(actor, g);
	const allowedSides: Side[] =
		action === 'accept' || action === 'decline' ? ['b'] : action === 'withdraw' ? ['a'] : action === 'resume' ? [g.suspendedSide ?? 'a'] : ['a', 'b'];
	const side = sides.find((s) => allowedSides.includes(s));
	if (!side) return { ok: false, forbidden: true, problems: [{ code: 'agreement_forbidden' }] };
	const problems: RuleProblem[] = [];
	if (action === 'accept' && g.proposedBy === actor.userId) problems.push({ code: 'agreement_own_proposal' });
	if (!NEXT[action].from.includes(g.status)) problems.push({ code: 'agreement_wrong_status', params: { status: g.status } });
	if ((action === 'decline' || action === 'suspend' || action === 'end') && reason.trim().length < 2) problems.push({ code: 'reason_required' });
	if (problems.length > 0) return { ok: false, forbidden: false, problems };
	return { ok: true, status: NEXT[action].to, side };
}

export interface AgreementDraft extends AgreementSides {
	validFrom: number;
	validTo: number | null;
	mappings: { fromTypeId: number; toTypeId: number }[];
}

/** Checks a proposal: two distinct sides, a positive period, and mappings that each cross from one side to the other. */
export function checkAgreementDraft(d: AgreementDraft, types: Map<number, TypeFact>): RuleProblem[] {
	const problems: RuleProblem[] = [];
	const a = sideRef(d, 'a');
	const b = sideRef(d, 'b');
	const missing = d.kind === 'institution' ? a.institutionId === null || b.institutionId === null : a.areaCode === null || b.areaCode === null;
	if (missing) problems.push({ code: 'agreement_side_missing' });
	else if (d.kind === 'institution' ? a.institutionId === b.institutionId : a.areaCode === b.areaCode) problems.push({ code: 'agreement_same_sides' });
	if (d.validTo !== null && d.validTo <= d.validFrom) problems.push({ code: 'agreement_invalid_period' });
	if (d.mappings.length === 0) problems.push({ code: 'agreement_no_mappings' });
	const seen = new Set<string>();
	d.mappings.forEach((m, index) => {
		const from = types.get(m.fromTypeId);
		const to = types.get(m.toTypeId);
		const row = index + 1;
		if (!from || !to) return problems.push({ code: 'mapping_unknown_type', params: { row } });
		const sf = sideOfType(d, from);
		const st = sideOfType(d, to);
		if (sf === null || st === null || sf === st) problems.push({ code: 'mapping_wrong_sides', params: { row } });
		const key = `${m.fromTypeId}>${m.toTypeId}`;
		if (seen.has(key)) problems.push({ code: 'mapping_duplicate', params: { row } });
		seen.add(key);
	});
	return problems;
}
