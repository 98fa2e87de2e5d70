// One instrument's data as people type it (form, JSON body or import row) → a validated value, or
// every field problem at once. Pure: the same rules for the form, the API and bulk import.
import { CATEGORIES } from '../catalogue/categories';
import { SERVICE_MODES, type ServiceModeCode } from '../catalogue/facility-kinds';
import { parseYuanToFen } from './money';
import { isIsoDay } from './working-days';

export const INSTRUMENT_STATUSES = ['in_service', 'maintenance', 'retired'] as const;
export type InstrumentStatusCode = (typeof INSTRUMENT_STATUSES)[number];

/** The fields, in the order of forms, templates and exports. */
export const INSTRUMENT_FIELDS = [
	'nameZh',
	'nameEn',
	'model',
	'manufacturer',
	'categoryCode',
	'valueYuan',
	'purchaseYear',
	'acceptanceDate',
	'accreditations',
	'specifications',
	'modes',
	'status',
	'priceHourYuan',
	'published'
] as const;
export type InstrumentField = (typeof INSTRUMENT_FIELDS)[number];
export type RawInstrument = Partial<Record<InstrumentField, string | string[] | number | boolean | null>>;

export interface InstrumentInput {
	nameZh: string;
	nameEn: string;
	model: string;
	manufacturer: string;
	categoryCode: string;
	valueFen: number;
	purchaseYear: number;
	/** local day "YYYY-MM-DD", or null when not known */
	acceptanceDate: string | null;
	/** normalised "CMA,CNAS" */
	accreditations: string;
	specifications: string;
	modes: ServiceModeCode[];
	status: InstrumentStatusCode;
	priceHourFen: number;
	published: boolean;
}

export interface FieldProblem {
	field: InstrumentField;
	code: string;
	params?: Record<string, string | number>;
}

export type Validated = { ok: true; value: InstrumentInput } | { ok: false; problems: FieldProblem[] };

const MODE_LABELS: Record<string, ServiceModeCode> = {
	self: 'self', 自主上机: 'self', 'self-operated': 'self',
	assisted: 'assisted', 代操作: 'assisted', 'staff-assisted': 'assisted',
	sample: 'sample', 送样检测: 'sample', 送样: 'sample', 'sample testing': 'sample'
};
const STATUS_LABELS: Record<string, InstrumentStatusCode> = {
	in_service: 'in_service', 在用: 'in_service', 'in service': 'in_service',
	maintenance: 'maintenance', 维修中: 'maintenance', 'under maintenance': 'maintenance',
	retired: 'retired', 已报废: 'retired', 报废: 'retired'
};
const YES = new Set(['1', 'true', 'yes', 'y', '是', 'on']);
const NO = new Set(['0', 'false', 'no', 'n', '否', 'off']);

const text = (v: RawInstrument[InstrumentField]): string =>
	v === null || v === undefined ? '' : Array.isArray(v) ? v.join(',') : String(v).trim();
const list = (v: RawInstrument[InstrumentField]): string[] =>
	(Array.isArray(v) ? v.map(String) : text(v).split(/[,，、;；/|]+/)).map((s) => s.trim()).filter(Boolean);

function category(value: string): string | null {
	const v = value.trim().toLowerCase();
	if (/^\d$/.test(v)) return category('0' + v);
	const found = CATEGORIES.find((c) => c.code === v || c.zh === value.trim() || c.en.toLowerCase() === v);
	return found ? found.code : null;
}

/** Validates every field against `today` (the local day, "YYYY-MM-DD"); returns all problems. */
export function validateInstrument(raw: RawInstrument, today: string): Validated {
	const problems: FieldProblem[] = [];
	const add = (field: InstrumentField, code: string, params?: Record<string, string | number>) => problems.push({ field, code, params });
	const thisYear = Number(today.slice(0, 4));

	const nameZh = text(raw.nameZh);
	if (nameZh.length < 2 || nameZh.length > 100) add('nameZh', 'instrument_name_zh_invalid');
	const nameEn = text(raw.nameEn);
	if (nameEn.length < 2 || nameEn.length > 150) add('nameEn', 'instrument_name_en_invalid');
	const model = text(raw.model);
	if (model.length < 1 || model.length > 100) add('model', 'instrument_model_invalid');
	const manufacturer = text(raw.manufacturer);
	if (manufacturer.length < 1 || manufacturer.length > 100) add('manufacturer', 'instrument_manufacturer_invalid');
	const categoryCode = category(text(raw.categoryCode));
	if (!categoryCode) add('categoryCode', 'instrument_category_invalid');

	const valueFen = parseYuanToFen(text(raw.valueYuan));
	if (valueFen === null || valueFen <= 0) add('valueYuan', 'instrument_value_invalid');

	const yearText = text(raw.purchaseYear);
	const purchaseYear = /^\d{4}$/.test(yearText) ? Number(yearText) : NaN;
	const yearOk = purchaseYear >= 1950 && purchaseYear <= thisYear;
	if (!yearOk) add('purchaseYear', 'instrument_year_invalid', { max: thisYear });

	let acceptanceDate: string | null = text(raw.acceptanceDate) || null;
	if (acceptanceDate !== null) {
		acceptanceDate = acceptanceDate.replace(/[/.]/g, '-').replace(/^(\d{4})-(\d)-/, '$1-0$2-').replace(/-(\d)$/, '-0$1');
		if (!isIsoDay(acceptanceDate)) add('acceptanceDate', 'instrument_acceptance_invalid');
		else if (acceptanceDate > today) add('acceptanceDate', 'instrument_acceptance_future');
		else if (yearOk && Number(acceptanceDate.slice(0, 4)) < purchaseYear) {
			add('acceptanceDate', 'instrument_acceptance_before_purchase', { year: purchaseYear });
		}
	}

	const accreditationList = list(raw.accreditations).map((a) => a.toUpperCase());
	if (accreditationList.some((a) => !/^[A-Z][A-Z0-9-]{1,19}$/.test(a)) || accreditationList.length > 10) {
		add('accreditations', 'instrument_accreditations_invalid');
	}

	const specifications = text(raw.specifications);
	if (specifications.length > 4000) add('specifications', 'instrument_specifications_too_long', { max: 4000 });

	const modeTokens = list(raw.modes);
	const modes = [...new Set(modeTokens.map((m) => MODE_LABELS[m.toLowerCase()] ?? MODE_LABELS[m]))];
	if (modes.some((m) => m === undefined)) add('modes', 'instrument_mode_invalid');
	else if (modes.length === 0) add('modes', 'instrument_modes_required');

	const statusText = text(raw.status);
	const status = statusText === '' ? 'in_service' : (STATUS_LABELS[statusText.toLowerCase()] ?? STATUS_LABELS[statusText]);
	if (!status) add('status', 'instrument_status_invalid');

	const priceText = text(raw.priceHourYuan);
	const priceHourFen = priceText === '' ? 0 : parseYuanToFen(priceText);
	if (priceHourFen === null) add('priceHourYuan', 'instrument_price_invalid');

	const publishedText = typeof raw.published === 'boolean' ? (raw.published ? '1' : '0') : text(raw.published).toLowerCase();
	const published = publishedText === '' ? true : YES.has(publishedText) ? true : NO.has(publishedText) ? false : null;
	if (published === null) add('published', 'instrument_published_invalid');

	if (problems.length > 0) return { ok: false, problems };
	return {
		ok: true,
		value: {
			nameZh,
			nameEn,
			model,
			manufacturer,
			categoryCode: categoryCode!,
			valueFen: valueFen!,
			purchaseYear,
			acceptanceDate,
			accreditations: [...new Set(accreditationList)].join(','),
			specifications,
			modes: SERVICE_MODES.filter((m) => modes.includes(m)),
			status: status!,
			priceHourFen: priceHourFen!,
			published: published!
		}
	};
}
