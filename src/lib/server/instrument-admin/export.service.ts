// Exports of a facility's instruments (CSV streamed page by page, XLSX built in one pass) and the
// import templates; the columns are the import columns, so an export can be edited and re-imported.
import ExcelJS from 'exceljs';
import type { Db } from '../db/dialect';
import { ServiceError } from '../booking/booking.errors';
import { managesFacility } from '../auth/roles';
import { IMPORT_COLUMNS, templateHeader } from '../../domain/instrument/import-rows';
import { fenToYuanText } from '../../domain/instrument/money';
import { CATEGORIES } from '../../domain/catalogue/categories';
import type { Actor } from './instrument-admin.service';
import * as repo from './instrument-admin.repository';

const PAGE = 500;

type Row = Awaited<ReturnType<typeof repo.pageOfInstruments>>[number];

function cellsOf(r: Row): string[] {
	const byField: Record<string, string> = {
		nameZh: r.name_zh,
		nameEn: r.name_en,
		model: r.model,
		manufacturer: r.manufacturer,
		categoryCode: r.category_code,
		valueYuan: fenToYuanText(r.value_fen),
		purchaseYear: String(r.purchase_year),
		acceptanceDate: r.acceptance_date ?? '',
		accreditations: r.accreditations,
		specifications: r.specifications,
		modes: r.modes,
		status: r.status,
		priceHourYuan: fenToYuanText(r.price_hour_fen),
		published: r.published ? '1' : '0'
	};
	return IMPORT_COLUMNS.map((c) => byField[c.field]);
}

/** Spreadsheet formula injection guard: text starting with = + - @ is prefixed with ' (import strips it). */
const guard = (s: string) => (/^[=+\-@]/.test(s) && !/^-?\d/.test(s) ? `'${s}` : s);
const csvCell = (s: string) => {
	const g = guard(s);
	return /[",\r\n]/.test(g) ? `"${g.replace(/"/g, '""')}"` : g;
};
const csvLine = (cells: string[]) => cells.map(csvCell).join(',') + '\r\n';

async function* rows(db: Db, facilityId: number): AsyncGenerator<Row> {
	let after = 0;
	for (;;) {
		const page = await repo.pageOfInstruments(db.kysely, facilityId, after, PAGE);
		for (const r of page) yield r;
		if (page.length < PAGE) return;
		after = page[page.length - 1].id;
	}
}

function check(actor: Actor, facilityId: number) {
	if (!managesFacility(actor.roles, facilityId)) throw new ServiceError('forbidden', [{ code: 'instrument_forbidden' }]);
}

/** UTF-8 CSV with a BOM (so Excel shows Chinese), streamed page by page. */
export function exportCsv(db: Db, actor: Actor, facilityId: number): ReadableStream<Uint8Array> {
	check(actor, facilityId);
	const encoder = new TextEncoder();
	const source = rows(db, facilityId);
	let headerSent = false;
	return new ReadableStream({
		async pull(controller) {
			if (!headerSent) {
				headerSent = true;
				controller.enqueue(encoder.encode('\uFEFF' + csvLine(templateHeader())));
				return;
			}
			let chunk = '';
			for (let n = 0; n < PAGE; n++) {
				const next = await source.next();
				if (next.done) {
					if (chunk) controller.enqueue(encoder.encode(chunk));
					controller.close();
					return;
				}
				chunk += csvLine(cellsOf(next.value));
			}
			controller.enqueue(encoder.encode(chunk));
		},
		async cancel() {
			await source.return(undefined);
		}
	});
}

function sheetWithHeader(workbook: ExcelJS.Workbook, name: string) {
	const sheet = workbook.addWorksheet(name);
	sheet.addRow(templateHeader()).font = { bold: true };
	sheet.columns.forEach((c) => (c.width = 18));
	return sheet;
}

export async function exportXlsx(db: Db, actor: Actor, facilityId: number): Promise<Uint8Array<ArrayBuffer>> {
	check(actor, facilityId);
	const workbook = new ExcelJS.Workbook();
	const sheet = sheetWithHeader(workbook, 'instruments');
	for await (const r of rows(db, facilityId)) sheet.addRow(cellsOf(r).map(guard));
	return new Uint8Array(await workbook.xlsx.writeBuffer()) as Uint8Array<ArrayBuffer>;
}

const EXAMPLE = ['X射线衍射仪', 'X-ray diffractometer', 'SmartLab 9kW', 'Rigaku', '01', '2350000', '2025', '2026-03-16', 'CMA,CNAS', '最大功率 9 kW', 'self,assisted,sample', 'in_service', '260', '1'];

export function templateCsv(): string {
	return '\uFEFF' + csvLine(templateHeader()) + csvLine(EXAMPLE);
}

/** The template with an example row and a second sheet listing the allowed values. */
export async function templateXlsx(): Promise<Uint8Array<ArrayBuffer>> {
	const workbook = new ExcelJS.Workbook();
	sheetWithHeader(workbook, 'instruments').addRow(EXAMPLE);
	const help = workbook.addWorksheet('说明 help');
	help.addRow(['字段 field', '取值 values']).font = { bold: true };
	help.addRow(['category', CATEGORIES.map((c) => `${c.code} ${c.zh}`).join('；')]);
	help.addRow(['modes', 'self 自主上机, assisted 代操作, sample 送样检测（逗号分隔 comma-separated）']);
	help.addRow(['status', 'in_service 在用, maintenance 维修中, retired 已报废']);
	help.addRow(['value_yuan / price_hour_yuan', '元，最多两位小数 yuan, at most two decimals']);
	help.addRow(['acceptance_date', 'YYYY-MM-DD']);
	help.addRow(['published', '1 / 0']);
	help.getColumn(1).width = 28;
	help.getColumn(2).width = 90;
	return new Uint8Array(await workbook.xlsx.writeBuffer()) as Uint8Array<ArrayBuffer>;
}
