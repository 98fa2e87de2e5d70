import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS, openTestDb, type TestDb } from './test-db';
import { buildQualificationWorld, type QualificationWorld } from './qualification-world';
import { createBooking } from '../../src/lib/server/booking/booking.service';
import { ServiceError } from '../../src/lib/server/booking/booking.errors';
import { createQualificationType, grantQualification } from '../../src/lib/server/qualification/qualification.service';
import { closeTrainingRequest, decideCase, requestCaseRecognition, requestTraining, revokeCase, withdrawCase } from '../../src/lib/server/qualification/case.service';
import { personQualifications, myWallet } from '../../src/lib/server/qualification/wallet.service';
import { actOnAgreement, proposeAgreement } from '../../src/lib/server/qualification/agreement.service';
import { checkSelfOperation } from '../../src/lib/server/qualification/self-operation.service';

const H = 3_600_000;

async function failure(p: Promise<unknown>) {
	try {
		await p;
	} catch (e) {
		if (e instanceof ServiceError) return { kind: e.kind, codes: e.problems.map((x) => x.code) };
		throw e;
	}
	throw new Error('expected a ServiceError');
}

describe.each(DIALECTS)('case recognition, training requests and the wallet on %s', (dialect) => {
	let db: TestDb;
	let w: QualificationWorld;
	beforeEach(async () => {
		db = await openTestDb(dialect);
		w = await buildQualificationWorld(db);
	});
	afterEach(async () => {
		await db.cleanup();
	});
	const grantTj = async () =>
		grantQualification(db, await w.actor(w.managerTj), { typeId: w.semTj, email: w.researcherTj.email, trainingDate: w.now - 10 * w.DAY, trainer: '刘老师', evidenceNote: '培训记录 2026-12', validFrom: w.now - 10 * w.DAY, expiresAt: w.now + 200 * w.DAY }, w.now);
	const selfBooking = (start: number) => ({ instrumentId: w.instrumentId, start, end: start + H, mode: 'self' as const, purpose: '形貌观察', project: '' });

	it('recognises an outside qualification case by case once a manager of that facility accepts it', async () => {
		const g = await grantTj();
		const caseId = await requestCaseRecognition(db, w.researcherTj.id, { instrumentId: w.instrumentId, qualificationId: g.id, wholeFacility: false, message: '已在天津大学独立操作两年' }, w.now);
		const pending = await checkSelfOperation(db, w.researcherTj.id, w.instrumentId, w.monday9);
		expect(pending.allowed ? null : pending.misses[0].code).toBe('case_pending');
		expect(await failure(requestCaseRecognition(db, w.researcherTj.id, { instrumentId: w.instrumentId, qualificationId: g.id, wholeFacility: true, message: '' }, w.now))).toMatchObject({ codes: ['case_duplicate'] });
		// a manager of another facility may not decide it
		expect(await failure(decideCase(db, await w.actor(w.managerTj), caseId, { accept: true, expiresAt: w.now + 90 * w.DAY }, w.now))).toMatchObject({ kind: 'forbidden' });
		expect(await failure(decideCase(db, await w.actor(w.managerBj), caseId, { accept: true, expiresAt: w.now - 1 }, w.now))).toMatchObject({ codes: ['case_expiry_invalid'] });
		await decideCase(db, await w.actor(w.managerBj), caseId, { accept: true, expiresAt: w.now + 90 * w.DAY }, w.now);
		const b = await createBooking(db, w.researcherTj, selfBooking(w.monday9), w.now);
		expect(b).toMatchObject({ recognition_kind: 'case', recognition_case_id: caseId, qualification_id: g.id });
		const { flaggedBookingIds } = await revokeCase(db, await w.actor(w.managerBj), caseId, '操作不规范', w.now + 1);
		expect(flaggedBookingIds).toEqual([b.id]);
		const wallet = await myWallet(db, w.researcherTj.id, w.now + 2);
		expect(wallet.flagged.map((f) => [f.id, f.qualification_flag])).toEqual([[b.id, 'case_revoked']]);
	});

	it('lets the researcher withdraw and the manager refuse only with a reason', async () => {
		const g = await grantTj();
		const first = await requestCaseRecognition(db, w.researcherTj.id, { instrumentId: w.instrumentId, qualificationId: g.id, wholeFacility: true, message: '' }, w.now);
		await withdrawCase(db, w.researcherTj.id, first, w.now);
		const second = await requestCaseRecognition(db, w.researcherTj.id, { instrumentId: w.instrumentId, qualificationId: g.id, wholeFacility: true, message: '' }, w.now);
		expect(await failure(decideCase(db, await w.actor(w.managerBj), second, { accept: false, reason: '' }, w.now))).toMatchObject({ codes: ['reason_required'] });
		const refused = await decideCase(db, await w.actor(w.managerBj), second, { accept: false, reason: '请先参加本中心培训' }, w.now);
		expect(refused).toMatchObject({ status: 'refused', decision_reason: '请先参加本中心培训' });
		expect(await failure(requestCaseRecognition(db, w.researcherBj.id, { instrumentId: w.instrumentId, qualificationId: g.id, wholeFacility: false, message: '' }, w.now))).toMatchObject({ codes: ['case_not_your_qualification'] });
	});

	it('routes a training request to the facility’s managers only', async () => {
		const id = await requestTraining(db, w.researcherHe.id, w.instrumentId, '希望参加下一期培训', w.now);
		expect(await failure(requestTraining(db, w.researcherHe.id, w.instrumentId, '', w.now))).toMatchObject({ codes: ['training_duplicate'] });
		expect(await failure(closeTrainingRequest(db, await w.actor(w.managerTj), id, 'done', '', w.now))).toMatchObject({ kind: 'forbidden' });
		await closeTrainingRequest(db, await w.actor(w.managerBj), id, 'done', '已安排 1 月 10 日培训', w.now);
	});

	it('shows a person’s qualifications to themselves and their managers only, with where each is recognised', async () => {
		const g = await grantQualification(db, await w.actor(w.managerHe), { typeId: w.semHe, email: w.researcherHe.email, trainingDate: w.now, trainer: '赵老师', evidenceNote: '', validFrom: w.now, expiresAt: w.now + 300 * w.DAY }, w.now);
		const agreementId = await proposeAgreement(db, await w.actor(w.evaluatorHe), { kind: 'area', aInstitutionId: null, bInstitutionId: null, aAreaCode: 'HE', bAreaCode: 'BJ', mutual: true, title: '', note: '', validFrom: w.now, validTo: null, mappings: [{ fromTypeId: w.semHe, toTypeId: w.semBj }] }, w.now);
		await actOnAgreement(db, await w.actor(w.evaluatorBj), agreementId, 'accept', '', w.now);
		const own = await personQualifications(db, await w.actor(w.researcherHe), w.researcherHe.id, w.now);
		expect(own.items).toHaveLength(1);
		expect(own.items[0]).toMatchObject({ status: 'valid', grant: { id: g.id } });
		expect(own.items[0].recognitions).toEqual([expect.objectContaining({ via: 'agreement', id: agreementId, status: 'active', asType: expect.objectContaining({ id: w.semBj }) })]);
		// the Hebei manager (of the person's institution and of the issuer) sees them; Beijing and Tianjin managers do not
		expect((await personQualifications(db, await w.actor(w.managerHe), w.researcherHe.id, w.now)).items).toHaveLength(1);
		expect(await failure(personQualifications(db, await w.actor(w.managerBj), w.researcherHe.id, w.now))).toMatchObject({ kind: 'forbidden' });
		expect(await failure(personQualifications(db, await w.actor(w.researcherBj), w.researcherHe.id, w.now))).toMatchObject({ kind: 'forbidden' });
	});

	it('lets managers define types only for their own institution', async () => {
		const input = { institutionId: w.tjInstitution, code: 'XRD-1', nameZh: 'X 射线衍射仪操作', nameEn: 'XRD operation', description: '', level: 1, validityMonths: 24, lapseDays: 180, coversCategories: ['01'], coversInstrumentIds: [] };
		expect(await failure(createQualificationType(db, await w.actor(w.managerBj), input, w.now))).toMatchObject({ kind: 'forbidden' });
		await createQualificationType(db, await w.actor(w.managerTj), input, w.now);
		expect(await failure(createQualificationType(db, await w.actor(w.managerTj), input, w.now))).toMatchObject({ codes: ['type_code_taken'] });
	});
});
