import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { resolveSelfOperation, type AgreementFact, type CaseFact, type HeldFact, type ResolveInput, type TypeFact } from './resolver';
import { DAY } from '../time/range';

// A small world: institutions 1 and 2 in Beijing, 3 and 4 in Hebei, 5 in Tianjin; type id = institution id * 10 (+1 for a second type).
const AREA: Record<number, string> = { 1: 'BJ', 2: 'BJ', 3: 'HE', 4: 'HE', 5: 'TJ' };
const type = (id: number): TypeFact => {
	const inst = Math.floor(id / 10);
	return { id, code: `T${id}`, nameZh: `类型${id}`, nameEn: `Type ${id}`, institutionId: inst, institutionNameZh: `单位${inst}`, institutionNameEn: `Inst ${inst}`, areaCode: AREA[inst] };
};
const TYPE_IDS = [10, 11, 20, 30, 31, 40, 50];
const TYPES = TYPE_IDS.map(type);
const T0 = Date.UTC(2027, 0, 1);
const instrument = { id: 100, facilityId: 7 };

const held = (typeId: number, over: Partial<HeldFact> = {}): HeldFact => ({
	id: typeId * 100,
	typeId,
	validFrom: T0 - 100 * DAY,
	expiresAt: T0 + 100 * DAY,
	revokedAt: null,
	lastUsedAt: null,
	lapseDays: null,
	...over
});
const institutionAgreement = (a: number, b: number, mappings: [number, number][], over: Partial<AgreementFact> = {}): AgreementFact => ({
	id: 12,
	kind: 'institution',
	aInstitutionId: a,
	bInstitutionId: b,
	aAreaCode: null,
	bAreaCode: null,
	mutual: false,
	status: 'active',
	validFrom: T0 - 365 * DAY,
	validTo: T0 + 365 * DAY,
	mappings: mappings.map(([fromTypeId, toTypeId]) => ({ fromTypeId, toTypeId })),
	...over
});
const areaAgreement = (a: string, b: string, mappings: [number, number][], over: Partial<AgreementFact> = {}): AgreementFact => ({
	...institutionAgreement(0, 0, mappings),
	kind: 'area',
	aInstitutionId: null,
	bInstitutionId: null,
	aAreaCode: a,
	bAreaCode: b,
	...over
});
const input = (over: Partial<ResolveInput>): ResolveInput => ({ at: T0, requiredTypeId: 10, instrument, types: TYPES, held: [], agreements: [], cases: [], ...over });
const allowed = (over: Partial<ResolveInput>) => resolveSelfOperation(input(over)).allowed;

const offset = fc.integer({ min: -10 * DAY, max: 10 * DAY });
const typeId = fc.constantFrom(...TYPE_IDS);
const status = fc.constantFrom('proposed', 'active', 'suspended', 'ended', 'declined', 'withdrawn' as const);

describe('the recognition resolver', () => {
	it('needs nothing on an instrument without a required type', () => {
		const d = resolveSelfOperation(input({ requiredTypeId: null }));
		expect(d).toMatchObject({ allowed: true, basis: { kind: 'none' } });
	});

	it('refuses with not_held when the person holds nothing relevant', () => {
		const d = resolveSelfOperation(input({ held: [held(20)] }));
		expect(d.allowed).toBe(false);
		if (!d.allowed) expect(d.misses.map((m) => m.code)).toEqual(['not_held']);
	});

	it('counts a directly held grant exactly over its half-open validity [from, to)', () => {
		fc.assert(
			fc.property(offset, offset, offset, (fromOff, lengthOff, atOff) => {
				const validFrom = T0 + fromOff;
				const expiresAt = validFrom + Math.abs(lengthOff) + 1;
				const at = T0 + atOff;
				const d = resolveSelfOperation(input({ at, held: [held(10, { validFrom, expiresAt })] }));
				expect(d.allowed).toBe(validFrom <= at && at < expiresAt);
				if (d.allowed && d.basis.kind === 'direct') expect(d.basis.until).toBe(expiresAt);
			})
		);
	});

	it('treats a grant that expires exactly at the start instant as expired, and one a millisecond later as valid', () => {
		const at = T0;
		const atExpiry = resolveSelfOperation(input({ at, held: [held(10, { expiresAt: at })] }));
		expect(atExpiry.allowed).toBe(false);
		if (!atExpiry.allowed) expect(atExpiry.misses[0].code).toBe('expired');
		expect(allowed({ at, held: [held(10, { expiresAt: at + 1 })] })).toBe(true);
	});

	it('never counts a grant revoked at or before the start, on any path', () => {
		fc.assert(
			fc.property(typeId, fc.integer({ min: 0, max: 30 * DAY }), fc.boolean(), (heldType, before, mutual) => {
				const h = held(heldType, { revokedAt: T0 - before });
				const agreements = [institutionAgreement(Math.floor(heldType / 10), 1, [[heldType, 10]], { mutual })];
				const cases: CaseFact[] = [{ id: 5, qualificationId: h.id, targetTypeId: 10, facilityId: 7, instrumentId: null, status: 'accepted', expiresAt: null }];
				expect(allowed({ held: [h], agreements, cases })).toBe(false);
			})
		);
	});

	it('applies a one-way mapping only from the issuing side, a mutual one both ways', () => {
		fc.assert(
			fc.property(fc.boolean(), (mutual) => {
				// Hebei institution 3's T30 counts as Beijing institution 1's T10
				const agreements = [institutionAgreement(3, 1, [[30, 10]], { mutual })];
				expect(allowed({ requiredTypeId: 10, held: [held(30)], agreements })).toBe(true);
				expect(allowed({ requiredTypeId: 30, held: [held(10)], agreements })).toBe(mutual);
			})
		);
	});

	it('lets an area agreement cover the institutions of its areas, and an institution agreement only its two institutions', () => {
		fc.assert(
			fc.property(fc.constantFrom(30, 31, 40, 50, 20), fc.constantFrom<'institution' | 'area'>('institution', 'area'), (heldType, kind) => {
				const mappings: [number, number][] = [[heldType, 10]];
				const agreement = kind === 'area' ? areaAgreement('HE', 'BJ', mappings) : institutionAgreement(3, 1, mappings);
				const heldArea = type(heldType).areaCode;
				const heldInstitution = type(heldType).institutionId;
				const expected = kind === 'area' ? heldArea === 'HE' : heldInstitution === 3;
				expect(allowed({ requiredTypeId: 10, held: [held(heldType)], agreements: [agreement] })).toBe(expected);
			})
		);
	});

	it('counts only active agreements, and only inside their half-open validity', () => {
		fc.assert(
			fc.property(status, offset, offset, offset, (s, fromOff, lengthOff, atOff) => {
				const validFrom = T0 + fromOff;
				const validTo = validFrom + Math.abs(lengthOff) + 1;
				const at = T0 + atOff;
				const agreements = [areaAgreement('HE', 'BJ', [[30, 10]], { status: s, validFrom, validTo })];
				const d = resolveSelfOperation(input({ at, held: [held(30, { validFrom: T0 - 50 * DAY, expiresAt: T0 + 50 * DAY })], agreements }));
				expect(d.allowed).toBe(s === 'active' && validFrom <= at && at < validTo);
				if (!d.allowed && s === 'suspended') expect(d.misses[0].code).toBe('agreement_suspended');
				if (d.allowed && d.basis.kind === 'agreement') expect(d.basis.until).toBe(Math.min(validTo, T0 + 50 * DAY));
			})
		);
	});

	it('does not follow chains: A→B and B→C do not make a holder of A a holder of C', () => {
		fc.assert(
			fc.property(fc.boolean(), fc.boolean(), (mutual1, mutual2) => {
				// Tianjin T50 → Hebei T30 (institutions 5 and 3), Hebei T30 → Beijing T10 (institutions 3 and 1)
				const agreements = [
					institutionAgreement(5, 3, [[50, 30]], { id: 1, mutual: mutual1 }),
					institutionAgreement(3, 1, [[30, 10]], { id: 2, mutual: mutual2 })
				];
				expect(allowed({ requiredTypeId: 30, held: [held(50)], agreements })).toBe(true);
				expect(allowed({ requiredTypeId: 10, held: [held(50)], agreements })).toBe(false);
			})
		);
	});

	it('counts an accepted case only for its instrument or facility and target type, before its expiry', () => {
		fc.assert(
			fc.property(
				fc.constantFrom<CaseFact['status']>('requested', 'accepted', 'refused', 'withdrawn', 'revoked'),
				fc.constantFrom(100, 101, null),
				fc.constantFrom(7, 8),
				offset,
				(s, instrumentId, facilityId, expiryOff) => {
					const h = held(40);
					const expiresAt = T0 + expiryOff;
					const c: CaseFact = { id: 9, qualificationId: h.id, targetTypeId: 10, facilityId, instrumentId, status: s, expiresAt };
					const expected = s === 'accepted' && facilityId === 7 && (instrumentId === null || instrumentId === 100) && T0 < expiresAt;
					expect(allowed({ held: [h], cases: [c] })).toBe(expected);
				}
			)
		);
	});

	it('prefers holding the type directly over a recognition (the statistics count recognition only when it was needed)', () => {
		const d = resolveSelfOperation(input({ held: [held(10), held(30)], agreements: [areaAgreement('HE', 'BJ', [[30, 10]])] }));
		expect(d).toMatchObject({ allowed: true, basis: { kind: 'direct' } });
	});

	it('lets a grant lapse lapseDays after its last use, counting from the grant when never used', () => {
		fc.assert(
			fc.property(fc.integer({ min: 1, max: 60 }), fc.option(fc.integer({ min: 0, max: 90 }), { nil: null }), fc.integer({ min: 0, max: 200 }), (lapseDays, usedAfter, atDay) => {
				const validFrom = T0;
				const lastUsedAt = usedAfter === null ? null : T0 + usedAfter * DAY;
				const at = T0 + atDay * DAY;
				const cutoff = (lastUsedAt ?? validFrom) + lapseDays * DAY;
				const h = held(10, { validFrom, expiresAt: T0 + 365 * DAY, lapseDays, lastUsedAt });
				expect(allowed({ at, held: [h] })).toBe(at < cutoff);
			})
		);
	});

	it('agrees with a brute-force reading of the rules on random worlds', () => {
		const heldArb = fc.record({ typeId, revoked: fc.boolean(), expiryOff: offset });
		const agreementArb = fc.record({
			kind: fc.constantFrom<'institution' | 'area'>('institution', 'area'),
			sides: fc.constantFrom<[number, number]>([1, 3], [3, 1], [2, 5], [4, 1], [1, 2]),
			mutual: fc.boolean(),
			status,
			toOff: offset,
			mappings: fc.array(fc.tuple(typeId, typeId), { minLength: 1, maxLength: 3 })
		});
		fc.assert(
			fc.property(typeId, fc.array(heldArb, { maxLength: 3 }), fc.array(agreementArb, { maxLength: 3 }), (required, hs, gs) => {
				const grants = hs.map((h, i) => ({ ...held(h.typeId, { expiresAt: T0 + h.expiryOff, revokedAt: h.revoked ? T0 - DAY : null }), id: i + 1 }));
				const agreements = gs.map((g, i) =>
					g.kind === 'area'
						? areaAgreement(AREA[g.sides[0]], AREA[g.sides[1]], g.mappings, { id: i + 1, mutual: g.mutual, status: g.status, validTo: T0 + g.toOff })
						: institutionAgreement(g.sides[0], g.sides[1], g.mappings, { id: i + 1, mutual: g.mutual, status: g.status, validTo: T0 + g.toOff })
				);
				const valid = (h: HeldFact) => h.revokedAt === null && T0 < h.expiresAt;
				const sideOf = (g: AgreementFact, t: TypeFact) =>
					g.kind === 'area' ? (t.areaCode === g.aAreaCode ? 'a' : t.areaCode === g.bAreaCode ? 'b' : null) : t.institutionId === g.aInstitutionId ? 'a' : t.institutionId === g.bInstitutionId ? 'b' : null;
				const oracle =
					grants.some((h) => h.typeId === required && valid(h)) ||
					grants.some(
						(h) =>
							valid(h) &&
							agreements.some(
								(g) =>
									g.status === 'active' &&
									T0 < g.validTo! &&
									g.mappings.some((m) => {
										const paths = [[m.fromTypeId, m.toTypeId], ...(g.mutual ? [[m.toTypeId, m.fromTypeId]] : [])];
										return paths.some(([from, to]) => {
											if (from !== h.typeId || to !== required || from === to) return false;
											const sf = sideOf(g, type(from));
											const st = sideOf(g, type(to));
											return sf !== null && st !== null && sf !== st;
										});
									})
							)
					);
				expect(allowed({ requiredTypeId: required, held: grants, agreements })).toBe(oracle);
			}),
			{ numRuns: 500 }
		);
	});
});
