import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS, openTestDb, type TestDb } from './test-db';
import { buildQualificationWorld, type QualificationWorld } from './qualification-world';
import { createBooking } from '../../src/lib/server/booking/booking.service';
import { ServiceError } from '../../src/lib/server/booking/booking.errors';
import { grantQualification, revokeQualification, setInstrumentRequirement } from '../../src/lib/server/qualification/qualification.service';
import { actOnAgreement, proposeAgreement } from '../../src/lib/server/qualification/agreement.service';
import { checkSelfOperation, selfOperableSets, selfOperableWhere } from '../../src/lib/server/qualification/self-operation.service';
import type { ProposalInput } from '../../src/lib/server/qualification/qualification.schema';
import type { SessionUser } from '../../src/lib/server/auth/session';
import { seedQualificationDemo } from '../../src/lib/server/demo/qualification-demo';

const H = 3_600_000;

async function failure(p: Promise<unknown>): Promise<{ kind: string; codes: string[]; problems: ServiceError['problems'] }> {
	try {
		await p;
	} catch (e) {
		if (e instanceof ServiceError) return { kind: e.kind, codes: e.problems.map((x) => x.code), problems: e.problems };
		throw e;
	}
	throw new Error('expected a ServiceError');
}

describe.each(DIALECTS)('qualification recognition on %s', (dialect) => {
	let db: TestDb;
	let w: QualificationWorld;
	beforeEach(async () => {
		db = await openTestDb(dialect);
		w = await buildQualificationWorld(db);
	});
	afterEach(async () => {
		await db.cleanup();
	});

	const grant = async (by: SessionUser, typeId: number, to: SessionUser, over: Partial<{ validFrom: number; expiresAt: number }> = {}) =>
		grantQualification(db, await w.actor(by), { typeId, email: to.email, trainingDate: w.now - 30 * w.DAY, trainer: '王老师', evidenceNote: '', validFrom: w.now - 30 * w.DAY, expiresAt: w.now + 365 * w.DAY, ...over }, w.now);
	const areaProposal = (over: Partial<ProposalInput> = {}): ProposalInput => ({
		kind: 'area',
		aInstitutionId: null,
		bInstitutionId: null,
		aAreaCode: 'HE',
		bAreaCode: 'BJ',
		mutual: false,
		title: '冀京扫描电镜资质互认',
		note: '',
		validFrom: w.now - w.DAY,
		validTo: w.now + 400 * w.DAY,
		mappings: [{ fromTypeId: w.semHe, toTypeId: w.semBj }],
		...over
	});
	const selfBooking = (start: number, mode: 'self' | 'assisted' = 'self') => ({ instrumentId: w.instrumentId, start, end: start + H, mode, purpose: '断面形貌观察', project: '' });
	const activeAreaAgreement = async () => {
		const id = await proposeAgreement(db, await w.actor(w.evaluatorHe), areaProposal(), w.now);
		await actOnAgreement(db, await w.actor(w.evaluatorBj), id, 'accept', '', w.now);
		return id;
	};

	it('activates an agreement only when the other side accepts, and records both signatures in the audit log', async () => {
		const id = await proposeAgreement(db, await w.actor(w.evaluatorHe), areaProposal(), w.now);
		const proposed = await db.kysely.selectFrom('recognition_agreements').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
		expect(proposed.status).toBe('proposed');
		const { agreement } = await actOnAgreement(db, await w.actor(w.evaluatorBj), id, 'accept', '', w.now + 1);
		expect(agreement).toMatchObject({ status: 'active', accepted_by: w.evaluatorBj.id });
		const audit = await db.kysely.selectFrom('audit_log').select(['action', 'actor_user_id']).where('entity', '=', 'recognition_agreement').where('entity_id', '=', id).orderBy('id').execute();
		expect(audit).toEqual([
			{ action: 'propose', actor_user_id: w.evaluatorHe.id },
			{ action: 'accept', actor_user_id: w.evaluatorBj.id }
		]);
	});

	it('does not let a manager of one institution accept on behalf of another, nor the proposer accept their own proposal', async () => {
		const proposal = areaProposal({ kind: 'institution', aAreaCode: null, bAreaCode: null, aInstitutionId: w.tjInstitution, bInstitutionId: w.bjInstitution, mappings: [{ fromTypeId: w.semTj, toTypeId: w.semBj }] });
		const id = await proposeAgreement(db, await w.actor(w.managerTj), proposal, w.now);
		expect(await failure(actOnAgreement(db, await w.actor(w.managerHe), id, 'accept', '', w.now))).toMatchObject({ kind: 'forbidden', codes: ['agreement_forbidden'] });
		expect(await failure(actOnAgreement(db, await w.actor(w.managerTj), id, 'accept', '', w.now))).toMatchObject({ kind: 'forbidden' });
		expect(await failure(actOnAgreement(db, await w.actor(w.evaluatorBj), id, 'accept', '', w.now))).toMatchObject({ kind: 'forbidden' });
		const status = async () => (await db.kysely.selectFrom('recognition_agreements').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;
		expect(await status()).toBe('proposed');
		await actOnAgreement(db, await w.actor(w.managerBj), id, 'accept', '', w.now);
		expect(await status()).toBe('active');
		// nor may a manager propose on behalf of an institution they do not run
		expect(await failure(proposeAgreement(db, await w.actor(w.managerHe), proposal, w.now))).toMatchObject({ kind: 'forbidden' });
		// an admin can act for any side but never signs both
		const byAdmin = await proposeAgreement(db, await w.actor(w.admin), { ...proposal, mutual: true }, w.now);
		expect(await failure(actOnAgreement(db, await w.actor(w.admin), byAdmin, 'accept', '', w.now))).toMatchObject({ kind: 'conflict', codes: ['agreement_own_proposal'] });
	});

	it('lets only an evaluator of the other area accept an area agreement', async () => {
		const id = await proposeAgreement(db, await w.actor(w.evaluatorHe), areaProposal(), w.now);
		expect(await failure(actOnAgreement(db, await w.actor(w.evaluatorTj), id, 'accept', '', w.now))).toMatchObject({ kind: 'forbidden' });
		expect(await failure(actOnAgreement(db, await w.actor(w.managerBj), id, 'accept', '', w.now))).toMatchObject({ kind: 'forbidden' });
		expect(await failure(proposeAgreement(db, await w.actor(w.evaluatorHe), areaProposal({ mappings: [{ fromTypeId: w.semTj, toTypeId: w.semBj }] }), w.now))).toMatchObject({ kind: 'conflict', codes: ['mapping_wrong_sides'] });
	});

	it('books self-operated time under an area agreement, flags it when the agreement is suspended, and refuses the same request with the reason', async () => {
		await grant(w.managerHe, w.semHe, w.researcherHe);
		const agreementId = await activeAreaAgreement();
		const booking = await createBooking(db, w.researcherHe, selfBooking(w.monday9), w.now);
		expect(booking).toMatchObject({ status: 'requested', recognition_kind: 'agreement', recognition_agreement_id: agreementId, qualification_flag: null });

		const { flaggedBookingIds } = await actOnAgreement(db, await w.actor(w.evaluatorBj), agreementId, 'suspend', '复核培训标准', w.now + H);
		expect(flaggedBookingIds).toEqual([booking.id]);
		const flagged = await db.kysely.selectFrom('bookings').selectAll().where('id', '=', booking.id).executeTakeFirstOrThrow();
		expect(flagged).toMatchObject({ qualification_flag: 'agreement_suspended', recognition_agreement_id: agreementId, status: 'requested' });
		const audit = await db.kysely.selectFrom('audit_log').select('action').where('entity', '=', 'booking').where('entity_id', '=', booking.id).orderBy('id').execute();
		expect(audit.map((a) => a.action)).toEqual(['create', 'qualification_flagged']);

		// the same kind of request is refused with the reason, together with every other problem
		const refused = await failure(createBooking(db, w.researcherHe, { ...selfBooking(w.monday9 + 2 * H), purpose: '' }, w.now + H));
		expect(refused.codes).toEqual(expect.arrayContaining(['purpose_required', 'qualification_missing']));
		const problem = refused.problems.find((p) => p.code === 'qualification_missing')!;
		expect(problem.params).toMatchObject({ reason_code: 'agreement_suspended' });
		expect(String(problem.params!.reason_zh)).toContain(`互认协议 #${agreementId} 已暂停`);
		expect(String(problem.params!.reason_en)).toContain(`agreement #${agreementId}`);
		// a staff-assisted booking needs no qualification
		const assisted = await createBooking(db, w.researcherHe, selfBooking(w.monday9 + 2 * H, 'assisted'), w.now + H);
		expect(assisted).toMatchObject({ mode: 'assisted', recognition_kind: null });

		// resuming by the side that suspended clears the flag
		expect(await failure(actOnAgreement(db, await w.actor(w.evaluatorHe), agreementId, 'resume', '', w.now + 2 * H))).toMatchObject({ kind: 'forbidden' });
		const resumed = await actOnAgreement(db, await w.actor(w.evaluatorBj), agreementId, 'resume', '', w.now + 2 * H);
		expect(resumed.clearedBookingIds).toEqual([booking.id]);
	});

	it('decides at the start instant: a grant expiring exactly at the start does not count, one a minute later does', async () => {
		const expiry = w.monday9 + 2 * H;
		await grant(w.managerBj, w.semBj, w.researcherBj, { expiresAt: expiry });
		expect(await failure(createBooking(db, w.researcherBj, selfBooking(expiry), w.now))).toMatchObject({ codes: ['qualification_missing'] });
		expect((await checkSelfOperation(db, w.researcherBj.id, w.instrumentId, expiry - 60_000)).allowed).toBe(true);
		// a booking that starts before the expiry is decided at its start, even though it ends at the expiry
		const before = await createBooking(db, w.researcherBj, selfBooking(expiry - H), w.now);
		expect(before).toMatchObject({ recognition_kind: 'direct' });
	});

	it('flags the future bookings that relied on a revoked grant, and only a manager of the issuing institution may revoke', async () => {
		const g = await grant(w.managerBj, w.semBj, w.researcherBj);
		const b = await createBooking(db, w.researcherBj, selfBooking(w.monday9), w.now);
		expect(b.qualification_id).toBe(g.id);
		expect(await failure(revokeQualification(db, await w.actor(w.managerTj), g.id, '违规操作', w.now))).toMatchObject({ kind: 'forbidden' });
		expect(await failure(grant(w.managerTj, w.semBj, w.researcherTj))).toMatchObject({ kind: 'forbidden' });
		const { flaggedBookingIds } = await revokeQualification(db, await w.actor(w.managerBj), g.id, '违规操作', w.now + 1);
		expect(flaggedBookingIds).toEqual([b.id]);
		expect((await checkSelfOperation(db, w.researcherBj.id, w.instrumentId, w.monday9 + 2 * H)).allowed).toBe(false);
	});

	it('keeps instruments without a required type bookable by anyone, as before', async () => {
		await setInstrumentRequirement(db, await w.actor(w.managerBj), w.instrumentId, null, w.now);
		const b = await createBooking(db, w.researcherTj, selfBooking(w.monday9), w.now);
		expect(b).toMatchObject({ mode: 'self', recognition_kind: null, qualification_id: null });
		expect(await failure(setInstrumentRequirement(db, await w.actor(w.managerBj), w.instrumentId, w.semTj, w.now))).toMatchObject({ codes: ['requirement_wrong_institution'] });
		expect(await failure(setInstrumentRequirement(db, await w.actor(w.managerTj), w.instrumentId, w.semBj, w.now))).toMatchObject({ kind: 'forbidden' });
		// requiring a type again flags the booking made without it
		const { flaggedBookingIds } = await setInstrumentRequirement(db, await w.actor(w.managerBj), w.instrumentId, w.semBj, w.now);
		expect(flaggedBookingIds).toEqual([b.id]);
		// granting the type afterwards clears the flag and records the basis
		await grant(w.managerBj, w.semBj, w.researcherTj);
		expect(await db.kysely.selectFrom('bookings').select(['qualification_flag', 'recognition_kind']).where('id', '=', b.id).executeTakeFirstOrThrow()).toEqual({ qualification_flag: null, recognition_kind: 'direct' });
	});

	it('leaves a world without the demo institutions untouched when the recognition demo data is added', async () => {
		await seedQualificationDemo(db, w.now);
		expect(await db.kysely.selectFrom('recognition_agreements').select('id').execute()).toEqual([]);
	});

	it('lists the instruments a person may operate themselves through the catalogue condition', async () => {
		const other = (
			await db.kysely
				.insertInto('instruments')
				.columns(['facility_id', 'name_zh', 'name_en', 'category_code', 'value_fen', 'purchase_year', 'modes', 'opening_hours', 'area_code', 'city_id', 'facility_kind', 'institution_id', 'search_text', 'created_at', 'updated_at'])
				.expression((eb) =>
					eb
						.selectFrom('instruments')
						.select(['facility_id', 'name_zh', 'name_en', 'category_code', 'value_fen', 'purchase_year', 'modes', 'opening_hours', 'area_code', 'city_id', 'facility_kind', 'institution_id', 'search_text', 'created_at', 'updated_at'])
						.where('id', '=', w.instrumentId)
				)
				.returning('id')
				.executeTakeFirstOrThrow()
		).id;
		const ids = async (u: SessionUser) => {
			const sets = await selfOperableSets(db.kysely, u.id, w.monday9);
			return (await db.kysely.selectFrom('instruments').select('id').where(selfOperableWhere(sets)).orderBy('id').execute()).map((r) => r.id);
		};
		expect(await ids(w.researcherHe)).toEqual([other]);
		await grant(w.managerHe, w.semHe, w.researcherHe);
		expect(await ids(w.researcherHe)).toEqual([other]);
		await activeAreaAgreement();
		expect(await ids(w.researcherHe)).toEqual([w.instrumentId, other].sort((a, b) => a - b));
	});
});
