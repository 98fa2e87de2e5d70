import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '$lib/server/app';
import { providersCsv, publicProgramme } from '$lib/server/voucher/programme.service';

// Public export of a programme's shared-resource list.
export const GET: RequestHandler = async ({ params }) => {
	const programmeId = Number(params.id);
	const found = Number.isSafeInteger(programmeId) && programmeId > 0 ? await publicProgramme(getDb(), programmeId) : null;
	if (!found) error(404, { message: 'not found', code: 'not_found' });
	return new Response(providersCsv(found.providers), {
		headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="voucher-programme-${programmeId}-providers.csv"` }
	});
};
