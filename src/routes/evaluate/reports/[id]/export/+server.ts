// One institution's quarterly report: every table as a sheet of one XLSX, or one table as CSV.
import { error, type RequestHandler } from '@sveltejs/kit';
import { getDb } from '$lib/server/app';
import { errorMessage, orHttpError, parseStatQuery, requireEvaluator } from '$lib/server/statistics/statistics.query';
import { lastQuarter, quarterOfQuery } from '$lib/server/statistics/statistics.reports.query';
import { quarterlyReport } from '$lib/server/statistics/statistics.quarterly';
import { QUARTERLY_TABLES, quarterlyTables, type QuarterlyTable } from '$lib/server/statistics/statistics.quarterly.tables';
import { csvResponse } from '$lib/server/statistics/statistics.export';
import { xlsxStreamResponse } from '$lib/server/statistics/statistics.stream';
import { translator, type MessageKey } from '$lib/i18n/locale';

const SHEET_NAMES: Record<QuarterlyTable, MessageKey> = { summary: 'stat.quarterly.summary', months: 'stat.quarterly.months', facilities: 'stat.facilities', instruments: 'stat.quarterly.instruments', clients: 'stat.quarterly.clients', usage: 'stat.quarterly.usage' };

export const GET: RequestHandler = async (event) => {
	requireEvaluator(event);
	const now = Date.now();
	const t = translator(event.locals.locale);
	const msg = errorMessage(event);
	const id = Number(event.params.id);
	if (!Number.isSafeInteger(id) || id < 1) error(404, { message: t('error.notFound'), code: 'not_found' });
	const q = await orHttpError(async () => parseStatQuery(event.url, now, lastQuarter(now)), msg);
	const quarter = quarterOfQuery(q, now);
	const table = event.url.searchParams.get('table') ?? 'summary';
	const format = event.url.searchParams.get('format') === 'xlsx' ? 'xlsx' : 'csv';
	if (format === 'csv' && !(QUARTERLY_TABLES as readonly string[]).includes(table)) error(404, { message: t('error.notFound'), code: 'not_found' });
	const report = await orHttpError(() => quarterlyReport(getDb(), event.locals.roles, { ...q.selection, institutionId: id }, quarter, now), msg);
	const tables = quarterlyTables(t, report, event.locals.locale);
	const filename = `quarterly-report-${id}-${quarter.code}`;
	if (format === 'csv') return csvResponse(tables[table as QuarterlyTable], `${filename}-${table}`);
	return xlsxStreamResponse(
		QUARTERLY_TABLES.map((k) => ({ name: t(SHEET_NAMES[k]), columns: tables[k].columns, rows: tables[k].rows })),
		filename
	);
};
