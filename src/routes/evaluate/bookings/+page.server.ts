import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/app';
import { errorMessage, orHttpError, parseStatQuery, requireEvaluator } from '$lib/server/statistics/statistics.query';
import { evaluatorAreas, instrumentBookings } from '$lib/server/statistics/statistics.service';
import { translator } from '$lib/i18n/locale';

export const load: PageServerLoad = async (event) => {
	requireEvaluator(event);
	const msg = errorMessage(event);
	const q = await orHttpError(async () => parseStatQuery(event.url), msg);
	const id = q.selection.instrumentId;
	if (!id) error(404, { message: translator(event.locals.locale)('error.notFound'), code: 'not_found' });
	const db = getDb();
	const lines = await orHttpError(() => instrumentBookings(db, event.locals.roles, id, q.period), msg);
	const instrument = await db.kysely.selectFrom('instruments').select(['id', 'name_zh', 'name_en', 'facility_id']).where('id', '=', id).executeTakeFirstOrThrow();
	return { values: q.values, areas: evaluatorAreas(event.locals.roles), lines, instrument };
};
