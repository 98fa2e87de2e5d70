import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/app';
import { getHomeSummary } from '$lib/server/catalogue/catalogue.service';

export const load: PageServerLoad = async () => {
	// Public page: no user check needed.
	return { summary: await getHomeSummary(getDb()) };
};
