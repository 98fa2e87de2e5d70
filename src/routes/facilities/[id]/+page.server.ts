import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/app';
import { pageQuerySchema, parseLenient } from '$lib/server/catalogue/catalogue.query';
import { getFacilityDetail } from '$lib/server/catalogue/catalogue.service';
import { translator } from '$lib/i18n/locale';

export const load: PageServerLoad = async ({ params, url, locals }) => {
	// Public page.
	const id = Number(params.id);
	const query = parseLenient(pageQuerySchema, url.searchParams);
	const detail = Number.isSafeInteger(id) && id > 0 ? await getFacilityDetail(getDb(), id, query, locals.locale) : null;
	if (!detail) error(404, { message: translator(locals.locale)('error.notFound'), code: 'not_found' });
	return detail;
};
