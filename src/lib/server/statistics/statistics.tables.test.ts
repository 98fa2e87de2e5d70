import { describe, expect, it } from 'vitest';
import { lazyRows, type Cell, type Table } from './statistics.tables';
import { csvResponse, xlsxBuffer } from './statistics.export';
import ExcelJS from 'exceljs';

const make = (i: number): Cell[] => [i + 1, `名称 ${i}`, i % 3 === 0 ? null : i * 1.5, '=SUM(A1)'];

describe('lazy table rows', () => {
	it('makes each row only when it is read, and slices within bounds', () => {
		const made: number[] = [];
		const rows = lazyRows(5, (i) => (made.push(i), make(i)));
		expect(made).toEqual([]);
		expect(rows.length).toBe(5);
		expect(rows.slice(3, 10)).toEqual([make(3), make(4)]);
		expect(rows.slice(-2, 1)).toEqual([make(0)]);
		expect(rows.slice(5, 6)).toEqual([]);
		expect(made).toEqual([3, 4, 0]);
		expect([...rows]).toEqual([0, 1, 2, 3, 4].map(make));
	});

	it('downloads the same CSV and XLSX as the same rows made in advance', async () => {
		const n = 1_234; // more than one 500-row chunk
		const eager: Table = { name: 't', columns: ['#', 'name', 'value', 'formula'], rows: Array.from({ length: n }, (_, i) => make(i)) };
		const lazy: Table = { ...eager, rows: lazyRows(n, make) };
		const csv = async (t: Table) => await csvResponse(t, 'x').text();
		expect(await csv(lazy)).toBe(await csv(eager));
		expect((await csv(lazy)).split('\r\n').length).toBe(n + 2);
		const sheetValues = async (t: Table) => {
			const wb = new ExcelJS.Workbook();
			await wb.xlsx.load((await xlsxBuffer(t)) as never);
			const out: unknown[] = [];
			wb.worksheets[0].eachRow((row) => out.push(row.values));
			return out;
		};
		expect(await sheetValues(lazy)).toEqual(await sheetValues(eager));
	});
});
