// The instrument record in the shape the national network management platform collects
// (国家重大科研基础设施和大型科研仪器国家网络管理平台): the instrument's record (仪器信息) followed by
// its yearly 运行使用 / 开放共享 figures, and how each field is filled from what this platform holds.
//
// The national template itself is not public in a machine-readable form; the field list follows
// the fields its record and the yearly evaluation forms ask for (评价考核 notices such as
// 国科办基〔2021〕63号 and the provincial 大型科研仪器协作共用网 forms that mirror them). Cells are
// in the units those forms use: 原值 and money in 万元, hours in hours.
//
// Where a field comes from (plain words; `source` below says the same per field):
// - the record: instruments (names, model, manufacturer, top-level category code, value, purchase
//   year, acceptance date as 启用日期, specifications, service modes, accreditations, status,
//   publication, approval mode), its facility (name, address, city, service phone and e-mail), its
//   institution (name, 统一社会信用代码), and the outside-user prices (price_rules, else the listed
//   hourly price).
// - the yearly figures: the statistics metrics of the instrument for the chosen calendar year
//   (src/lib/domain/statistics/metrics.ts): open hours, effective hours (年运行机时), shared hours
//   (年对外服务机时), cross-area hours, bookings, samples, revenue, voucher-paid amount, outside users
//   and institutions served; 对外服务收入 is the revenue of bookings and sample requests by users from another institution.
// - 联系人 is the facility's service desk (its name, phone and e-mail), never a person: this
//   platform does not hand out personal names.
//
// Fields we do not hold are left empty and marked held: false: 资产编号 (the owner's asset number),
// 产地国别, 主要功能及特色, 主要学科领域, 支撑科研项目数, 支撑成果 (papers, patents, standards),
// 培训人员数 and 用户评价. The category is the classification's top level only (two digits), and
// the purchase date is the year only (购置年份).
import type { BookingFact, BookingSum, Metrics, SampleFact } from './metrics';

export type NationalCell = string | number | null;

/** Everything the record needs about one instrument (no people). */
export interface NationalInstrument {
	id: number;
	nameZh: string;
	nameEn: string;
	model: string;
	manufacturer: string;
	categoryCode: string;
	categoryZh: string | null;
	valueFen: number;
	purchaseYear: number;
	/** 验收日期 "YYYY-MM-DD", used as 启用日期 */
	acceptanceDate: string | null;
	status: 'in_service' | 'maintenance' | 'retired';
	published: number;
	approvalMode: 'auto' | 'manager' | 'auto_internal';
	/** comma-separated 'self' | 'assisted' | 'sample' */
	modes: string;
	specifications: string;
	/** the instrument's accreditations, else its facility's (comma-separated, e.g. "CMA,CNAS") */
	accreditations: string;
	institutionZh: string;
	creditCode: string;
	facilityZh: string;
	areaZh: string;
	cityZh: string | null;
	address: string;
	contactPhone: string;
	contactEmail: string;
	/** prices for outside users, one per mode */
	prices: { mode: string; unit: 'hour' | 'sample'; outsideFen: number }[];
	/** the listed hourly price for outside users, used when there are no price rules */
	priceHourFen: number;
}

/** The instrument's figures for the year: its metrics and what outside users paid. */
export interface NationalYear {
	year: number;
	metrics: Metrics;
	outsideRevenueFen: number;
	/** the booking page of the instrument on this platform */
	instrumentUrl: string;
}

export interface NationalInput {
	instrument: NationalInstrument;
	figures: NationalYear;
}

export interface NationalField {
	/** stable key (API, tests) */
	code: string;
	zh: string;
	en: string;
	/** where the value comes from, or why it is empty */
	source: string;
	held: boolean;
	value?: (input: NationalInput) => NationalCell;
}

/** Large instruments the national platform collects: original value of at least 500,000 yuan. */
const NATIONAL_SCOPE_FEN = 500_000 * 100;

const MODE_ZH: Record<string, string> = { self: '自主上机', assisted: '机时服务（技术人员操作）', sample: '送样检测' };
const MODE_ORDER = ['self', 'assisted', 'sample'];
const STATUS_ZH: Record<NationalInstrument['status'], string> = { in_service: '正常', maintenance: '维修维护', retired: '已报废' };
const APPROVAL_ZH: Record<NationalInstrument['approvalMode'], string> = {
	auto: '对外开放（在线预约，自动确认）',
	manager: '对外开放（在线预约，审核确认）',
	auto_internal: '对外开放（在线预约，本单位自动确认、外单位审核）'
};

/** fen → 万元 (exact to the fen: 1 万元 = 1,000,000 fen). */
export function fenToWanYuan(fen: number): number {
	return fen / 1_000_000;
}

/** Hours to two decimals, as the workspace's tables show them. */
export function hours2(h: number): number {
	return Math.round(h * 100) / 100;
}

const text = (s: string | null | undefined): NationalCell => (s && s.trim() !== '' ? s.trim() : null);

/** 收费标准: each mode's outside price, else the listed hourly price; null when no price is stated. */
export function feeText(i: NationalInstrument): string | null {
	const yuan = (fen: number) => (fen / 100).toFixed(2);
	if (i.prices.length > 0) {
		return i.prices
			.slice()
			.sort((a, b) => MODE_ORDER.indexOf(a.mode) - MODE_ORDER.indexOf(b.mode))
			.map((p) => `${MODE_ZH[p.mode] ?? p.mode} ${yuan(p.outsideFen)}元/${p.unit === 'hour' ? '小时' : '样'}`)
			.join('；');
	}
	return i.priceHourFen > 0 ? `${yuan(i.priceHourFen)}元/小时` : null;
}

/** 服务内容: the service modes offered, in the national forms' words. */
export function serviceText(modes: string): string | null {
	const list = modes
		.split(',')
		.map((m) => m.trim())
		.filter((m) => m in MODE_ZH)
		.map((m) => MODE_ZH[m]);
	return list.length > 0 ? list.join('、') : null;
}

/** Open to outside users: published and not retired. */
export function isOpen(i: Pick<NationalInstrument, 'published' | 'status'>): boolean {
	return i.published === 1 && i.status !== 'retired';
}

const notHeld = (code: string, zh: string, en: string, source: string): NationalField => ({ code, zh, en, source, held: false });
const m = (f: (x: Metrics) => number) => (x: NationalInput) => f(x.figures.metrics);

/** The record's columns in order: each with its Chinese and English name, its source, and whether we hold it. */
export const NATIONAL_FIELDS: NationalField[] = [
	{ code: 'platform_id', zh: '平台仪器编号', en: 'Instrument id on this platform', source: 'instruments.id', held: true, value: (x) => x.instrument.id },
	notHeld('asset_no', '资产编号', 'Asset number', "the owner's asset register is not kept here"),
	{ code: 'name_zh', zh: '仪器名称', en: 'Name', source: 'instruments.name_zh', held: true, value: (x) => text(x.instrument.nameZh) },
	{ code: 'name_en', zh: '英文名称', en: 'English name', source: 'instruments.name_en', held: true, value: (x) => text(x.instrument.nameEn) },
	{ code: 'category_code', zh: '仪器分类编码', en: 'Category code', source: 'instruments.category_code (top level of the classification only)', held: true, value: (x) => text(x.instrument.categoryCode) },
	{ code: 'category', zh: '仪器分类', en: 'Category', source: 'name of the top-level category', held: true, value: (x) => text(x.instrument.categoryZh) },
	{ code: 'institution', zh: '所属单位', en: 'Institution', source: 'institutions.name_zh', held: true, value: (x) => text(x.instrument.institutionZh) },
	{ code: 'credit_code', zh: '所在单位统一社会信用代码', en: 'Unified social credit code', source: 'institutions.credit_code (check character validated on entry)', held: true, value: (x) => text(x.instrument.creditCode) },
	{ code: 'facility', zh: '所在平台（实验室）', en: 'Facility', source: 'facilities.name_zh', held: true, value: (x) => text(x.instrument.facilityZh) },
	{ code: 'value_wan', zh: '原值（万元）', en: 'Original value (10,000 yuan)', source: 'instruments.value_fen ÷ 1,000,000', held: true, value: (x) => fenToWanYuan(x.instrument.valueFen) },
	{ code: 'purchase_year', zh: '购置年份', en: 'Purchase year', source: 'instruments.purchase_year (the year only; no purchase day is held)', held: true, value: (x) => x.instrument.purchaseYear },
	{ code: 'start_date', zh: '启用日期', en: 'In service since', source: 'instruments.acceptance_date (验收日期)', held: true, value: (x) => text(x.instrument.acceptanceDate) },
	{ code: 'manufacturer', zh: '生产制造商', en: 'Manufacturer', source: 'instruments.manufacturer', held: true, value: (x) => text(x.instrument.manufacturer) },
	{ code: 'model', zh: '规格型号', en: 'Model', source: 'instruments.model', held: true, value: (x) => text(x.instrument.model) },
	notHeld('country', '产地国别', 'Country of origin', 'not collected on this platform'),
	{ code: 'specifications', zh: '主要技术指标', en: 'Main specifications', source: 'instruments.specifications', held: true, value: (x) => text(x.instrument.specifications) },
	notHeld('functions', '主要功能及特色', 'Main functions and features', 'not collected separately from the specifications'),
	notHeld('subject', '主要学科领域', 'Main subject areas', 'not collected on this platform'),
	{ code: 'service_content', zh: '服务内容', en: 'Services offered', source: 'instruments.modes (self-operated, staff-assisted, sample testing)', held: true, value: (x) => serviceText(x.instrument.modes) },
	{ code: 'fees', zh: '收费标准', en: 'Fees for outside users', source: 'price_rules.outside_fen per mode, else instruments.price_hour_fen', held: true, value: (x) => feeText(x.instrument) },
	{ code: 'accreditations', zh: '认证情况', en: 'Accreditations', source: "instruments.accreditations, else the facility's", held: true, value: (x) => text(x.instrument.accreditations) },
	{ code: 'region', zh: '所在地区', en: 'Region', source: "the facility's area and city", held: true, value: (x) => text([x.instrument.areaZh, x.instrument.cityZh].filter(Boolean).join(' ')) },
	{ code: 'address', zh: '安放地址', en: 'Location', source: 'facilities.address', held: true, value: (x) => text(x.instrument.address) },
	{ code: 'contact', zh: '联系人', en: 'Contact', source: "the facility's service desk (its name), never a person", held: true, value: (x) => text(x.instrument.facilityZh) },
	{ code: 'phone', zh: '联系电话', en: 'Phone', source: 'facilities.contact_phone', held: true, value: (x) => text(x.instrument.contactPhone) },
	{ code: 'email', zh: '电子邮箱', en: 'E-mail', source: 'facilities.contact_email', held: true, value: (x) => text(x.instrument.contactEmail) },
	{ code: 'booking_url', zh: '预约服务网址', en: 'Booking page', source: 'the instrument page on this platform', held: true, value: (x) => x.figures.instrumentUrl },
	{ code: 'run_status', zh: '运行状态', en: 'Operating status', source: 'instruments.status', held: true, value: (x) => STATUS_ZH[x.instrument.status] },
	{ code: 'sharing_mode', zh: '共享模式', en: 'Sharing mode', source: 'instruments.published and approval_mode', held: true, value: (x) => (isOpen(x.instrument) ? APPROVAL_ZH[x.instrument.approvalMode] : '不对外开放') },
	{ code: 'open_status', zh: '开放共享状态', en: 'Open to outside users', source: 'published and not retired', held: true, value: (x) => (isOpen(x.instrument) ? '已开放' : '未开放') },
	{ code: 'national_scope', zh: '纳入国家平台范围（原值≥50万元）', en: 'In the national scope (value ≥ 500,000 yuan)', source: 'instruments.value_fen', held: true, value: (x) => (x.instrument.valueFen >= NATIONAL_SCOPE_FEN ? '是' : '否') },
	{ code: 'year', zh: '统计年度', en: 'Year', source: 'the chosen calendar year (Asia/Shanghai)', held: true, value: (x) => x.figures.year },
	{ code: 'open_hours', zh: '年开放机时', en: 'Open hours', source: 'metric openHours', held: true, value: m((x) => hours2(x.openHours)) },
	{ code: 'run_hours', zh: '年运行机时（有效机时）', en: 'Effective hours', source: 'metric effectiveHours (usage records)', held: true, value: m((x) => hours2(x.effectiveHours)) },
	{ code: 'external_hours', zh: '年对外服务机时', en: 'External service hours', source: 'metric sharedHours (users from another institution)', held: true, value: m((x) => hours2(x.sharedHours)) },
	{ code: 'cross_area_hours', zh: '其中跨区域服务机时', en: 'of which cross-area hours', source: 'metric crossAreaHours', held: true, value: m((x) => hours2(x.crossAreaHours)) },
	{ code: 'bookings', zh: '年预约服务次数', en: 'Bookings', source: 'metric bookings', held: true, value: m((x) => x.bookings) },
	{ code: 'samples', zh: '年送样检测样品数', en: 'Samples tested', source: 'metric samples', held: true, value: m((x) => x.samples) },
	{ code: 'revenue_wan', zh: '年服务收入（万元）', en: 'Service revenue (10,000 yuan)', source: 'metric revenueFen', held: true, value: m((x) => fenToWanYuan(x.revenueFen)) },
	{ code: 'external_revenue_wan', zh: '其中对外服务收入（万元）', en: 'of which from outside users (10,000 yuan)', source: 'revenue of bookings and sample requests by users from another institution', held: true, value: (x) => fenToWanYuan(x.figures.outsideRevenueFen) },
	{ code: 'voucher_wan', zh: '其中创新券支付（万元）', en: 'of which paid by innovation vouchers (10,000 yuan)', source: 'metric voucherFen', held: true, value: m((x) => fenToWanYuan(x.voucherFen)) },
	{ code: 'outside_users', zh: '对外服务用户数', en: 'Outside users', source: 'metric outsideUsers', held: true, value: m((x) => x.outsideUsers) },
	{ code: 'institutions_served', zh: '服务外单位数', en: 'Outside institutions served', source: 'metric institutionsServed', held: true, value: m((x) => x.institutionsServed) },
	notHeld('projects', '支撑科研项目数', 'Research projects supported', 'bookings carry free-text projects, not counted project records'),
	notHeld('achievements', '支撑成果（论文、专利、标准）', 'Results supported (papers, patents, standards)', 'not collected on this platform'),
	notHeld('trainees', '培训人员数', 'People trained', 'qualifications are recorded, trainings are not counted'),
	notHeld('rating', '用户评价', 'User rating', 'not collected on this platform')
];

/** The fields left empty because this platform does not hold them. */
export const NATIONAL_FIELDS_NOT_HELD = NATIONAL_FIELDS.filter((f) => !f.held);

/** One instrument's record: a cell per NATIONAL_FIELDS column, null where the value is empty or not held. */
export function nationalRow(input: NationalInput): NationalCell[] {
	return NATIONAL_FIELDS.map((f) => (f.value ? f.value(input) : null));
}

/** The same record keyed by field code (the API's shape). */
export function nationalObject(input: NationalInput): Record<string, NationalCell> {
	return Object.fromEntries(NATIONAL_FIELDS.map((f) => [f.code, f.value ? f.value(input) : null]));
}

/** Revenue and voucher amounts of bookings and sample requests by users from another institution, per group key (same counting as the revenue metric). */
export function outsideMoneyByKey(bookings: BookingFact[], samples: SampleFact[] = [], bookingSums: BookingSum[] = []): Map<string, { revenueFen: number; voucherFen: number }> {
	const out = new Map<string, { revenueFen: number; voucherFen: number }>();
	const add = (key: string, revenueFen: number, voucherFen: number) => {
		const s = out.get(key) ?? { revenueFen: 0, voucherFen: 0 };
		s.revenueFen += revenueFen;
		s.voucherFen += voucherFen;
		out.set(key, s);
	};
	for (const b of [...bookings, ...samples]) if (b.outside) add(b.key, b.revenueFen, b.voucherFen);
	for (const b of bookingSums) if (b.outsideRevenueFen !== 0 || b.outsideVoucherFen !== 0) add(b.key, b.outsideRevenueFen, b.outsideVoucherFen);
	return out;
}
