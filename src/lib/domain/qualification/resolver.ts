// The recognition resolver: may a person self-operate an instrument at an instant? Pure: the
// service loads the facts (the person's grants, the agreements and cases that touch them) and
// this decides, always with a basis (why yes) or the near misses (why not).
//
// Rules, all evaluated at the booking's START instant `at`:
// - a grant counts over its half-open validity [validFrom, expiresAt): expiry exactly at `at` has
//   expired; revoked at or before `at` does not count; with a lapse period it also ends lapseDays
//   after its last use (or its start, when never used);
// - the required type counts when held directly; or when a held type is mapped onto it by an
//   agreement that is active (accepted, not suspended, not ended) and in force at `at`
//   ([validFrom, validTo)), the mapping runs from the held type's side to the required type's side
//   (mutual agreements run both ways) and each type's institution lies on its side (an area
//   agreement covers every institution of its areas); or by an accepted case recognition of that
//   very grant for this instrument or its facility, unexpired at `at`;
// - NO chains: only types the person holds directly are sources. A held A mapped to B and B mapped
//   to C does not make the person a holder of C. A recognition is a statement by the two signing
//   sides about each other's training; a third party never signed anything about A.
import { DAY } from '../time/range';

export interface TypeFact {
	id: number;
	code: string;
	nameZh: string;
	nameEn: string;
	institutionId: number;
	institutionNameZh: string;
	institutionNameEn: string;
	areaCode: string;
}

export interface HeldFact {
	/** the grant (qualifications.id) */
	id: number;
	typeId: number;
	validFrom: number;
	expiresAt: number;
	revokedAt: number | null;
	revokeReason?: string | null;
	/** start of the last self-operated use that relied on this grant */
	lastUsedAt: number | null;
	/** the type's lapse period (null: never lapses) */
	lapseDays: number | null;
}

export type AgreementStatus = 'proposed' | 'active' | 'suspended' | 'ended' | 'declined' | 'withdrawn';

export interface AgreementFact {
	id: number;
	kind: 'institution' | 'area';
	aInstitutionId: number | null;
	bInstitutionId: number | null;
	aAreaCode: string | null;
	bAreaCode: string | null;
	mutual: boolean;
	status: AgreementStatus;
	validFrom: number;
	validTo: number | null;
	mappings: { fromTypeId: number; toTypeId: number }[];
}

export interface CaseFact {
	id: number;
	qualificationId: number;
	targetTypeId: number;
	facilityId: number;
	/** null: the whole facility */
	instrumentId: number | null;
	status: 'requested' | 'accepted' | 'refused' | 'withdrawn' | 'revoked';
	expiresAt: number | null;
}

export interface ResolveInput {
	at: number;
	/** null: the instrument needs no qualification */
	requiredTypeId: number | null;
	instrument: { id: number; facilityId: number };
	/** every type named by held, agreements' mappings and cases (at least the required and held ones) */
	types: TypeFact[];
	held: HeldFact[];
	agreements: AgreementFact[];
	cases: CaseFact[];
}

export interface HeldRef {
	qualificationId: number;
	type: TypeFact;
}

export type Basis =
	| { kind: 'none' }
	| { kind: 'direct'; held: HeldRef; until: number }
	| { kind: 'agreement'; held: HeldRef; agreementId: number; agreementKind: 'institution' | 'area'; until: number }
	| { kind: 'case'; held: HeldRef; caseId: number; until: number };

export type MissCode =
	| 'not_held'
	| 'unknown_type'
	| 'not_yet_valid'
	| 'expired'
	| 'revoked'
	| 'lapsed'
	| 'agreement_pending'
	| 'agreement_suspended'
	| 'agreement_ended'
	| 'agreement_out_of_period'
	| 'case_pending'
	| 'case_revoked'
	| 'case_expired';

export interface Miss {
	code: MissCode;
	held?: HeldRef;
	via?: { kind: 'agreement'; id: number } | { kind: 'case'; id: number };
	/** the instant the miss refers to (expiry, revocation, lapse, start of validity) */
	date?: number;
	/** free text: a revocation reason */
	detail?: string;
	/** the type's lapse period for 'lapsed' */
	days?: number;
}

export type Decision =
	| { allowed: true; required: TypeFact | null; basis: Basis; at: number }
	| { allowed: false; required: TypeFact | null; misses: Miss[]; at: number };

/** Decides whether the person may self-operate at input.at; see the rules at the top of this file. */
export function resolveSelfOperation(input: ResolveInput): Decision {
	const { at } = input;
	const types = new Map(input.types.map((t) => [t.id, t]));
	if (input.requiredTypeId === null) return { allowed: true, required: null, basis: { kind: 'none' }, at };
	const required = types.get(input.requiredTypeId) ?? null;
	if (!required) return { allowed: false, required: null, misses: [{ code: 'unknown_type' }], at };

	const allowed: Exclude<Basis, { kind: 'none' }>[] = [];
	const misses: Miss[] = [];
	const refOf = (h: HeldFact): HeldRef | null => {
		const type = types.get(h.typeId);
		return type ? { qualificationId: h.id, type } : null;
	};

	for (const h of input.held.filter((x) => x.typeId === required.id)) {
		const ref = refOf(h)!;
		const state = heldState(h, at);
		if (state.ok) allowed.push({ kind: 'direct', held: ref, until: state.until });
		else misses.push({ ...state.miss, held: ref });
	}

	for (const h of input.held) {
		const ref = refOf(h);
		if (!ref || h.typeId === required.id) continue;
		for (const g of input.agreements) {
			if (!mapsOnto(g, ref.type, required)) continue;
			if (g.status === 'declined' || g.status === 'withdrawn') continue;
			const via = { kind: 'agreement' as const, id: g.id };
			const state = heldState(h, at);
			if (!state.ok) {
				misses.push({ ...state.miss, held: ref, via });
				continue;
			}
			const agreementMiss = agreementState(g, at);
			if (agreementMiss) {
				misses.push({ ...agreementMiss, held: ref, via });
				continue;
			}
			allowed.push({ kind: 'agreement', held: ref, agreementId: g.id, agreementKind: g.kind, until: Math.min(state.until, g.validTo ?? Infinity) });
		}
	}

	for (const c of input.cases) {
		if (c.targetTypeId !== required.id || c.facilityId !== input.instrument.facilityId) continue;
		if (c.instrumentId !== null && c.instrumentId !== input.instrument.id) continue;
		if (c.status === 'refused' || c.status === 'withdrawn') continue;
		const h = input.held.find((x) => x.id === c.qualificationId);
		const ref = h ? refOf(h) : null;
		if (!h || !ref) continue;
		const via = { kind: 'case' as const, id: c.id };
		const state = heldState(h, at);
		if (!state.ok) misses.push({ ...state.miss, held: ref, via });
		else if (c.status === 'requested') misses.push({ code: 'case_pending', held: ref, via });
		else if (c.status === 'revoked') misses.push({ code: 'case_revoked', held: ref, via });
		else if (c.expiresAt !== null && at >= c.expiresAt) misses.push({ code: 'case_expired', held: ref, via, date: c.expiresAt });
		else allowed.push({ kind: 'case', held: ref, caseId: c.id, until: Math.min(state.until, c.expiresAt ?? Infinity) });
	}

	if (allowed.length > 0) return { allowed: true, required, basis: bestBasis(allowed), at };
	return { allowed: false, required, misses: misses.length > 0 ? misses : [{ code: 'not_held' }], at };
}

const KIND_RANK = { direct: 0, agreement: 1, case: 2 } as const;

/** Direct before agreement before case (recognition only when it was needed); then the longest validity. */
function bestBasis(options: Exclude<Basis, { kind: 'none' }>[]): Basis {
	return [...options].sort((x, y) => KIND_RANK[x.kind] - KIND_RANK[y.kind] || y.until - x.until)[0];
}

/** Whether a grant counts at `at`, and until when; half-open validity, revocation, lapse. */
export function heldState(h: HeldFact, at: number): { ok: true; until: number } | { ok: false; miss: Miss } {
	if (h.revokedAt !== null && h.revokedAt <= at) return { ok: false, miss: { code: 'revoked', date: h.revokedAt, detail: h.revokeReason ?? '' } };
	if (at < h.validFrom) return { ok: false, miss: { code: 'not_yet_valid', date: h.validFrom } };
	if (at >= h.expiresAt) return { ok: false, miss: { code: 'expired', date: h.expiresAt } };
	let until = h.expiresAt;
	if (h.lapseDays !== null) {
		const cutoff = Math.max(h.validFrom, h.lastUsedAt ?? h.validFrom) + h.lapseDays * DAY;
		if (at >= cutoff) return { ok: false, miss: { code: 'lapsed', date: cutoff, days: h.lapseDays } };
		until = Math.min(until, cutoff);
	}
	if (h.revokedAt !== null) until = Math.min(until, h.revokedAt);
	return { ok: true, until };
}

function agreementState(g: AgreementFact, at: number): Miss | null {
	if (g.status === 'proposed') return { code: 'agreement_pending' };
	if (g.status === 'suspended') return { code: 'agreement_suspended' };
	if (g.status === 'ended') return { code: 'agreement_ended' };
	if (at < g.validFrom || (g.validTo !== null && at >= g.validTo)) return { code: 'agreement_out_of_period', date: g.validTo ?? g.validFrom };
	return null;
}

/** True when agreement g maps held type onto required type in a direction it allows, each type on its side. */
export function mapsOnto(g: AgreementFact, held: TypeFact, required: TypeFact): boolean {
	return g.mappings.some((m) => {
		const forward = m.fromTypeId === held.id && m.toTypeId === required.id;
		const backward = g.mutual && m.toTypeId === held.id && m.fromTypeId === required.id;
		return (forward || backward) && onOppositeSides(g, held, required);
	});
}

/** The side ('a' | 'b') a type's institution lies on in agreement g, or null. */
export function sideOfType(g: Pick<AgreementFact, 'kind' | 'aInstitutionId' | 'bInstitutionId' | 'aAreaCode' | 'bAreaCode'>, t: TypeFact): 'a' | 'b' | null {
	if (g.kind === 'institution') return t.institutionId === g.aInstitutionId ? 'a' : t.institutionId === g.bInstitutionId ? 'b' : null;
	return t.areaCode === g.aAreaCode ? 'a' : t.areaCode === g.bAreaCode ? 'b' : null;
}

function onOppositeSides(g: AgreementFact, x: TypeFact, y: TypeFact): boolean {
	const sx = sideOfType(g, x);
	const sy = sideOfType(g, y);
	return sx !== null && sy !== null && sx !== sy;
}

/** The types agreement g lets a holder of `held` count as (no chains: one step from a held type). */
export function targetsOf(g: AgreementFact, held: TypeFact, types: Map<number, TypeFact>): TypeFact[] {
	const out: TypeFact[] = [];
	for (const m of g.mappings) {
		const targetId = m.fromTypeId === held.id ? m.toTypeId : g.mutual && m.toTypeId === held.id ? m.fromTypeId : null;
		const target = targetId === null ? undefined : types.get(targetId);
		if (target && target.id !== held.id && onOppositeSides(g, held, target) && !out.some((t) => t.id === target.id)) out.push(target);
	}
	return out;
}
