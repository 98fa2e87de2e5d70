import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '$lib/server/app';
import { apiError, apiHandler } from '$lib/server/api/respond';
import { facilityQuerySchema, parseStrict } from '$lib/server/catalogue/catalogue.query';
import { listFacilityPage } from '$lib/server/catalogue/catalogue.service';
import { facilityJson } from '$lib/server/catalogue/catalogue.json';
import { translator } from '$lib/i18n/locale';

/** GET /api/v1/facilities: facilities filtered by area and kind; counts are over all facilities. */
export const GET: RequestHandler = apiHandler(async ({ url, locals }) => {
	const parsed = parseStrict(facilityQuerySchema, url.searchParams);
	if (!parsed.success) return apiError(422, 'invalid_input', translator(locals.locale)('error.badRequest'), parsed.error.issues);
	const result = await listFacilityPage(getDb(), parsed.data, locals.locale);
	const { byKind, byArea, byKindAndArea, total } = result.counts;
	return json({
		items: result.items.map(facilityJson),
		total: result.total,
		page: result.page,
		pageSize: result.pageSize,
		pages: result.pages,
		counts: { byKind, byArea, byKindAndArea, total }
	});
});
