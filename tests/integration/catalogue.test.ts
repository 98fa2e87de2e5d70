// Catalogue search, facets and facility counts on a fresh database: SQLite always, PostgreSQL
// when TEST_DATABASE_URL is set (the same tests, the same Kysely code).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, type TestDb } from './test-db';
import { newFacility, newInstitution, newInstrument } from './fixtures';
import {
	checkHealth,
	getFacilityCounts,
	getFacilityDetail,
	getHomeSummary,
	getInstrumentDetail,
	listFacilityPage,
	searchInstruments
} from '../../src/lib/server/catalogue/catalogue.service';
import { instrumentQuerySchema, type InstrumentQuery } from '../../src/lib/server/catalogue/catalogue.query';

function catalogueSuite(kind: 'sqlite' | 'postgres') {
	let db: TestDb;
	const ids: Record<string, number> = {};
	const query = (q: Partial<Record<keyof InstrumentQuery, string | number>> = {}) => instrumentQuerySchema.parse(q);
	const search = (q: Partial<Record<keyof InstrumentQuery, string | number>> = {}) => searchInstruments(db, query(q));
	const names = async (q: Partial<Record<keyof InstrumentQuery, string | number>>) =>
		(await search({ pageSize: 100, ...q })).items.map((i) => i.name_zh).sort();

	beforeAll(async () => {
		db = await openTestDb(kind);
		const pku = await newInstitution(db, { area: 'BJ', nameZh: '北京测试大学', nameEn: 'Beijing Test University' });
		const tju = await newInstitution(db, { area: 'TJ', nameZh: '天津测试研究院', nameEn: 'Tianjin Test Institute' });
		const bjLab = await newFacility(db, { institutionId: pku.id, kind: 'national_key_lab', nameZh: '材料国家重点实验室', nameEn: 'State Key Lab of Materials' });
		// A Beijing university's branch centre in Tianjin counts as Tianjin.
		const tjBranch = await newFacility(db, { institutionId: pku.id, area: 'TJ', kind: 'national_engineering_centre', nameZh: '滨海分析测试中心' });
		const tjLab = await newFacility(db, { institutionId: tju.id, kind: 'provincial_key_lab', nameZh: '天津化学重点实验室' });
		const heSpace = await newFacility(db, { area: 'HE', kind: 'maker_space' });
		const add = async (key: string, o: Parameters<typeof newInstrument>[1]) => (ids[key] = (await newInstrument(db, o)).id);
		await add('fesem', { facilityId: bjLab.id, nameZh: '场发射扫描电子显微镜', nameEn: 'Field emission scanning electron microscope', model: 'GeminiSEM 560', manufacturer: 'Carl Zeiss', valueFen: 500_000_000, purchaseYear: 2021, modes: 'self,assisted' });
		await add('sem', { facilityId: tjBranch.id, nameZh: '扫描电子显微镜', nameEn: 'Scanning electron microscope', model: 'SU8600', manufacturer: 'Hitachi', valueFen: 200_000_000, purchaseYear: 2018, modes: 'assisted,sample' });
		await add('tem', { facilityId: tjLab.id, nameZh: '透射电子显微镜', nameEn: 'Transmission electron microscope', model: 'JEM-F200', manufacturer: 'JEOL', valueFen: 900_000_000, purchaseYear: 2023, modes: 'sample' });
		await add('nmr', { facilityId: tjLab.id, nameZh: '核磁共振波谱仪', nameEn: 'Nuclear magnetic resonance spectrometer', model: 'AVANCE NEO 600', manufacturer: 'Bruker', categoryCode: '01', modes: 'assisted,sample' });
		await add('lcms', { facilityId: bjLab.id, nameZh: '液相色谱-质谱联用仪', nameEn: 'Liquid chromatograph mass spectrometer', model: 'Q Exactive', manufacturer: 'Thermo Fisher', modes: 'sample' });
		await add('laser', { facilityId: heSpace.id, nameZh: '飞秒激光器', nameEn: 'Femtosecond laser', model: '100%_Power\\X', manufacturer: 'Coherent', categoryCode: '11', modes: 'self' });
		await add('hidden', { facilityId: bjLab.id, nameZh: '未发布的显微镜', nameEn: 'Unpublished microscope', published: false });
		await add('retired', { facilityId: bjLab.id, nameZh: '已报废的光学显微镜', nameEn: 'Retired optical microscope', status: 'retired' });
		await add('repair', { facilityId: tjLab.id, nameZh: '维修中的体视显微镜', nameEn: 'Stereo microscope', status: 'maintenance', categoryCode: '02' });
	});
	afterAll(async () => {
		await db?.cleanup();
	});

	describe('search', () => {
		it('finds a Chinese substring inside a longer name: 显微镜 finds 场发射扫描电子显微镜', async () => {
			expect(await names({ q: '显微镜' })).toEqual(['场发射扫描电子显微镜', '扫描电子显微镜', '维修中的体视显微镜', '透射电子显微镜'].sort());
		});
		it('expands the abbreviation 电镜 to 电子显微镜', async () => {
			expect(await names({ q: '电镜' })).toEqual(['场发射扫描电子显微镜', '扫描电子显微镜', '透射电子显微镜'].sort());
		});
		it('expands NMR to 核磁共振 and finds 核磁共振波谱仪', async () => {
			expect(await names({ q: 'NMR' })).toEqual(['核磁共振波谱仪']);
			expect(await names({ q: '核磁' })).toEqual(['核磁共振波谱仪']);
		});
		it('matches a two-character query: 质谱', async () => {
			expect(await names({ q: '质谱' })).toEqual(['液相色谱-质谱联用仪']);
		});
		it('matches English case-insensitively, on names, model and manufacturer', async () => {
			expect(await names({ q: 'ELECTRON Microscope' })).toEqual(['场发射扫描电子显微镜', '扫描电子显微镜', '透射电子显微镜'].sort());
			expect(await names({ q: 'geminisem' })).toEqual(['场发射扫描电子显微镜']);
			expect(await names({ q: 'zeiss' })).toEqual(['场发射扫描电子显微镜']);
		});
		it('searches facility and institution names', async () => {
			expect(await names({ q: '滨海分析' })).toEqual(['扫描电子显微镜']);
			expect(await names({ q: '天津测试研究院' })).toEqual(['核磁共振波谱仪', '透射电子显微镜', '维修中的体视显微镜'].sort());
		});
		it('treats % and _ and \\ in the query literally', async () => {
			expect(await names({ q: '100%_power' })).toEqual(['飞秒激光器']);
			expect(await names({ q: '%' })).toEqual(['飞秒激光器']);
			expect(await names({ q: '_' })).toEqual(['飞秒激光器']);
			expect(await names({ q: 'power\\x' })).toEqual(['飞秒激光器']);
			expect(await names({ q: '0__p' })).toEqual([]);
			expect(await names({ q: '10%' })).toEqual([]);
		});
		it('falls back to a substring test for one character', async () => {
			expect(await names({ q: '镜' })).toEqual(['场发射扫描电子显微镜', '扫描电子显微镜', '维修中的体视显微镜', '透射电子显微镜'].sort());
		});
		it('requires every word of a multi-word query (AND)', async () => {
			expect(await names({ q: '显微镜 天津' })).toEqual(['维修中的体视显微镜', '透射电子显微镜'].sort());
			expect(await names({ q: '显微镜 质谱' })).toEqual([]);
		});
		it('finds nothing for text no instrument has', async () => {
			const r = await search({ q: '不存在的仪器名称' });
			expect(r.total).toBe(0);
			expect(r.items).toEqual([]);
		});
		it('ranks name matches first under relevance', async () => {
			const r = await search({ q: '滨海' });
			expect(r.items.map((i) => i.name_zh)).toEqual(['扫描电子显微镜']);
			const micro = await search({ q: 'microscope', sort: 'relevance' });
			expect(micro.items.length).toBe(4);
		});
	});

	describe('filters, facets and pagination', () => {
		it('combines search with area, kind, mode and category filters', async () => {
			expect(await names({ q: '显微镜', area: 'TJ' })).toEqual(['扫描电子显微镜', '维修中的体视显微镜', '透射电子显微镜'].sort());
			expect(await names({ q: '显微镜', area: 'TJ', kind: 'national_engineering_centre' })).toEqual(['扫描电子显微镜']);
			expect(await names({ q: '显微镜', mode: 'self' })).toEqual(['场发射扫描电子显微镜', '维修中的体视显微镜'].sort());
			expect(await names({ q: '显微镜', category: '02' })).toEqual(['维修中的体视显微镜']);
			expect(await names({ mode: 'self' })).toEqual(['场发射扫描电子显微镜', '飞秒激光器', '维修中的体视显微镜'].sort());
		});
		it('filters by city', async () => {
			const bjCity = (await search({ q: 'geminisem' })).items[0].city_id;
			expect(await names({ city: bjCity, q: '显微镜' })).toEqual(['场发射扫描电子显微镜']);
		});
		it('hides unpublished instruments everywhere and retired ones unless asked', async () => {
			expect(await names({ q: '未发布' })).toEqual([]);
			expect(await getInstrumentDetail(db, ids.hidden)).toBeNull();
			expect(await names({ q: '报废' })).toEqual([]);
			expect(await names({ q: '报废', status: 'retired' })).toEqual(['已报废的光学显微镜']);
			expect(await names({ status: 'maintenance' })).toEqual(['维修中的体视显微镜']);
		});
		it('counts each facet with the other filters applied and its own left out', async () => {
			const r = await search({ q: '显微镜', area: 'TJ' });
			expect(r.total).toBe(3);
			const count = (facet: { value: string; count: number }[]) => Object.fromEntries(facet.map((f) => [f.value, f.count]));
			expect(count(r.facets.area)).toEqual({ BJ: 1, TJ: 3 });
			expect(count(r.facets.kind)).toEqual({ national_engineering_centre: 1, provincial_key_lab: 2 });
			expect(count(r.facets.category)).toEqual({ '01': 2, '02': 1 });
			expect(count(r.facets.mode)).toEqual({ self: 1, assisted: 2, sample: 3 });
			expect(r.facets.city).toHaveLength(1);
			expect(r.facets.city[0]).toMatchObject({ count: 3, label: { zh: '滨海新区', en: 'Binhai' } });
			expect(r.facets.area.find((a) => a.value === 'TJ')?.label).toEqual({ zh: '天津', en: 'Tianjin' });
			expect(r.facets.kind.find((k) => k.value === 'national_engineering_centre')?.label).toEqual({ zh: '国家工程技术研究中心', en: 'National engineering technology research centre' });
			const withMode = await search({ q: '显微镜', area: 'TJ', mode: 'self' });
			expect(withMode.total).toBe(1);
			expect(count(withMode.facets.mode)).toEqual({ self: 1, assisted: 2, sample: 3 });
			expect(count(withMode.facets.area)).toEqual({ BJ: 1, TJ: 1 });
			expect(count(withMode.facets.kind)).toEqual({ provincial_key_lab: 1 });
		});
		it('pages through results with a stable total', async () => {
			const all = await search({ pageSize: 100, sort: 'name' });
			expect(all.total).toBe(7);
			const p1 = await search({ pageSize: 3, page: 1, sort: 'name' });
			const p3 = await search({ pageSize: 3, page: 3, sort: 'name' });
			expect(p1).toMatchObject({ total: 7, pages: 3, page: 1, pageSize: 3 });
			expect(p1.items).toHaveLength(3);
			expect(p3.items.map((i) => i.id)).toEqual([all.items[6].id]);
			expect((await search({ pageSize: 3, page: 4 })).items).toEqual([]);
		});
		it('sorts by value and by purchase year', async () => {
			expect((await search({ sort: 'value' })).items[0].name_zh).toBe('透射电子显微镜');
			expect((await search({ q: '电镜', sort: 'newest' })).items.map((i) => i.purchase_year)).toEqual([2023, 2021, 2018]);
		});
		it('returns display names for each result', async () => {
			const [sem] = (await search({ q: 'SU8600' })).items;
			expect(sem).toMatchObject({ facility_name_zh: '滨海分析测试中心', institution_name_zh: '北京测试大学', area_code: 'TJ', city_name_zh: '滨海新区', modeList: ['assisted', 'sample'] });
		});
	});

	describe('details and facilities', () => {
		it('returns an instrument with names of its facility, institution, city and area', async () => {
			const d = await getInstrumentDetail(db, ids.sem, 'en');
			expect(d).toMatchObject({ name_zh: '扫描电子显微镜', facility_name_zh: '滨海分析测试中心', institution_name_en: 'Beijing Test University', city_name_en: 'Binhai', area_name_zh: '天津', area_name_en: 'Tianjin', category_name: 'Analytical instruments', category_name_zh: '分析仪器', modeList: ['assisted', 'sample'] });
			expect(await getInstrumentDetail(db, 999_999)).toBeNull();
		});
		it('counts facilities by kind, by area and by both', async () => {
			const c = await getFacilityCounts(db);
			expect(c.total).toBe(4);
			expect(c.byKind).toMatchObject({ national_key_lab: 1, national_engineering_centre: 1, provincial_key_lab: 1, maker_space: 1, incubator: 0 });
			expect(c.byArea).toEqual({ BJ: 1, TJ: 2, HE: 1 });
			expect(c.byKindAndArea.national_engineering_centre).toEqual({ BJ: 0, TJ: 1, HE: 0 });
		});
		it('lists facilities by area and kind, marking a branch in another area than its institution', async () => {
			const tj = await listFacilityPage(db, { area: 'TJ', page: 1, pageSize: 20 });
			expect(tj.total).toBe(2);
			const branch = tj.items.find((f) => f.name_zh === '滨海分析测试中心');
			expect(branch).toMatchObject({ crossArea: true, institution_area_code: 'BJ', instrument_count: 1 });
			expect(tj.items.find((f) => f.name_zh === '天津化学重点实验室')).toMatchObject({ crossArea: false, instrument_count: 3 });
			const labs = await listFacilityPage(db, { kind: 'national_key_lab', page: 1, pageSize: 20 });
			expect(labs.items.map((f) => f.name_zh)).toEqual(['材料国家重点实验室']);
			expect(labs.counts.total).toBe(4);
		});
		it('shows a facility with a page of its listed instruments', async () => {
			const tjLabId = (await listFacilityPage(db, { kind: 'provincial_key_lab', page: 1, pageSize: 20 })).items[0].id;
			const d = await getFacilityDetail(db, tjLabId, { page: 1, pageSize: 2 });
			expect(d?.facility).toMatchObject({ name_zh: '天津化学重点实验室', institution_name_zh: '天津测试研究院', crossArea: false });
			expect(d?.instruments).toMatchObject({ total: 3, pages: 2 });
			expect(d?.instruments.items).toHaveLength(2);
			expect(await getFacilityDetail(db, 999_999, { page: 1, pageSize: 20 })).toBeNull();
		});
		it('summarises the home page and answers the health check', async () => {
			expect(await getHomeSummary(db)).toMatchObject({ instrumentCount: 7, counts: { total: 4 } });
			expect(await checkHealth(db)).toEqual({ status: 'ok', database: kind });
		});
	});
}

describe('catalogue on SQLite', () => catalogueSuite('sqlite'));

describe.skipIf(!process.env.TEST_DATABASE_URL)(
	process.env.TEST_DATABASE_URL
		? 'catalogue on PostgreSQL'
		: 'catalogue on PostgreSQL — skipped: set TEST_DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/postgres) to run it',
	() => catalogueSuite('postgres')
);
