import type { RequestHandler } from './$types';
import { z } from 'zod';
import { getDb } from '$lib/server/app';
import { apiHandler } from '$lib/server/api/respond';
import { apiStatQuery, serviceErrorJson } from '$lib/server/statistics/statistics.api';
import { requireYear } from '$lib/server/statistics/statistics.reports.query';
import { nationalRecords } from '$lib/server/statistics/statistics.national';
import { nationalCsv, nationalFilename, nationalJson, nationalXlsx } from '$lib/server/statistics/statistics.national.export';
import { translator } from '$lib/i18n/locale';

const formatSchema = z.enum(['json', 'csv', 'xlsx']).default('json');

/** Evaluators: every instrument record of the scope for a year in the national platform's shape (streamed). */
export const GET: RequestHandler = apiHandler(async (event) => {
	const q = apiStatQuery(event);
	const year = requireYear(q);
	const format = formatSchema.parse(event.url.searchParams.get('format') || undefined);
	let out;
	try {
		out = await nationalRecords(getDb(), event.locals.roles, q.selection, year, { origin: event.url.origin });
	} catch (e) {
		return serviceErrorJson(event, e);
	}
	const filename = nationalFilename(year, q.selection.area);
	if (format === 'csv') return nationalCsv(out, filename);
	if (format === 'xlsx') return nationalXlsx(translator(event.locals.locale), out, filename);
	return nationalJson(out);
});
