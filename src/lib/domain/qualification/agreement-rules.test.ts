import { describe, expect, it } from 'vitest';
import { actsFor, checkAgreementAction, checkAgreementDraft, type Actor, type AgreementState } from './agreement-rules';
import type { TypeFact } from './resolver';

const actor = (over: Partial<Actor>): Actor => ({ userId: 1, admin: false, managedInstitutionIds: [], evaluatorAreas: [], ...over });
const institutionAgreement: AgreementState = { kind: 'institution', aInstitutionId: 10, bInstitutionId: 20, aAreaCode: null, bAreaCode: null, status: 'proposed', proposedBy: 1, suspendedSide: null };
const areaAgreement: AgreementState = { kind: 'area', aInstitutionId: null, bInstitutionId: null, aAreaCode: 'HE', bAreaCode: 'BJ', status: 'proposed', proposedBy: 1, suspendedSide: null };

describe('who acts for a side of an agreement', () => {
	it('lets managers act for their institution, evaluators for their area, the admin for all', () => {
		expect(actsFor(actor({ managedInstitutionIds: [10] }), 'institution', { institutionId: 10, areaCode: null })).toBe(true);
		expect(actsFor(actor({ managedInstitutionIds: [10] }), 'institution', { institutionId: 20, areaCode: null })).toBe(false);
		expect(actsFor(actor({ managedInstitutionIds: [10] }), 'area', { institutionId: null, areaCode: 'BJ' })).toBe(false);
		expect(actsFor(actor({ evaluatorAreas: ['TJ'] }), 'area', { institutionId: null, areaCode: 'TJ' })).toBe(true);
		expect(actsFor(actor({ evaluatorAreas: ['TJ'] }), 'area', { institutionId: null, areaCode: 'BJ' })).toBe(false);
		expect(actsFor(actor({ evaluatorAreas: 'all' }), 'area', { institutionId: null, areaCode: 'HE' })).toBe(true);
		expect(actsFor(actor({ admin: true }), 'institution', { institutionId: 99, areaCode: null })).toBe(true);
	});

	it('lets only side B accept, never the proposer, and a manager of another institution not at all', () => {
		expect(checkAgreementAction('accept', institutionAgreement, actor({ userId: 2, managedInstitutionIds: [20] }), '')).toMatchObject({ ok: true, status: 'active', side: 'b' });
		expect(checkAgreementAction('accept', institutionAgreement, actor({ userId: 3, managedInstitutionIds: [10] }), '')).toMatchObject({ ok: false, forbidden: true });
		expect(checkAgreementAction('accept', institutionAgreement, actor({ userId: 4, managedInstitutionIds: [30] }), '')).toMatchObject({ ok: false, forbidden: true });
		expect(checkAgreementAction('accept', institutionAgreement, actor({ userId: 1, admin: true }), '')).toMatchObject({ ok: false, problems: [{ code: 'agreement_own_proposal' }] });
		expect(checkAgreementAction('accept', areaAgreement, actor({ userId: 5, evaluatorAreas: ['BJ'] }), '')).toMatchObject({ ok: true });
		expect(checkAgreementAction('accept', areaAgreement, actor({ userId: 5, evaluatorAreas: ['TJ'] }), '')).toMatchObject({ ok: false, forbidden: true });
	});

	it('lets either side suspend or end with a reason, and only the suspending side resume', () => {
		const active = { ...institutionAgreement, status: 'active' as const };
		expect(checkAgreementAction('suspend', active, actor({ userId: 2, managedInstitutionIds: [20] }), '')).toMatchObject({ ok: false, problems: [{ code: 'reason_required' }] });
		expect(checkAgreementAction('suspend', active, actor({ userId: 2, managedInstitutionIds: [20] }), '设备更新')).toMatchObject({ ok: true, status: 'suspended', side: 'b' });
		const suspended = { ...active, status: 'suspended' as const, suspendedSide: 'b' as const };
		expect(checkAgreementAction('resume', suspended, actor({ userId: 3, managedInstitutionIds: [10] }), '')).toMatchObject({ ok: false, forbidden: true });
		expect(checkAgreementAction('resume', suspended, actor({ userId: 2, managedInstitutionIds: [20] }), '')).toMatchObject({ ok: true, status: 'active' });
		expect(checkAgreementAction('end', suspended, actor({ userId: 3, managedInstitutionIds: [10] }), '到期不续')).toMatchObject({ ok: true, status: 'ended' });
		expect(checkAgreementAction('accept', { ...active, status: 'ended' }, actor({ userId: 2, managedInstitutionIds: [20] }), '')).toMatchObject({ ok: false, problems: [{ code: 'agreement_wrong_status' }] });
	});
});

describe('a well-formed proposal', () => {
	const t = (id: number, institutionId: number, areaCode: string): TypeFact => ({ id, code: `T${id}`, nameZh: '', nameEn: '', institutionId, institutionNameZh: '', institutionNameEn: '', areaCode });
	const types = new Map([t(1, 10, 'HE'), t(2, 20, 'BJ'), t(3, 30, 'BJ'), t(4, 40, 'TJ')].map((x) => [x.id, x]));
	const draft = { ...institutionAgreement, validFrom: 0, validTo: 10 };

	it('accepts mappings that cross from one side to the other, either way', () => {
		expect(checkAgreementDraft({ ...draft, mappings: [{ fromTypeId: 1, toTypeId: 2 }, { fromTypeId: 2, toTypeId: 1 }] }, types)).toEqual([]);
		expect(checkAgreementDraft({ ...areaAgreement, validFrom: 0, validTo: null, mappings: [{ fromTypeId: 1, toTypeId: 3 }] }, types)).toEqual([]);
	});

	it('reports every problem at once', () => {
		const codes = checkAgreementDraft({ ...draft, bInstitutionId: 10, validTo: 0, mappings: [{ fromTypeId: 1, toTypeId: 3 }, { fromTypeId: 1, toTypeId: 3 }, { fromTypeId: 9, toTypeId: 1 }] }, types).map((p) => p.code);
		expect(codes).toEqual(['agreement_same_sides', 'agreement_invalid_period', 'mapping_wrong_sides', 'mapping_wrong_sides', 'mapping_duplicate', 'mapping_unknown_type']);
		expect(checkAgreementDraft({ ...draft, mappings: [] }, types).map((p) => p.code)).toEqual(['agreement_no_mappings']);
	});
});
