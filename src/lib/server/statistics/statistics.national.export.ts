// The national records as downloads (CSV, XLSX with a field-notes sheet) and as the API's JSON,
// each streamed record by record. Column headers are the national forms' Chinese names.
import { NATIONAL_FIELDS, nationalObject, nationalRow, type NationalInput } from '../../domain/statistics/national-record';
import type { Translate } from '../../i18n/locale';
import { csvStreamResponse, jsonStreamResponse, xlsxStreamResponse } from './statistics.stream';
import type { NationalRecords } from './statistics.national';

async function* mapped<T>(source: AsyncIterable<NationalInput>, fn: (x: NationalInput) => T): AsyncGenerator<T> {
	for await (const x of source) yield fn(x);
}

/** Field descriptions without their value functions (page data, API, notes sheet). */
export function nationalFieldList() {
	return NATIONAL_FIELDS.map((f) => ({ code: f.code, zh: f.zh, en: f.en, source: f.source, held: f.held }));
}

export function nationalFilename(year: number, area: string | undefined): string {
	return `national-records-${year}${area ? `-${area}` : ''}`;
}

export function nationalCsv(out: NationalRecords, filename: string): Response {
	return csvStreamResponse(NATIONAL_FIELDS.map((f) => f.zh), mapped(out.records(), nationalRow), filename);
}

export function nationalXlsx(t: Translate, out: NationalRecords, filename: string): Response {
	return xlsxStreamResponse(
		[
			{ name: `${t('stat.national.title')} ${out.year}`, columns: NATIONAL_FIELDS.map((f) => f.zh), rows: mapped(out.records(), nationalRow) },
			{
				name: t('stat.national.notesSheet'),
				columns: [t('stat.national.field'), t('stat.national.fieldEn'), 'code', t('stat.national.source'), t('stat.national.held')],
				rows: NATIONAL_FIELDS.map((f) => [f.zh, f.en, f.code, f.source, f.held ? t('stat.national.heldYes') : t('stat.national.heldNo')])
			}
		],
		filename
	);
}

export function nationalJson(out: NationalRecords): Response {
	const p = out.period;
	return jsonStreamResponse(
		{ year: out.year, period: { code: p.code, kind: p.kind, from: new Date(p.start).toISOString(), to: new Date(p.end).toISOString() }, fields: nationalFieldList() },
		'items',
		mapped(out.records(), nationalObject)
	);
}
