import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/app';
import { errorMessage, orHttpError, parseStatQuery, requireEvaluator } from '$lib/server/statistics/statistics.query';
import { breakdown, scorecards, trend } from '$lib/server/statistics/statistics.service';
import { translator } from '$lib/i18n/locale';

/** One institution's score card, printable, with the previous period and a quarterly-report summary. */
export const load: PageServerLoad = async (event) => {
	requireEvaluator(event);
	const msg = errorMessage(event);
	const id = Number(event.params.id);
	if (!Number.isSafeInteger(id) || id < 1) error(404, { message: translator(event.locals.locale)('error.notFound'), code: 'not_found' });
	const q = await orHttpError(async () => parseStatQuery(event.url), msg);
	const db = getDb();
	const roles = event.locals.roles;
	const sel = { ...q.selection, institutionId: id };
	const [{ cards }, facilities, months] = await orHttpError(
		() => Promise.all([scorecards(db, roles, sel, q.period), breakdown(db, roles, sel, 'facility', q.period, 'effectiveHours'), trend(db, roles, sel, q.period)]),
		msg
	);
	const card = cards.find((c) => c.institutionId === id);
	if (!card) error(404, { message: translator(event.locals.locale)('error.notFound'), code: 'not_found' });
	return { values: q.values, card, facilities, months };
};
