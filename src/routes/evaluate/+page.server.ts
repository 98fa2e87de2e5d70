import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/app';
import { errorMessage, orHttpError, parseStatQuery, requireEvaluator } from '$lib/server/statistics/statistics.query';
import { evaluatorAreas, flows, overview, trend } from '$lib/server/statistics/statistics.service';

export const load: PageServerLoad = async (event) => {
	requireEvaluator(event);
	const db = getDb();
	const msg = errorMessage(event);
	const q = await orHttpError(async () => parseStatQuery(event.url), msg);
	const roles = event.locals.roles;
	const [summary, cells, points] = await orHttpError(
		() => Promise.all([overview(db, roles, q.selection, q.period), flows(db, roles, { area: q.selection.area }, q.period), trend(db, roles, q.selection, q.period)]),
		msg
	);
	return {
		values: q.values,
		areas: evaluatorAreas(roles),
		metrics: summary.metrics,
		previous: summary.previous,
		years: summary.years,
		benchmarks: summary.scheme.benchmarks,
		cells,
		points: points.map((p) => ({ month: p.month, effectiveHours: p.metrics.effectiveHours, sharedHours: p.metrics.sharedHours, crossAreaHours: p.metrics.crossAreaHours, bookedHours: p.metrics.bookedHours, bookings: p.metrics.bookings, revenueFen: p.metrics.revenueFen }))
	};
};
