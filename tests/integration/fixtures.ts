// Fixture builders for integration tests: areas with a city each, institutions, facilities,
// instruments (with their search index) and users. Every builder takes the Db first and fills
// sensible defaults, so a test states only what matters to it:
//
//   const places = await newAreas(db);
//   const inst = await newInstitution(db, { area: 'TJ' });
//   const fac = await newFacility(db, { institutionId: inst.id, kind: 'testing_centre' });
//   const sem = await newInstrument(db, { facilityId: fac.id, nameZh: '场发射扫描电子显微镜' });
//   const user = await newUser(db, { institutionId: inst.id });
import type { Db } from '../../src/lib/server/db/dialect';
import type { AreaCode, FacilityKind, InstrumentStatus, Role } from '../../src/lib/server/db/schema';
import { withCheckChar } from '../../src/lib/domain/institution/credit-code';
import { hashPassword } from '../../src/lib/server/auth/password';
import { indexInstrument } from '../../src/lib/server/catalogue/catalogue.repository';

export const FIXTURE_PASSWORD = 'fixture-pass-2026';

/** Weekdays 08:00–20:00 in the instrument's zone. */
export const WEEKDAY_HOURS = JSON.stringify([1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '08:00', end: '20:00' })));

let counter = 0;
const next = () => ++counter;

export interface Places {
	/** the one city created per area */
	cityId: Record<AreaCode, number>;
}

const placesByDb = new WeakMap<Db, Places>();

/** Seeds the three areas (北京, 天津, 河北) with one city each; safe to call again on the same Db. */
export async function newAreas(db: Db): Promise<Places> {
	const known = placesByDb.get(db);
	if (known) return known;
	const existing = await db.kysely.selectFrom('areas').select('code').execute();
	if (existing.length === 0) {
		await db.kysely
			.insertInto('areas')
			.values([
				{ code: 'BJ', name_zh: '北京', name_en: 'Beijing', sort_order: 1 },
				{ code: 'TJ', name_zh: '天津', name_en: 'Tianjin', sort_order: 2 },
				{ code: 'HE', name_zh: '河北', name_en: 'Hebei', sort_order: 3 }
			])
			.execute();
	}
	const cityId = {} as Record<AreaCode, number>;
	const seeds: [AreaCode, string, string, string][] = [
		['BJ', '海淀区', 'Haidian', 'district'],
		['TJ', '滨海新区', 'Binhai', 'district'],
		['HE', '保定', 'Baoding', 'city']
	];
	for (const [area, nameZh, nameEn, kind] of seeds) {
		const found = await db.kysely.selectFrom('cities').select('id').where('area_code', '=', area).where('name_zh', '=', nameZh).executeTakeFirst();
		cityId[area] =
			found?.id ??
			(await db.kysely.insertInto('cities').values({ area_code: area, name_zh: nameZh, name_en: nameEn, kind }).returning('id').executeTakeFirstOrThrow()).id;
	}
	const places = { cityId };
	placesByDb.set(db, places);
	return places;
}

/** Adds another city to an area. */
export async function newCity(db: Db, area: AreaCode, nameZh: string, nameEn = nameZh) {
	await newAreas(db);
	return db.kysely.insertInto('cities').values({ area_code: area, name_zh: nameZh, name_en: nameEn, kind: 'district' }).returning(['id', 'area_code']).executeTakeFirstOrThrow();
}

export async function newInstitution(
	db: Db,
	o: { area?: AreaCode; cityId?: number; nameZh?: string; nameEn?: string; kind?: 'university' | 'institute' | 'enterprise' | 'government' | 'service' } = {}
) {
	const places = await newAreas(db);
	const n = next();
	const area = o.area ?? 'BJ';
	const body = `91${area === 'BJ' ? '110000' : area === 'TJ' ? '120000' : '130000'}${String(n + process.pid * 1000).padStart(9, '0').slice(-9)}`;
	return db.kysely
		.insertInto('institutions')
		.values({
			name_zh: o.nameZh ?? `测试单位${n}`,
			name_en: o.nameEn ?? `Test Institution ${n}`,
			kind: o.kind ?? 'university',
			area_code: area,
			city_id: o.cityId ?? places.cityId[area],
			credit_code: withCheckChar(body),
			created_at: Date.now()
		})
		.returningAll()
		.executeTakeFirstOrThrow();
}

/** A facility; by default in its institution's area and city (pass area for a branch site elsewhere). */
export async function newFacility(
	db: Db,
	o: { institutionId?: number; area?: AreaCode; cityId?: number; kind?: FacilityKind; nameZh?: string; nameEn?: string } = {}
) {
	const places = await newAreas(db);
	const institution = o.institutionId
		? await db.kysely.selectFrom('institutions').selectAll().where('id', '=', o.institutionId).executeTakeFirstOrThrow()
		: await newInstitution(db, { area: o.area });
	const area = o.area ?? institution.area_code;
	const n = next();
	const now = Date.now();
	return db.kysely
		.insertInto('facilities')
		.values({
			institution_id: institution.id,
			name_zh: o.nameZh ?? `测试平台${n}`,
			name_en: o.nameEn ?? `Test Facility ${n}`,
			kind: o.kind ?? 'testing_centre',
			area_code: area,
			city_id: o.cityId ?? (area === institution.area_code ? institution.city_id : places.cityId[area]),
			confirmed_at: now,
			created_at: now
		})
		.returningAll()
		.executeTakeFirstOrThrow();
}

export interface InstrumentOptions {
	facilityId?: number;
	nameZh?: string;
	nameEn?: string;
	model?: string;
	manufacturer?: string;
	categoryCode?: string;
	valueFen?: number;
	purchaseYear?: number;
	status?: InstrumentStatus;
	modes?: string;
	published?: boolean;
	openingHours?: string;
	approvalMode?: 'auto' | 'manager' | 'auto_internal';
	crossAreaNeedsApproval?: boolean;
	priceHourFen?: number;
}

/** An instrument, denormalised from its facility and indexed for search (search_text + bigrams). */
export async function newInstrument(db: Db, o: InstrumentOptions = {}) {
	const facility = o.facilityId
		? await db.kysely.selectFrom('facilities').selectAll().where('id', '=', o.facilityId).executeTakeFirstOrThrow()
		: await newFacility(db);
	const n = next();
	const now = Date.now();
	const row = await db.kysely
		.insertInto('instruments')
		.values({
			facility_id: facility.id,
			name_zh: o.nameZh ?? `测试仪器${n}`,
			name_en: o.nameEn ?? `Test instrument ${n}`,
			model: o.model ?? `M-${n}`,
			manufacturer: o.manufacturer ?? 'Test Maker',
			category_code: o.categoryCode ?? '01',
			value_fen: o.valueFen ?? 100_000_000,
			purchase_year: o.purchaseYear ?? 2020,
			status: o.status ?? 'in_service',
			modes: o.modes ?? 'self,assisted,sample',
			published: o.published === false ? 0 : 1,
			opening_hours: o.openingHours ?? WEEKDAY_HOURS,
			approval_mode: o.approvalMode ?? 'manager',
			cross_area_needs_approval: o.crossAreaNeedsApproval === false ? 0 : 1,
			price_hour_fen: o.priceHourFen ?? 30_000,
			area_code: facility.area_code,
			city_id: facility.city_id,
			facility_kind: facility.kind,
			institution_id: facility.institution_id,
			search_text: '',
			created_at: now,
			updated_at: now
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	await indexInstrument(db.kysely, row.id);
	return db.kysely.selectFrom('instruments').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow();
}

let passwordHash: Promise<string> | undefined;

/** A user (password FIXTURE_PASSWORD, hashed once per test process), optionally with one role. */
export async function newUser(
	db: Db,
	o: { institutionId?: number; area?: AreaCode; email?: string; name?: string; role?: Role; facilityId?: number; roleArea?: AreaCode | null } = {}
) {
	passwordHash ??= hashPassword(FIXTURE_PASSWORD);
	const institutionId = o.institutionId ?? (await newInstitution(db, { area: o.area })).id;
	const n = next();
	const user = await db.kysely
		.insertInto('users')
		.values({
			email: o.email ?? `user${n}.${process.pid}@test.jjj`,
			name: o.name ?? `测试用户${n}`,
			institution_id: institutionId,
			password_hash: await passwordHash,
			locale: 'zh-CN',
			created_at: Date.now(),
			disabled: 0
		})
		.returningAll()
		.executeTakeFirstOrThrow();
	if (o.role) {
		await db.kysely
			.insertInto('role_assignments')
			.values({ user_id: user.id, role: o.role, facility_id: o.facilityId ?? null, area_code: o.roleArea ?? null })
			.execute();
	}
	return user;
}
