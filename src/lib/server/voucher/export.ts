// CSV (UTF-8 with BOM, formula-safe) and XLSX (exceljs) tables for settlement exports.
import ExcelJS from 'exceljs';

export type Cell = string | number | null;

function csvCell(v: Cell): string {
	if (v === null) return '';
	if (typeof v === 'number') return String(v);
	const s = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v; // never let a spreadsheet run a formula from data
	return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(header: string[], rows: Cell[][]): string {
	return '\uFEFF' + [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

export async function toXlsx(sheet: string, header: string[], rows: Cell[][]): Promise<ArrayBuffer> {
	const book = new ExcelJS.Workbook();
	const ws = book.addWorksheet(sheet.slice(0, 31));
	ws.addRow(header).font = { bold: true };
	for (const r of rows) ws.addRow(r);
	ws.columns.forEach((c) => (c.width = 18));
	const buffer = await book.xlsx.writeBuffer();
	return new Uint8Array(buffer).slice().buffer as ArrayBuffer;
}

/** A download response in the asked format ('xlsx', else CSV). */
export async function download(format: string | null, name: string, header: string[], rows: Cell[][]): Promise<Response> {
	if (format === 'xlsx') {
		return new Response(await toXlsx(name, header, rows), {
			headers: { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'content-disposition': `attachment; filename="${name}.xlsx"` }
		});
	}
	return new Response(toCsv(header, rows), { headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${name}.csv"` } });
}

/** Fen as yuan with two decimals, for exports. */
export function yuanText(fen: number | null): string {
	if (fen === null) return '';
	return (fen / 100).toFixed(2);
}
