// A small world for booking tests: three areas, an institution in each, a Beijing facility with an
// FE-SEM, researchers from each area and managers of two different facilities.
import type { Db } from '../../src/lib/server/db/dialect';
import type { SessionUser } from '../../src/lib/server/auth/session';
import { loadRoles } from '../../src/lib/server/auth/roles';
import { DEFAULT_OPENING_HOURS } from '../../src/lib/domain/booking/opening-hours';
import { withCheckChar } from '../../src/lib/domain/institution/credit-code';

export async function buildBookingWorld(db: Db, instrumentOverrides: Record<string, unknown> = {}) {
	const k = db.kysely;
	const now = Date.UTC(2027, 0, 1, 2, 0);
	await k.insertInto('areas').values([
		{ code: 'BJ', name_zh: '北京', name_en: 'Beijing', sort_order: 1 },
		{ code: 'TJ', name_zh: '天津', name_en: 'Tianjin', sort_order: 2 },
		{ code: 'HE', name_zh: '河北', name_en: 'Hebei', sort_order: 3 }
	]).execute();
	const city = async (area: 'BJ' | 'TJ' | 'HE', zh: string, en: string) =>
		(await k.insertInto('cities').values({ area_code: area, name_zh: zh, name_en: en, kind: 'district' }).returning('id').executeTakeFirstOrThrow()).id;
	const haidian = await city('BJ', '海淀区', 'Haidian');
	const nankai = await city('TJ', '南开区', 'Nankai');
	const baoding = await city('HE', '保定', 'Baoding');
	const inst = async (zh: string, area: 'BJ' | 'TJ' | 'HE', cityId: number, body: string, kind: 'university' | 'institute' | 'enterprise') =>
		(await k.insertInto('institutions').values({ name_zh: zh, name_en: zh, kind, area_code: area, city_id: cityId, credit_code: withCheckChar(body), created_at: now }).returning('id').executeTakeFirstOrThrow()).id;
	const pku = await inst('北京测试大学', 'BJ', haidian, '12100000400000001', 'university');
	const tju = await inst('天津测试研究所', 'TJ', nankai, '12120000400000002', 'institute');
	const heCo = await inst('保定测试科技有限公司', 'HE', baoding, '91130600MA0000003', 'enterprise');
	const facility = async (zh: string, institutionId: number, area: 'BJ' | 'TJ' | 'HE', cityId: number) =>
		(await k.insertInto('facilities').values({ institution_id: institutionId, name_zh: zh, name_en: zh, kind: 'national_key_lab', area_code: area, city_id: cityId, confirmed_at: now, created_at: now }).returning('id').executeTakeFirstOrThrow()).id;
	const bjLab = await facility('测试国家重点实验室', pku, 'BJ', haidian);
	const tjLab = await facility('天津测试重点实验室', tju, 'TJ', nankai);
	const instrumentId = (
		await k
			.insertInto('instruments')
			.values({
				facility_id: bjLab,
				name_zh: '场发射扫描电子显微镜',
				name_en: 'Field emission SEM',
				model: 'GeminiSEM 560',
				manufacturer: 'ZEISS',
				category_code: '01',
				value_fen: 600_000_000,
				purchase_year: 2021,
				modes: 'self,assisted,sample',
				opening_hours: JSON.stringify(DEFAULT_OPENING_HOURS),
				approval_mode: 'manager',
				price_hour_fen: 30_000,
				area_code: 'BJ',
				city_id: haidian,
				facility_kind: 'national_key_lab',
				institution_id: pku,
				search_text: '场发射扫描电子显微镜',
				created_at: now,
				updated_at: now,
				...instrumentOverrides
			})
			.returning('id')
			.executeTakeFirstOrThrow()
	).id;
	const user = async (email: string, institutionId: number, area: 'BJ' | 'TJ' | 'HE'): Promise<SessionUser> => {
		const id = (await k.insertInto('users').values({ email, name: email.split('@')[0], institution_id: institutionId, password_hash: 'x', created_at: now }).returning('id').executeTakeFirstOrThrow()).id;
		return { id, email, name: email.split('@')[0], institutionId, institutionName: '', areaCode: area, locale: 'zh-CN' };
	};
	const researcherBj = await user('r.bj@test', pku, 'BJ');
	const researcherTj = await user('r.tj@test', tju, 'TJ');
	const researcherHe = await user('r.he@test', heCo, 'HE');
	const managerBj = await user('m.bj@test', pku, 'BJ');
	const managerTj = await user('m.tj@test', tju, 'TJ');
	await k.insertInto('role_assignments').values([
		{ user_id: managerBj.id, role: 'manager', facility_id: bjLab, area_code: null },
		{ user_id: managerTj.id, role: 'manager', facility_id: tjLab, area_code: null }
	]).execute();
	return {
		now,
		/** Monday 2027-01-04 09:00 in Shanghai */
		monday9: Date.UTC(2027, 0, 4, 1, 0),
		instrumentId,
		researcherBj,
		researcherTj,
		researcherHe,
		managerBj,
		managerTj,
		managerBjRoles: await loadRoles(db, managerBj.id),
		managerTjRoles: await loadRoles(db, managerTj.id),
		researcherRoles: await loadRoles(db, researcherBj.id)
	};
}
