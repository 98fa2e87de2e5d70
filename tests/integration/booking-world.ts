// A small world for booking tests, built from the shared fixtures: three areas, an institution in
// each, a Beijing facility with an FE-SEM (Mon–Fri 08:30–12:00 and 13:30–17:30, approval by a
// manager, ¥300/h), researchers from each area and managers of two different facilities.
import type { Db } from '../../src/lib/server/db/dialect';
import type { SessionUser } from '../../src/lib/server/auth/session';
import type { AreaCode } from '../../src/lib/server/db/schema';
import { loadRoles } from '../../src/lib/server/auth/roles';
import { DEFAULT_OPENING_HOURS } from '../../src/lib/domain/booking/opening-hours';
import { newFacility, newInstitution, newInstrument, newUser, type InstrumentOptions } from './fixtures';

async function sessionUser(db: Db, institutionId: number, area: AreaCode, name: string, role?: { facilityId: number }): Promise<SessionUser> {
	const u = await newUser(db, { institutionId, name, email: `${name}@test`, ...(role ? { role: 'manager' as const, facilityId: role.facilityId } : {}) });
	return { id: u.id, email: u.email, name: u.name, institutionId, institutionName: '', areaCode: area, locale: 'zh-CN' };
}

export async function buildBookingWorld(db: Db, instrument: InstrumentOptions = {}) {
	const pku = await newInstitution(db, { area: 'BJ', nameZh: '北京测试大学', kind: 'university' });
	const tju = await newInstitution(db, { area: 'TJ', nameZh: '天津测试研究所', kind: 'institute' });
	const heCo = await newInstitution(db, { area: 'HE', nameZh: '保定测试科技有限公司', kind: 'enterprise' });
	const bjLab = await newFacility(db, { institutionId: pku.id, kind: 'national_key_lab', nameZh: '测试国家重点实验室' });
	const tjLab = await newFacility(db, { institutionId: tju.id, kind: 'national_key_lab', nameZh: '天津测试重点实验室' });
	const sem = await newInstrument(db, {
		facilityId: bjLab.id,
		nameZh: '场发射扫描电子显微镜',
		nameEn: 'Field emission SEM',
		model: 'GeminiSEM 560',
		manufacturer: 'ZEISS',
		openingHours: JSON.stringify(DEFAULT_OPENING_HOURS),
		approvalMode: 'manager',
		priceHourFen: 30_000,
		...instrument
	});
	const researcherBj = await sessionUser(db, pku.id, 'BJ', 'r.bj');
	const researcherTj = await sessionUser(db, tju.id, 'TJ', 'r.tj');
	const researcherHe = await sessionUser(db, heCo.id, 'HE', 'r.he');
	const managerBj = await sessionUser(db, pku.id, 'BJ', 'm.bj', { facilityId: bjLab.id });
	const managerTj = await sessionUser(db, tju.id, 'TJ', 'm.tj', { facilityId: tjLab.id });
	return {
		/** Friday 2027-01-01 10:00 in Shanghai */
		now: Date.UTC(2027, 0, 1, 2, 0),
		/** Monday 2027-01-04 09:00 in Shanghai */
		monday9: Date.UTC(2027, 0, 4, 1, 0),
		instrumentId: sem.id,
		facilityId: bjLab.id,
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
