import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/app';
import { instrumentQuerySchema, parseLenient } from '$lib/server/catalogue/catalogue.query';
import { browseInstruments } from '$lib/server/catalogue/catalogue.service';

export const load: PageServerLoad = async ({ url, locals }) => {
	// Public page. A bad parameter falls back to its default rather than failing the page.
	const query = parseLenient(instrumentQuerySchema, url.searchParams);
	const { result, cities } = await browseInstruments(getDb(), query, locals.locale, locals.user?.id ?? null);
	// The "I may operate myself" filter needs a person; visitors see every instrument.
	return { query, result, cities, signedIn: locals.user !== null };
};
