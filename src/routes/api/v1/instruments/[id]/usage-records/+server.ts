import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '$lib/server/app';
import { apiError, apiHandler } from '$lib/server/api/respond';
import { listInstrumentUsage } from '$lib/server/usage/usage.service';
import { ServiceError } from '$lib/server/booking/booking.errors';
import { usageErrorResponse, usageRecordJson } from '$lib/server/usage/usage.json';
import { translator } from '$lib/i18n/locale';

/** Usage records of an instrument, newest first: for the managers of its facility. */
export const GET: RequestHandler = apiHandler(async ({ params, locals }) => {
	const t = translator(locals.locale);
	if (!locals.user) return apiError(401, 'unauthorized', t('error.unauthorized'));
	const id = Number(params.id);
	if (!Number.isSafeInteger(id) || id <= 0) return apiError(404, 'not_found', t('error.notFound'));
	try {
		const rows = await listInstrumentUsage(getDb(), locals.roles, id);
		return json({ items: rows.map(usageRecordJson) }, { headers: { 'cache-control': 'no-store' } });
	} catch (e) {
		if (e instanceof ServiceError) return usageErrorResponse(e, t);
		throw e;
	}
});
