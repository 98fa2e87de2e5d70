import { describe, expect, it } from 'vitest';
import { NATIONAL_FIELDS, NATIONAL_FIELDS_NOT_HELD, feeText, fenToWanYuan, nationalObject, nationalRow, outsideMoneyByKey, type NationalInput, type NationalInstrument } from './national-record';
import { emptyMetrics, type BookingFact } from './metrics';

const instrument: NationalInstrument = {
	id: 42,
	nameZh: '场发射扫描电子显微镜',
	nameEn: 'Field-emission SEM',
	model: 'SU8230',
	manufacturer: '日立',
	categoryCode: '01',
	categoryZh: '分析仪器',
	valueFen: 3_456_789_00,
	purchaseYear: 2019,
	acceptanceDate: '2019-06-30',
	status: 'in_service',
	published: 1,
	approvalMode: 'manager',
	modes: 'self,sample',
	specifications: '分辨率 0.8 nm',
	accreditations: 'CMA,CNAS',
	institutionZh: '北京理工测试大学',
	creditCode: '12100000400000000X',
	facilityZh: '分析测试中心',
	areaZh: '北京',
	cityZh: '海淀区',
	address: '中关村南大街 5 号',
	contactPhone: '010-12345678',
	contactEmail: 'sem@example.edu.cn',
	prices: [
		{ mode: 'self', unit: 'hour', outsideFen: 40000 },
		{ mode: 'sample', unit: 'sample', outsideFen: 25050 }
	],
	priceHourFen: 50000
};

function input(over: Partial<NationalInstrument> = {}): NationalInput {
	const metrics = { ...emptyMetrics(), openHours: 2000.004, effectiveHours: 1599.125, sharedHours: 273.5, crossAreaHours: 12.345, bookings: 310, samples: 44, revenueFen: 12_345_678, voucherFen: 100_000, outsideUsers: 17, institutionsServed: 6 };
	return { instrument: { ...instrument, ...over }, figures: { year: 2025, metrics, outsideRevenueFen: 2_000_000, instrumentUrl: 'https://share.example/instruments/42' } };
}

const cell = (row: ReturnType<typeof nationalRow>, code: string) => row[NATIONAL_FIELDS.findIndex((f) => f.code === code)];

describe('national instrument record', () => {
	it('has one cell per field, with unique codes and names in both languages', () => {
		expect(nationalRow(input())).toHaveLength(NATIONAL_FIELDS.length);
		expect(new Set(NATIONAL_FIELDS.map((f) => f.code)).size).toBe(NATIONAL_FIELDS.length);
		for (const f of NATIONAL_FIELDS) {
			expect(f.zh.length, f.code).toBeGreaterThan(0);
			expect(f.en.length, f.code).toBeGreaterThan(0);
			expect(f.source.length, f.code).toBeGreaterThan(0);
			expect(f.held, f.code).toBe(f.value !== undefined);
		}
	});

	it('fills the record from the instrument, its facility and institution', () => {
		const row = nationalRow(input());
		expect(cell(row, 'name_zh')).toBe('场发射扫描电子显微镜');
		expect(cell(row, 'credit_code')).toBe('12100000400000000X');
		expect(cell(row, 'category')).toBe('分析仪器');
		expect(cell(row, 'value_wan')).toBe(345.6789);
		expect(cell(row, 'purchase_year')).toBe(2019);
		expect(cell(row, 'start_date')).toBe('2019-06-30');
		expect(cell(row, 'service_content')).toBe('自主上机、送样检测');
		expect(cell(row, 'fees')).toBe('自主上机 400.00元/小时；送样检测 250.50元/样');
		expect(cell(row, 'region')).toBe('北京 海淀区');
		expect(cell(row, 'sharing_mode')).toBe('对外开放（在线预约，审核确认）');
		expect(cell(row, 'open_status')).toBe('已开放');
		expect(cell(row, 'national_scope')).toBe('是');
		expect(cell(row, 'booking_url')).toBe('https://share.example/instruments/42');
	});

	it('gives the contact as the facility, never a person', () => {
		expect(cell(nationalRow(input()), 'contact')).toBe('分析测试中心');
	});

	it('takes the yearly figures from the metrics: hours to two decimals, money in 万元', () => {
		const row = nationalRow(input());
		expect(cell(row, 'year')).toBe(2025);
		expect(cell(row, 'open_hours')).toBe(2000);
		expect(cell(row, 'run_hours')).toBe(1599.13);
		expect(cell(row, 'external_hours')).toBe(273.5);
		expect(cell(row, 'cross_area_hours')).toBe(12.35);
		expect(cell(row, 'bookings')).toBe(310);
		expect(cell(row, 'revenue_wan')).toBe(12.345678);
		expect(cell(row, 'external_revenue_wan')).toBe(2);
		expect(cell(row, 'voucher_wan')).toBe(0.1);
		expect(cell(row, 'outside_users')).toBe(17);
	});

	it('leaves the fields we do not hold empty, and names them', () => {
		const row = nationalRow(input());
		expect(NATIONAL_FIELDS_NOT_HELD.map((f) => f.zh)).toEqual(['资产编号', '产地国别', '主要功能及特色', '主要学科领域', '支撑科研项目数', '支撑成果（论文、专利、标准）', '培训人员数', '用户评价']);
		for (const f of NATIONAL_FIELDS_NOT_HELD) expect(cell(row, f.code), f.code).toBeNull();
		expect(nationalObject(input()).country).toBeNull();
	});

	it('marks a retired or unpublished instrument as not open, and a small one as outside the national scope', () => {
		const retired = nationalRow(input({ status: 'retired' }));
		expect(cell(retired, 'run_status')).toBe('已报废');
		expect(cell(retired, 'open_status')).toBe('未开放');
		const hidden = nationalRow(input({ published: 0, valueFen: 499_999_99 }));
		expect(cell(hidden, 'sharing_mode')).toBe('不对外开放');
		expect(cell(hidden, 'national_scope')).toBe('否');
	});

	it('falls back to the listed hourly price, and to empty cells for blank text', () => {
		expect(feeText({ ...instrument, prices: [] })).toBe('500.00元/小时');
		expect(feeText({ ...instrument, prices: [], priceHourFen: 0 })).toBeNull();
		const row = nationalRow(input({ manufacturer: '  ', acceptanceDate: null, modes: '' }));
		expect(cell(row, 'manufacturer')).toBeNull();
		expect(cell(row, 'start_date')).toBeNull();
		expect(cell(row, 'service_content')).toBeNull();
	});

	it('converts fen to 万元 exactly', () => {
		expect(fenToWanYuan(1)).toBe(0.000001);
		expect(fenToWanYuan(50_000_000)).toBe(50);
	});

	it('sums only outside bookings into outside revenue', () => {
		const fact = (key: string, outside: boolean, revenueFen: number, voucherFen = 0): BookingFact => ({ key, userArea: 'BJ', instrumentArea: 'BJ', outside, status: 'completed', recognised: false, started: 1, bookedMs: 0, revenueFen, voucherFen });
		const sums = outsideMoneyByKey([fact('1', true, 100, 10), fact('1', false, 1000), fact('1', true, 50), fact('2', false, 7)]);
		expect(sums.get('1')).toEqual({ revenueFen: 150, voucherFen: 10 });
		expect(sums.has('2')).toBe(false);
	});
});
