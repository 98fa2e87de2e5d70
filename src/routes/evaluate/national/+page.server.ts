import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/app';
import { errorMessage, orHttpError, parseStatQuery, requireEvaluator } from '$lib/server/statistics/statistics.query';
import { yearOfQuery } from '$lib/server/statistics/statistics.reports.query';
import { evaluatorAreas } from '$lib/server/statistics/statistics.service';
import { nationalRecords } from '$lib/server/statistics/statistics.national';
import { nationalFieldList } from '$lib/server/statistics/statistics.national.export';
import { nationalObject } from '$lib/domain/statistics/national-record';

const PREVIEW = 5;

/** The national records page: the field mapping, download links, and the first few records. */
export const load: PageServerLoad = async (event) => {
	requireEvaluator(event);
	const msg = errorMessage(event);
	const q = await orHttpError(async () => parseStatQuery(event.url), msg);
	const year = yearOfQuery(q);
	const out = await orHttpError(() => nationalRecords(getDb(), event.locals.roles, q.selection, year, { origin: event.url.origin, batch: PREVIEW }), msg);
	const preview: Record<string, string | number | null>[] = [];
	for await (const r of out.records()) {
		preview.push(nationalObject(r));
		if (preview.length >= PREVIEW) break;
	}
	return { values: q.values, year, areas: evaluatorAreas(event.locals.roles), fields: nationalFieldList(), preview };
};
