import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/app';
import { facilityQuerySchema, parseLenient } from '$lib/server/catalogue/catalogue.query';
import { listFacilityPage } from '$lib/server/catalogue/catalogue.service';

export const load: PageServerLoad = async ({ url, locals }) => {
	// Public page. A bad parameter falls back to its default rather than failing the page.
	const query = parseLenient(facilityQuerySchema, url.searchParams);
	return { query, list: await listFacilityPage(getDb(), query, locals.locale) };
};
