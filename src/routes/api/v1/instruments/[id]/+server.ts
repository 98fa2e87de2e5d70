import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '$lib/server/app';
import { apiError, apiHandler } from '$lib/server/api/respond';
import { getInstrumentDetail } from '$lib/server/catalogue/catalogue.service';
import { instrumentDetailJson } from '$lib/server/catalogue/catalogue.json';
import { translator } from '$lib/i18n/locale';

/** GET /api/v1/instruments/{id}: one published instrument; 404 when missing or unpublished. */
export const GET: RequestHandler = apiHandler(async ({ params, locals }) => {
	const id = Number(params.id);
	const instrument = Number.isSafeInteger(id) && id > 0 ? await getInstrumentDetail(getDb(), id, locals.locale) : null;
	if (!instrument) return apiError(404, 'not_found', translator(locals.locale)('error.notFound'));
	return json({ instrument: instrumentDetailJson(instrument) });
});
