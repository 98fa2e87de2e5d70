import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { toCsv, toXlsx, yuanText } from './export';

describe('settlement exports', () => {
	it('writes CSV with a BOM, quoting and no formulas from data', () => {
		const csv = toCsv(['a', 'b'], [['=1+1', 'x,y'], [12, null]]);
		expect(csv).toBe('\uFEFFa,b\r\n\'=1+1,"x,y"\r\n12,\r\n');
	});
	it('writes an XLSX workbook that reads back', async () => {
		const book = new ExcelJS.Workbook();
		await book.xlsx.load(await toXlsx('claim', ['line', 'amount_yuan'], [[1, yuanText(22_500)]]));
		const ws = book.worksheets[0];
		expect(ws.getRow(2).values).toEqual([undefined, 1, '225.00']);
	});
});
