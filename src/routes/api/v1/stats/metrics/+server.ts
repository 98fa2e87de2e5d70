import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '$lib/server/app';
import { apiHandler } from '$lib/server/api/respond';
import { apiStatQuery, periodJson, serviceErrorJson } from '$lib/server/statistics/statistics.api';
import { breakdown, overview } from '$lib/server/statistics/statistics.service';

/** Evaluators: the metrics of a selection (total and previous period), and per group at ?level=. */
export const GET: RequestHandler = apiHandler(async (event) => {
	const q = apiStatQuery(event);
	const db = getDb();
	try {
		const o = await overview(db, event.locals.roles, q.selection, q.period);
		const groups = event.url.searchParams.has('level') ? await breakdown(db, event.locals.roles, q.selection, q.level, q.period, q.sort, undefined, q.ascending) : [];
		return json({
			period: periodJson(q),
			total: o.metrics,
			previous: o.previous,
			benchmarks: o.scheme.benchmarks,
			level: event.url.searchParams.has('level') ? q.level : null,
			groups: groups.map((g) => ({ key: g.key, name: { zh: g.nameZh, en: g.nameEn }, areaCode: g.areaCode, metrics: g.metrics }))
		});
	} catch (e) {
		return serviceErrorJson(event, e);
	}
});
