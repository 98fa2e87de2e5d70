// The national records of the evaluator's scope for a year, as a streamed CSV or XLSX download.
import type { RequestHandler } from '@sveltejs/kit';
import { getDb } from '$lib/server/app';
import { errorMessage, orHttpError, parseStatQuery, requireEvaluator } from '$lib/server/statistics/statistics.query';
import { yearOfQuery } from '$lib/server/statistics/statistics.reports.query';
import { nationalRecords } from '$lib/server/statistics/statistics.national';
import { nationalCsv, nationalFilename, nationalXlsx } from '$lib/server/statistics/statistics.national.export';
import { translator } from '$lib/i18n/locale';

export const GET: RequestHandler = async (event) => {
	requireEvaluator(event);
	const msg = errorMessage(event);
	const q = await orHttpError(async () => parseStatQuery(event.url), msg);
	const year = yearOfQuery(q);
	const out = await orHttpError(() => nationalRecords(getDb(), event.locals.roles, q.selection, year, { origin: event.url.origin }), msg);
	const filename = nationalFilename(year, q.selection.area);
	return event.url.searchParams.get('format') === 'xlsx' ? nationalXlsx(translator(event.locals.locale), out, filename) : nationalCsv(out, filename);
};
