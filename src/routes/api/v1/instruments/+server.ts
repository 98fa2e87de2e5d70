import type { RequestHandler } from './$types';
import { getDb } from '$lib/server/app';
import { apiError, apiHandler } from '$lib/server/api/respond';
import { instrumentQuerySchema, parseStrict } from '$lib/server/catalogue/catalogue.query';
import { searchInstruments } from '$lib/server/catalogue/catalogue.service';
import { instrumentSearchBody } from '$lib/server/catalogue/catalogue.json';
import { translator } from '$lib/i18n/locale';

/** GET /api/v1/instruments: public catalogue search with facets. */
export const GET: RequestHandler = apiHandler(async ({ url, locals }) => {
	const parsed = parseStrict(instrumentQuerySchema, url.searchParams);
	if (!parsed.success) return apiError(422, 'invalid_input', translator(locals.locale)('error.badRequest'), parsed.error.issues);
	const result = await searchInstruments(getDb(), parsed.data, locals.locale);
	return new Response(instrumentSearchBody(result), { headers: { 'content-type': 'application/json' } });
});
