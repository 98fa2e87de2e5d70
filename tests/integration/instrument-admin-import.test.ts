// Bulk import is all-or-nothing; exports read back as imports; photos are checked by their bytes.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, openTestDb, type TestDb } from './test-db';
import { auditCount, instrumentAdminWorld } from './instrument-admin-world';
import { importInstruments } from '../../src/lib/server/instrument-admin/import.service';
import { exportCsv, exportXlsx, templateCsv, templateXlsx } from '../../src/lib/server/instrument-admin/export.service';
import { readTableFile } from '../../src/lib/server/instrument-admin/table-file';
import { readPhoto, storePhoto } from '../../src/lib/server/instrument-admin/photo.store';
import { templateHeader } from '../../src/lib/domain/instrument/import-rows';
import { searchInstruments } from '../../src/lib/server/catalogue/instrument-search';
import { instrumentQuerySchema } from '../../src/lib/server/catalogue/catalogue.query';
import { ServiceError } from '../../src/lib/server/booking/booking.errors';

const encode = (s: string) => new TextEncoder().encode(s);
const row = (name: string, model: string, value = '850000') => [name, `${model} instrument`, model, 'Maker', '分析仪器', value, '2024', '2024-09-02', 'CMA', '', '自主上机,代操作', '在用', '150', '1'];
const csv = (rows: string[][]) => [templateHeader(), ...rows].map((r) => r.map((c) => (/[",]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')).join('\n');

async function xlsx(rows: (string | number | Date)[][]): Promise<Uint8Array> {
	const wb = new ExcelJS.Workbook();
	const sheet = wb.addWorksheet('instruments');
	sheet.addRow(templateHeader());
	for (const r of rows) sheet.addRow(r);
	return new Uint8Array(await wb.xlsx.writeBuffer());
}

async function streamText(stream: ReadableStream<Uint8Array>): Promise<string> {
	return new Response(stream).text();
}

for (const kind of DIALECTS) {
	describe(`instrument import and export (${kind})`, () => {
		let db: TestDb;
		let w: Awaited<ReturnType<typeof instrumentAdminWorld>>;
		const count = async (facilityId: number) => (await db.kysely.selectFrom('instruments').select('id').where('facility_id', '=', facilityId).execute()).length;
		const search = async (q: string) => (await searchInstruments(db, instrumentQuerySchema.parse({ q, pageSize: 50 }))).items.map((i) => i.name_zh);

		beforeAll(async () => {
			db = await openTestDb(kind);
			w = await instrumentAdminWorld(db);
		});
		afterAll(async () => db?.cleanup());

		it('imports a good CSV in one go: indexed, denormalised and audited', async () => {
			const audits = await auditCount(db);
			const result = await importInstruments(db, w.a, w.facA.id, { name: 'good.csv', bytes: encode('\uFEFF' + csv([row('导入的红外光谱仪', 'IR-1'), row('导入的紫外光谱仪', 'UV-1', '1,200,000.50')])) });
			expect(result.ok).toBe(true);
			if (!result.ok) return;
			expect(result.ids).toHaveLength(2);
			expect(await search('导入的红外')).toEqual(['导入的红外光谱仪']);
			const rows = await db.kysely.selectFrom('instruments').selectAll().where('id', 'in', result.ids).orderBy('id').execute();
			expect(rows[1]).toMatchObject({ value_fen: 120_000_050, modes: 'self,assisted', category_code: '01', area_code: w.facA.area_code, institution_id: w.facA.institution_id });
			expect(await auditCount(db)).toBe(audits + 2);
		});

		it('imports nothing when one row is bad, and reports each problem with its row and field', async () => {
			const before = await count(w.facA.id);
			const audits = await auditCount(db);
			const bad = row('坏行', 'BAD-1', '12.345');
			bad[6] = '1890';
			const result = await importInstruments(db, w.a, w.facA.id, { name: 'mixed.csv', bytes: encode(csv([row('好行一', 'OK-1'), bad, row('好行二', 'OK-2')])) });
			expect(result.ok).toBe(false);
			if (result.ok) return;
			expect(result.problems.map((p) => [p.row, p.field, p.code])).toEqual([
				[3, 'valueYuan', 'instrument_value_invalid'],
				[3, 'purchaseYear', 'instrument_year_invalid']
			]);
			expect(await count(w.facA.id)).toBe(before);
			expect(await auditCount(db)).toBe(audits);
			expect(await search('好行一')).toEqual([]);
		});

		it('imports an XLSX made with exceljs, including real date and number cells', async () => {
			const bytes = await xlsx([[...row('表格导入的质谱仪', 'XL-1').slice(0, 5), 2_350_000, 2025, new Date(Date.UTC(2025, 4, 6)), 'CMA,CNAS', '', 'sample', 'in_service', 0, 1]]);
			const result = await importInstruments(db, w.a, w.facA.id, { name: 'list.xlsx', bytes });
			expect(result.ok).toBe(true);
			if (!result.ok) return;
			const r = await db.kysely.selectFrom('instruments').selectAll().where('id', '=', result.ids[0]).executeTakeFirstOrThrow();
			expect(r).toMatchObject({ value_fen: 235_000_000, purchase_year: 2025, acceptance_date: '2025-05-06', accreditations: 'CMA,CNAS', modes: 'sample', price_hour_fen: 0 });
		});

		it('refuses to import into a facility the manager does not run', async () => {
			const before = await count(w.facB.id);
			await expect(importInstruments(db, w.a, w.facB.id, { name: 'x.csv', bytes: encode(csv([row('越权导入', 'NO-1')])) })).rejects.toBeInstanceOf(ServiceError);
			expect(await count(w.facB.id)).toBe(before);
		});

		it('reports unreadable and empty files as a whole', async () => {
			const junk = await importInstruments(db, w.a, w.facA.id, { name: 'x.xlsx', bytes: Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]) });
			expect(!junk.ok && junk.problems[0]).toMatchObject({ row: 0, code: 'import_unreadable' });
			const empty = await importInstruments(db, w.a, w.facA.id, { name: 'x.csv', bytes: new Uint8Array() });
			expect(!empty.ok && empty.problems[0].code).toBe('import_empty');
		});

		it('exports CSV and XLSX that read back as the same rows, and only for own facilities', async () => {
			const text = await streamText(exportCsv(db, w.a, w.facA.id));
			const fromCsv = await readTableFile('e.csv', encode(text));
			const fromXlsx = await readTableFile('e.xlsx', await exportXlsx(db, w.a, w.facA.id));
			expect(fromCsv.ok && fromXlsx.ok).toBe(true);
			if (!fromCsv.ok || !fromXlsx.ok) return;
			expect(fromCsv.table.length).toBe((await count(w.facA.id)) + 1);
			expect(fromCsv.table.map((r) => r.cells)).toEqual(fromXlsx.table.map((r) => r.cells));
			expect(fromCsv.table.some((r) => r.cells.includes('1200000.5'))).toBe(true);
			expect(() => exportCsv(db, w.a, w.facB.id)).toThrow(ServiceError);
			await expect(exportXlsx(db, w.a, w.facB.id)).rejects.toBeInstanceOf(ServiceError);
		});

		it('offers templates whose example row passes validation', async () => {
			for (const bytes of [encode(templateCsv()), await templateXlsx()]) {
				const before = await count(w.facA.id);
				const r = await importInstruments(db, w.a, w.facA.id, { name: bytes[0] === 0x50 ? 't.xlsx' : 't.csv', bytes });
				expect(r.ok).toBe(true);
				expect(await count(w.facA.id)).toBe(before + 1);
			}
		});
	});
}

describe('reading CSV files', () => {
	it('reads a GBK-encoded CSV as Excel in China saves it', async () => {
		// "名称" in GBK
		const gbk = Uint8Array.from([0xc3, 0xfb, 0xb3, 0xc6, 0x2c, 0x61, 0x0a]);
		const r = await readTableFile('g.csv', gbk);
		expect(r.ok && r.table[0].cells).toEqual(['名称', 'a']);
	});
});

describe('photo store', () => {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jjj-photos-'));
	beforeAll(() => {
		process.env.UPLOAD_DIR = dir;
	});
	afterAll(() => {
		delete process.env.UPLOAD_DIR;
		fs.rmSync(dir, { recursive: true, force: true });
	});
	it('stores a PNG under the upload directory and refuses a file that only claims to be one', async () => {
		const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
		const stored = await storePhoto(7, png);
		expect('url' in stored && stored.url).toMatch(/^\/uploads\/instruments\/7\/[0-9a-f]{24}\.png$/);
		if (!('url' in stored)) return;
		const read = await readPhoto(7, stored.url.split('/').pop()!);
		expect(read?.type).toBe('image/png');
		expect(await storePhoto(7, encode('<svg onload="alert(1)"/>'))).toEqual({ problem: 'photo_type' });
		expect(await readPhoto(7, '../../../etc/passwd')).toBeNull();
	});
});
