// Reads an uploaded CSV or XLSX file into rows of text cells, numbered as a spreadsheet shows them.
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';

export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;

export type TableRow = { row: number; cells: string[] };
export type TableRead = { ok: true; table: TableRow[] } | { ok: false; code: 'import_too_large' | 'import_format' | 'import_unreadable' | 'import_empty' };

const isZip = (b: Uint8Array) => b.length > 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;

/** UTF-8 (with or without BOM); Excel in China often saves CSV as GBK, which is tried next. */
function decodeText(bytes: Uint8Array): string | null {
	try {
		return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
	} catch {
		try {
			return new TextDecoder('gbk', { fatal: true }).decode(bytes);
		} catch {
			return null;
		}
	}
}

/** A spreadsheet cell injection guard added on export ("'=…") is removed again. */
const unguard = (s: string) => (/^'[=+\-@]/.test(s) ? s.slice(1) : s);

function readCsv(bytes: Uint8Array): TableRead {
	const text = decodeText(bytes);
	if (text === null || text.includes('\u0000')) return { ok: false, code: 'import_unreadable' };
	try {
		const records: string[][] = parse(text.replace(/^\uFEFF/, ''), { relax_column_count: true, skip_empty_lines: false, trim: true });
		return { ok: true, table: records.map((cells, i) => ({ row: i + 1, cells: cells.map(unguard) })) };
	} catch {
		return { ok: false, code: 'import_unreadable' };
	}
}

function cellText(value: ExcelJS.CellValue): string {
	if (value === null || value === undefined) return '';
	if (value instanceof Date) return value.toISOString().slice(0, 10);
	if (typeof value === 'object') {
		if ('richText' in value) return value.richText.map((r) => r.text).join('');
		if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
		if ('text' in value) return String(value.text);
		if ('error' in value) return '';
	}
	return String(value).trim();
}

async function readXlsx(bytes: Uint8Array): Promise<TableRead> {
	const workbook = new ExcelJS.Workbook();
	try {
		await workbook.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
	} catch {
		return { ok: false, code: 'import_unreadable' };
	}
	const sheet = workbook.worksheets[0];
	if (!sheet) return { ok: false, code: 'import_empty' };
	const table: TableRow[] = [];
	const width = sheet.columnCount;
	sheet.eachRow({ includeEmpty: false }, (row) => {
		const cells: string[] = [];
		for (let c = 1; c <= width; c++) cells.push(unguard(cellText(row.getCell(c).value)));
		table.push({ row: row.number, cells });
	});
	return { ok: true, table };
}

/** CSV by content (text), XLSX by its zip signature; the file name only breaks a tie. */
export async function readTableFile(name: string, bytes: Uint8Array): Promise<TableRead> {
	if (bytes.length === 0) return { ok: false, code: 'import_empty' };
	if (bytes.length > MAX_IMPORT_BYTES) return { ok: false, code: 'import_too_large' };
	if (isZip(bytes)) return readXlsx(bytes);
	if (/\.(xlsx|xls|ods)$/i.test(name)) return { ok: false, code: 'import_format' };
	return readCsv(bytes);
}
