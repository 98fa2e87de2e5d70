import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '$lib/server/app';
import { apiHandler } from '$lib/server/api/respond';
import { listAgreements } from '$lib/server/qualification/agreement.service';
import { agreementJson } from '$lib/server/qualification/qualification.json';

/** Public: recognition agreements (who recognises whom), with their mappings; ?status= filters. */
export const GET: RequestHandler = apiHandler(async ({ url }) => {
	const status = url.searchParams.get('status');
	const items = (await listAgreements(getDb(), { includeClosed: true })).filter((g) => !status || g.status === status);
	return json({ items: items.map(agreementJson) });
});
