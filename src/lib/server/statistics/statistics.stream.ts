// Streamed downloads for long tables (the national records of a whole scope): CSV (UTF-8 with BOM
// so Excel reads Chinese), XLSX through exceljs's streaming writer (one or more sheets), and a JSON
// document whose item array is written as it is read. Rows come from (async) iterables, so only a
// page of rows is in memory at a time. Text cells a spreadsheet would run as a formula get a
// leading apostrophe.
import ExcelJS from 'exceljs';
import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import type { Cell } from './statistics.tables';

type Rows = Iterable<Cell[]> | AsyncIterable<Cell[]>;

export interface SheetSource {
	name: string;
	columns: string[];
	rows: Rows;
}

const guard = (s: string) => (/^[=+\-@]/.test(s) ? `'${s}` : s);
const guardCell = (c: Cell): Cell => (typeof c === 'string' ? guard(c) : c);

function csvCell(c: Cell): string {
	if (c === null) return '';
	if (typeof c === 'number') return String(c);
	const s = guard(c);
	return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const csvLine = (r: Cell[]) => r.map(csvCell).join(',') + '\r\n';

function iteratorOf<T>(rows: Iterable<T> | AsyncIterable<T>): AsyncIterator<T> {
	if (Symbol.asyncIterator in rows) return (rows as AsyncIterable<T>)[Symbol.asyncIterator]();
	const it = (rows as Iterable<T>)[Symbol.iterator]();
	return { next: async () => it.next(), return: async () => it.return?.() ?? { done: true, value: undefined } } as AsyncIterator<T>;
}

function download(body: ReadableStream<Uint8Array>, type: string, filename: string): Response {
	return new Response(body, { headers: { 'content-type': type, 'content-disposition': `attachment; filename="${filename}"`, 'cache-control': 'no-store' } });
}

/** Text chunks from an async source, pulled as the client reads; cancelling stops the source. */
function textStream(chunks: AsyncIterator<string>): ReadableStream<Uint8Array> {
	const encoder = new TextEncoder();
	return new ReadableStream<Uint8Array>({
		async pull(controller) {
			const { value, done } = await chunks.next();
			if (done) controller.close();
			else controller.enqueue(encoder.encode(value));
		},
		async cancel() {
			await chunks.return?.();
		}
	});
}

async function* batches<T>(rows: Iterable<T> | AsyncIterable<T>, size: number, render: (items: T[], first: boolean) => string): AsyncGenerator<string> {
	const it = iteratorOf(rows);
	let first = true;
	try {
		for (;;) {
			const items: T[] = [];
			let done = false;
			while (items.length < size) {
				const r = await it.next();
				if (r.done) {
					done = true;
					break;
				}
				items.push(r.value);
			}
			if (items.length > 0) yield render(items, first);
			first = false;
			if (done) return;
		}
	} finally {
		await it.return?.();
	}
}

/** A streamed CSV download: the header, then rows 500 at a time. */
export function csvStreamResponse(columns: string[], rows: Rows, filename: string): Response {
	async function* chunks() {
		yield '\uFEFF' + csvLine(columns);
		yield* batches(rows, 500, (items) => items.map(csvLine).join(''));
	}
	return download(textStream(chunks()), 'text/csv; charset=utf-8', `${filename}.csv`);
}

/** A streamed JSON download: `head`'s fields, then `key` as an array written item by item. */
export function jsonStreamResponse(head: Record<string, unknown>, key: string, items: Iterable<unknown> | AsyncIterable<unknown>): Response {
	async function* chunks() {
		const open = JSON.stringify(head);
		yield `${open.slice(0, -1)}${open.length > 2 ? ',' : ''}${JSON.stringify(key)}:[`;
		yield* batches(items, 500, (list, first) => (first ? '' : ',') + list.map((x) => JSON.stringify(x)).join(','));
		yield ']}';
	}
	return new Response(textStream(chunks()), { headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' } });
}

/**
 * A streamed XLSX download: each sheet's header row, then its rows committed as they come (no
 * cell styles: they triple exceljs's time per cell, which matters at 50,000 rows).
 * The writer waits while the client has not read what was written (back-pressure), and stops when
 * the client goes away.
 */
export function xlsxStreamResponse(sheets: SheetSource[], filename: string): Response {
	const pass = new PassThrough();
	const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: pass, useStyles: false, useSharedStrings: false });
	const write = async () => {
		for (const s of sheets) {
			const sheet = workbook.addWorksheet(s.name.slice(0, 31));
			sheet.columns = s.columns.map((header) => ({ header, width: Math.min(40, Math.max(12, header.length * 2 + 2)) }));
			sheet.getRow(1).commit();
			const it = iteratorOf(s.rows);
			try {
				let n = 0;
				for (let r = await it.next(); !r.done; r = await it.next()) {
					if (pass.destroyed) return;
					sheet.addRow(r.value.map(guardCell)).commit();
					if (++n % 200 === 0 && pass.writableNeedDrain) await Promise.race([once(pass, 'drain'), once(pass, 'close')]);
				}
			} finally {
				await it.return?.();
			}
			sheet.commit();
		}
		await workbook.commit();
	};
	write().catch((e) => pass.destroy(e instanceof Error ? e : new Error(String(e))));
	const chunks = pass[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
	const body = new ReadableStream<Uint8Array>({
		async pull(controller) {
			try {
				const { value, done } = await chunks.next();
				if (done) controller.close();
				else controller.enqueue(new Uint8Array(value));
			} catch (e) {
				controller.error(e);
			}
		},
		cancel() {
			pass.destroy();
		}
	});
	return download(body, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', `${filename}.xlsx`);
}
