import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '$lib/server/app';
import { apiHandler } from '$lib/server/api/respond';
import { apiStatQuery, periodJson, serviceErrorJson } from '$lib/server/statistics/statistics.api';
import { flows } from '$lib/server/statistics/statistics.service';

/** Evaluators: the area-to-area flow matrix (user's area → instrument's area). */
export const GET: RequestHandler = apiHandler(async (event) => {
	const q = apiStatQuery(event);
	try {
		const cells = await flows(getDb(), event.locals.roles, { area: q.selection.area }, q.period);
		return json({ period: periodJson(q), cells });
	} catch (e) {
		return serviceErrorJson(event, e);
	}
});
