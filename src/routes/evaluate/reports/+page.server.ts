import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/app';
import { errorMessage, orHttpError, parseStatQuery, requireEvaluator } from '$lib/server/statistics/statistics.query';
import { lastQuarter, quarterOfQuery, recentQuarters } from '$lib/server/statistics/statistics.reports.query';
import { breakdown, evaluatorAreas } from '$lib/server/statistics/statistics.service';

/** The institutions of the scope in a quarter, each leading to its report. */
export const load: PageServerLoad = async (event) => {
	requireEvaluator(event);
	const now = Date.now();
	const msg = errorMessage(event);
	const q = await orHttpError(async () => parseStatQuery(event.url, now, lastQuarter(now)), msg);
	const quarter = quarterOfQuery(q, now);
	const rows = await orHttpError(() => breakdown(getDb(), event.locals.roles, { area: q.selection.area }, 'institution', quarter, 'effectiveHours', now), msg);
	return {
		values: { ...q.values, period: quarter.code },
		areas: evaluatorAreas(event.locals.roles),
		quarters: recentQuarters(now),
		rows: rows.filter((r) => r.metrics.instruments > 0 || r.metrics.effectiveHours > 0).map((r) => ({ key: r.key, nameZh: r.nameZh, nameEn: r.nameEn, areaCode: r.areaCode, metrics: r.metrics }))
	};
};
