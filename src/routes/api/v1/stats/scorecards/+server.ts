import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '$lib/server/app';
import { apiHandler } from '$lib/server/api/respond';
import { apiStatQuery, periodJson, serviceErrorJson } from '$lib/server/statistics/statistics.api';
import { scorecards } from '$lib/server/statistics/statistics.service';

/** Evaluators: a score card per institution, with the previous period's. */
export const GET: RequestHandler = apiHandler(async (event) => {
	const q = apiStatQuery(event);
	try {
		const { scheme, cards } = await scorecards(getDb(), event.locals.roles, q.selection, q.period);
		return json({
			period: periodJson(q),
			cutoffs: scheme.cutoffs,
			items: cards.map((c) => ({ institution: { id: c.institutionId, zh: c.nameZh, en: c.nameEn, areaCode: c.areaCode }, total: c.card.total, grade: c.card.grade, indicators: c.card.indicators, previous: { total: c.previous.total, grade: c.previous.grade }, metrics: c.metrics }))
		});
	} catch (e) {
		return serviceErrorJson(event, e);
	}
});
