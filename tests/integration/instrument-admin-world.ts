// A small world for instrument administration tests: two facilities with a manager each, an admin,
// and a valid instrument input.
import type { Db } from '../../src/lib/server/db/dialect';
import type { Roles } from '../../src/lib/server/auth/roles';
import type { InstrumentInput } from '../../src/lib/domain/instrument/instrument-input';
import { newFacility, newInstitution, newInstrument, newUser } from './fixtures';

export const roles = (facilityIds: number[], admin = false): Roles => ({ admin, managedFacilityIds: facilityIds, evaluatorAreas: [] });

export function input(o: Partial<InstrumentInput> = {}): InstrumentInput {
	return {
		nameZh: '原子力显微镜',
		nameEn: 'Atomic force microscope',
		model: 'Dimension Icon',
		manufacturer: 'Bruker',
		categoryCode: '01',
		valueFen: 180_000_000,
		purchaseYear: 2025,
		acceptanceDate: '2025-06-02',
		accreditations: 'CMA',
		specifications: '扫描范围 90 μm',
		modes: ['self', 'assisted'],
		status: 'in_service',
		priceHourFen: 25_000,
		published: true,
		...o
	};
}

export async function instrumentAdminWorld(db: Db) {
	const inst = await newInstitution(db, { area: 'BJ', nameZh: '北京管理测试大学' });
	const facA = await newFacility(db, { institutionId: inst.id, nameZh: '甲平台' });
	// a branch site in Tianjin of the same institution
	const facB = await newFacility(db, { institutionId: inst.id, area: 'TJ', nameZh: '乙平台' });
	const managerA = await newUser(db, { institutionId: inst.id, role: 'manager', facilityId: facA.id });
	const managerB = await newUser(db, { institutionId: inst.id, role: 'manager', facilityId: facB.id });
	const admin = await newUser(db, { institutionId: inst.id, role: 'admin' });
	const instrumentB = await newInstrument(db, { facilityId: facB.id, nameZh: '乙平台的质谱仪' });
	return {
		facA,
		facB,
		instrumentB,
		a: { userId: managerA.id, roles: roles([facA.id]) },
		b: { userId: managerB.id, roles: roles([facB.id]) },
		admin: { userId: admin.id, roles: roles([], true) }
	};
}

export async function auditCount(db: Db): Promise<number> {
	const r = await db.kysely.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
	return Number(r.n);
}
