// The booking world plus what recognition needs: a Hebei facility with its manager, area
// evaluators, an admin, SEM qualification types of the Beijing, Tianjin and Hebei institutions,
// and the Beijing FE-SEM requiring the Beijing type.
import type { Db } from '../../src/lib/server/db/dialect';
import type { SessionUser } from '../../src/lib/server/auth/session';
import { loadRoles } from '../../src/lib/server/auth/roles';
import { actorOf } from '../../src/lib/server/qualification/access';
import { buildBookingWorld } from './booking-world';

const DAY = 86_400_000;

export async function buildQualificationWorld(db: Db) {
	const w = await buildBookingWorld(db);
	const k = db.kysely;
	const instrument = await k.selectFrom('instruments').select(['facility_id', 'institution_id', 'city_id']).where('id', '=', w.instrumentId).executeTakeFirstOrThrow();
	const bjInstitution = instrument.institution_id;
	const tjInstitution = w.researcherTj.institutionId;
	const heInstitution = w.researcherHe.institutionId;
	const heCity = (await k.selectFrom('institutions').select('city_id').where('id', '=', heInstitution).executeTakeFirstOrThrow()).city_id;
	const heLab = (
		await k
			.insertInto('facilities')
			.values({ institution_id: heInstitution, name_zh: '保定测试工程中心', name_en: 'Baoding test centre', kind: 'provincial_engineering_centre', area_code: 'HE', city_id: heCity, confirmed_at: w.now, created_at: w.now })
			.returning('id')
			.executeTakeFirstOrThrow()
	).id;
	const person = async (email: string, institutionId: number, area: 'BJ' | 'TJ' | 'HE'): Promise<SessionUser> => {
		const id = (await k.insertInto('users').values({ email, name: email.split('@')[0], institution_id: institutionId, password_hash: 'x', created_at: w.now }).returning('id').executeTakeFirstOrThrow()).id;
		return { id, email, name: email.split('@')[0], institutionId, institutionName: '', areaCode: area, locale: 'zh-CN' };
	};
	const managerHe = await person('m.he@test', heInstitution, 'HE');
	const admin = await person('admin@test', bjInstitution, 'BJ');
	const evaluatorBj = await person('e.bj@test', bjInstitution, 'BJ');
	const evaluatorHe = await person('e.he@test', heInstitution, 'HE');
	const evaluatorTj = await person('e.tj@test', tjInstitution, 'TJ');
	await k
		.insertInto('role_assignments')
		.values([
			{ user_id: managerHe.id, role: 'manager', facility_id: heLab, area_code: null },
			{ user_id: admin.id, role: 'admin', facility_id: null, area_code: null },
			{ user_id: evaluatorBj.id, role: 'evaluator', facility_id: null, area_code: 'BJ' },
			{ user_id: evaluatorHe.id, role: 'evaluator', facility_id: null, area_code: 'HE' },
			{ user_id: evaluatorTj.id, role: 'evaluator', facility_id: null, area_code: 'TJ' }
		])
		.execute();
	const type = async (institutionId: number, code: string, lapseDays: number | null = null) =>
		(
			await k
				.insertInto('qualification_types')
				.values({ institution_id: institutionId, code, name_zh: `${code} 扫描电镜自主上机`, name_en: `${code} SEM self-operation`, level: 2, validity_months: 24, lapse_days: lapseDays, covers_categories: '01', created_by: null, created_at: w.now, updated_at: w.now })
				.returning('id')
				.executeTakeFirstOrThrow()
		).id;
	const semBj = await type(bjInstitution, 'SEM-BJ');
	const semTj = await type(tjInstitution, 'SEM-L2');
	const semHe = await type(heInstitution, 'SEM-HE');
	await k.updateTable('instruments').set({ required_qualification_type_id: semBj }).where('id', '=', w.instrumentId).execute();
	const actor = async (u: SessionUser) => actorOf(k, u.id, await loadRoles(db, u.id));
	return {
		...w,
		DAY,
		facilityId: instrument.facility_id,
		bjInstitution,
		tjInstitution,
		heInstitution,
		heLab,
		managerHe,
		admin,
		evaluatorBj,
		evaluatorHe,
		evaluatorTj,
		semBj,
		semTj,
		semHe,
		actor
	};
}

export type QualificationWorld = Awaited<ReturnType<typeof buildQualificationWorld>>;
