import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/app';
import { errorMessage, orHttpError, parseStatQuery, requireEvaluator } from '$lib/server/statistics/statistics.query';
import { lastQuarter, quarterOfQuery } from '$lib/server/statistics/statistics.reports.query';
import { quarterlyReport, USAGE_LINE_LIMIT } from '$lib/server/statistics/statistics.quarterly';
import { translator } from '$lib/i18n/locale';

/** One institution's printable quarterly report (the usage records themselves are in the downloads). */
export const load: PageServerLoad = async (event) => {
	requireEvaluator(event);
	const now = Date.now();
	const msg = errorMessage(event);
	const id = Number(event.params.id);
	if (!Number.isSafeInteger(id) || id < 1) error(404, { message: translator(event.locals.locale)('error.notFound'), code: 'not_found' });
	const q = await orHttpError(async () => parseStatQuery(event.url, now, lastQuarter(now)), msg);
	const quarter = quarterOfQuery(q, now);
	const { usage, ...report } = await orHttpError(() => quarterlyReport(getDb(), event.locals.roles, { ...q.selection, institutionId: id }, quarter, now), msg);
	return { values: { ...q.values, period: quarter.code }, report, usageCount: usage.length, usageLimit: USAGE_LINE_LIMIT };
};
