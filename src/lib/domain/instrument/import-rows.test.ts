import { describe, expect, it } from 'vitest';
import { fieldOfHeader, templateHeader, validateImport } from './import-rows';

const today = '2026-11-27';
const header = { row: 1, cells: templateHeader() };
const good = (n: number, name = `测试仪器${n}`) => ({
	row: n,
	cells: [name, `Instrument ${n}`, `M-${n}`, 'Maker', '01', '600000', '2024', '2024-05-06', 'CMA', '', 'self,assisted', 'in_service', '200', '1']
});

describe('fieldOfHeader', () => {
	it('recognises template headers, bare keys and Chinese labels', () => {
		expect(fieldOfHeader('中文名称 name_zh')).toBe('nameZh');
		expect(fieldOfHeader('value_yuan')).toBe('valueYuan');
		expect(fieldOfHeader('验收日期')).toBe('acceptanceDate');
		expect(fieldOfHeader('colour')).toBeNull();
	});
});

describe('validateImport', () => {
	it('returns every row when all are valid, skipping blank lines', () => {
		const r = validateImport([header, good(2), { row: 3, cells: ['', ''] }, good(4)], today);
		expect(r.ok && r.rows.map((x) => x.row)).toEqual([2, 4]);
	});
	it('reports each bad row with its spreadsheet row number and field', () => {
		const bad = good(3);
		bad.cells[5] = 'abc';
		bad.cells[10] = '';
		const r = validateImport([header, good(2), bad], today);
		expect(r.ok).toBe(false);
		if (r.ok) return;
		expect(r.problems).toEqual([
			{ row: 3, field: 'valueYuan', code: 'instrument_value_invalid', params: undefined },
			{ row: 3, field: 'modes', code: 'instrument_modes_required', params: undefined }
		]);
	});
	it('refuses a file without a required column or with an unknown one', () => {
		const r = validateImport([{ row: 1, cells: ['name_zh', 'colour'] }], today);
		expect(!r.ok && r.problems.map((p) => p.code)).toContain('import_missing_column');
		expect(!r.ok && r.problems.map((p) => p.code)).toContain('import_unknown_column');
	});
	it('refuses an empty file and a header without rows', () => {
		expect(!validateImport([], today).ok).toBe(true);
		const r = validateImport([header], today);
		expect(!r.ok && r.problems[0].code).toBe('import_no_rows');
	});
	it('flags the same name and model twice in one file', () => {
		const r = validateImport([header, good(2, '同名'), { ...good(3, '同名'), cells: good(2, '同名').cells }], today);
		expect(!r.ok && r.problems[0]).toMatchObject({ row: 3, code: 'import_duplicate_row', params: { first: 2 } });
	});
});
