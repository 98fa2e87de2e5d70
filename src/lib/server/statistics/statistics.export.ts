// CSV (streamed, UTF-8 with BOM so Excel reads Chinese) and XLSX (exceljs) downloads of a table.
// Text cells that a spreadsheet would run as a formula are guarded with a leading apostrophe.
import ExcelJS from 'exceljs';
import type { Cell, Table } from './statistics.tables';

const guard = (s: string) => (/^[=+\-@]/.test(s) ? `'${s}` : s);

function csvCell(c: Cell): string {
	if (c === null) return '';
	if (typeof c === 'number') return String(c);
	const s = guard(c);
	return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A streamed CSV response, 500 rows a chunk. */
export function csvResponse(table: Table, filename: string): Response {
	const encoder = new TextEncoder();
	let index = -1;
	const stream = new ReadableStream<Uint8Array>({
		pull(controller) {
			if (index === -1) {
				controller.enqueue(encoder.encode('\uFEFF' + table.columns.map(csvCell).join(',') + '\r\n'));
				index = 0;
				return;
			}
			if (index >= table.rows.length) {
				controller.close();
				return;
			}
			const chunk = table.rows.slice(index, index + 500);
			index += chunk.length;
			controller.enqueue(encoder.encode(chunk.map((r) => r.map(csvCell).join(',') + '\r\n').join('')));
		}
	});
	return new Response(stream, {
		headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${filename}.csv"`, 'cache-control': 'no-store' }
	});
}

export async function xlsxBuffer(table: Table): Promise<Buffer> {
	const workbook = new ExcelJS.Workbook();
	const sheet = workbook.addWorksheet(table.name);
	sheet.addRow(table.columns).font = { bold: true };
	for (const r of table.rows) sheet.addRow(r.map((c) => (typeof c === 'string' ? guard(c) : c)));
	sheet.columns.forEach((col) => (col.width = 16));
	return Buffer.from(await workbook.xlsx.writeBuffer());
}

export async function xlsxResponse(table: Table, filename: string): Promise<Response> {
	const body = await xlsxBuffer(table);
	return new Response(new Uint8Array(body), {
		headers: {
			'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
			'content-disposition': `attachment; filename="${filename}.xlsx"`,
			'cache-control': 'no-store'
		}
	});
}
