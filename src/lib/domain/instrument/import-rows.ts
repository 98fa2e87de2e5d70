// Bulk import: a table of cells (from CSV or XLSX) → validated instruments, or a row-by-row report.
// Pure: the server reads the file into cells, this decides. Rows are numbered as the spreadsheet
// shows them (the header is row 1).
import { INSTRUMENT_FIELDS, validateInstrument, type InstrumentField, type InstrumentInput, type RawInstrument } from './instrument-input';

export const MAX_IMPORT_ROWS = 2000;

/** Column headers of the template and exports: "<中文> <key>"; either part alone is recognised too. */
export const IMPORT_COLUMNS: { field: InstrumentField; key: string; zh: string; en: string }[] = [
	{ field: 'nameZh', key: 'name_zh', zh: '中文名称', en: 'Chinese name' },
	{ field: 'nameEn', key: 'name_en', zh: '英文名称', en: 'English name' },
	{ field: 'model', key: 'model', zh: '型号', en: 'Model' },
	{ field: 'manufacturer', key: 'manufacturer', zh: '生产厂商', en: 'Manufacturer' },
	{ field: 'categoryCode', key: 'category', zh: '仪器分类', en: 'Category' },
	{ field: 'valueYuan', key: 'value_yuan', zh: '原值（元）', en: 'Value (yuan)' },
	{ field: 'purchaseYear', key: 'purchase_year', zh: '购置年份', en: 'Purchase year' },
	{ field: 'acceptanceDate', key: 'acceptance_date', zh: '验收日期', en: 'Acceptance date' },
	{ field: 'accreditations', key: 'accreditations', zh: '资质认定', en: 'Accreditations' },
	{ field: 'specifications', key: 'specifications', zh: '主要技术指标', en: 'Specifications' },
	{ field: 'modes', key: 'modes', zh: '服务方式', en: 'Service modes' },
	{ field: 'status', key: 'status', zh: '状态', en: 'Status' },
	{ field: 'priceHourYuan', key: 'price_hour_yuan', zh: '每小时价格（元）', en: 'Price per hour (yuan)' },
	{ field: 'published', key: 'published', zh: '是否发布', en: 'Published' }
];
const REQUIRED: InstrumentField[] = ['nameZh', 'nameEn', 'model', 'manufacturer', 'categoryCode', 'valueYuan', 'purchaseYear', 'modes'];

export const templateHeader = (): string[] => IMPORT_COLUMNS.map((c) => `${c.zh} ${c.key}`);

/** The field a header cell names, or null. */
export function fieldOfHeader(cell: string): InstrumentField | null {
	const h = cell.trim();
	const lower = h.toLowerCase();
	for (const c of IMPORT_COLUMNS) {
		if (lower === c.key || h === c.zh || lower === c.en.toLowerCase() || lower === c.field.toLowerCase()) return c.field;
		if (new RegExp(`(^|\\s)${c.key}$`).test(lower) && h.startsWith(c.zh)) return c.field;
	}
	for (const c of IMPORT_COLUMNS) if (new RegExp(`(^|[^a-z_])${c.key}($|[^a-z_])`).test(lower)) return c.field;
	return null;
}

export interface ImportProblem {
	/** spreadsheet row number; 1 is the header; 0 for the file as a whole */
	row: number;
	field: InstrumentField | null;
	code: string;
	params?: Record<string, string | number>;
}

export type ImportResult = { ok: true; rows: { row: number; value: InstrumentInput }[] } | { ok: false; problems: ImportProblem[]; rowCount: number };

/** Validates a whole table: the header, then every non-empty row; any problem means nothing is imported. */
export function validateImport(table: { row: number; cells: string[] }[], today: string): ImportResult {
	const [header, ...body] = table;
	if (!header) return { ok: false, problems: [{ row: 0, field: null, code: 'import_empty' }], rowCount: 0 };
	const fields = header.cells.map(fieldOfHeader);
	const problems: ImportProblem[] = [];
	header.cells.forEach((cell, i) => {
		if (cell.trim() !== '' && fields[i] === null) problems.push({ row: header.row, field: null, code: 'import_unknown_column', params: { column: cell.trim() } });
		if (fields[i] !== null && fields.indexOf(fields[i]) !== i) problems.push({ row: header.row, field: fields[i], code: 'import_duplicate_column', params: { column: cell.trim() } });
	});
	for (const f of REQUIRED) if (!fields.includes(f)) problems.push({ row: header.row, field: f, code: 'import_missing_column' });
	if (problems.length > 0) return { ok: false, problems, rowCount: 0 };

	const rows = body.filter((r) => r.cells.some((c) => c.trim() !== ''));
	if (rows.length === 0) return { ok: false, problems: [{ row: 0, field: null, code: 'import_no_rows' }], rowCount: 0 };
	if (rows.length > MAX_IMPORT_ROWS) return { ok: false, problems: [{ row: 0, field: null, code: 'import_too_many_rows', params: { max: MAX_IMPORT_ROWS } }], rowCount: rows.length };

	const valid: { row: number; value: InstrumentInput }[] = [];
	const seen = new Map<string, number>();
	for (const r of rows) {
		const raw: RawInstrument = {};
		fields.forEach((f, i) => {
			if (f) raw[f] = r.cells[i] ?? '';
		});
		const result = validateInstrument(raw, today);
		if (!result.ok) {
			for (const p of result.problems) problems.push({ row: r.row, ...p });
			continue;
		}
		const key = `${result.value.nameZh}\u0000${result.value.model}`.toLowerCase();
		const first = seen.get(key);
		if (first !== undefined) problems.push({ row: r.row, field: 'model', code: 'import_duplicate_row', params: { first } });
		else seen.set(key, r.row);
		valid.push({ row: r.row, value: result.value });
	}
	if (problems.length > 0) return { ok: false, problems, rowCount: rows.length };
	return { ok: true, rows: valid };
}

export { INSTRUMENT_FIELDS };
