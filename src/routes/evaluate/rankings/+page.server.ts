import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/app';
import { errorMessage, orHttpError, parseStatQuery, requireEvaluator } from '$lib/server/statistics/statistics.query';
import { breakdown, evaluatorAreas } from '$lib/server/statistics/statistics.service';

export const load: PageServerLoad = async (event) => {
	requireEvaluator(event);
	const msg = errorMessage(event);
	const q = await orHttpError(async () => parseStatQuery(event.url), msg);
	const rows = await orHttpError(() => breakdown(getDb(), event.locals.roles, q.selection, q.level, q.period, q.sort, undefined, q.ascending), msg);
	return { values: q.values, areas: evaluatorAreas(event.locals.roles), rows };
};
