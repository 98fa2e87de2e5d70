import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '$lib/server/app';
import { apiError, apiHandler } from '$lib/server/api/respond';
import { checkSelfOperation } from '$lib/server/qualification/self-operation.service';
import { decisionJson } from '$lib/server/qualification/qualification.json';
import { parseId } from '$lib/server/qualification/qualification.schema';
import { ServiceError } from '$lib/server/booking/booking.errors';
import { translator } from '$lib/i18n/locale';

/** "May I self-operate instrument X at time T?" for the signed-in user or bearer token; ?at= ISO 8601 (default now). */
export const GET: RequestHandler = apiHandler(async ({ params, url, locals }) => {
	const t = translator(locals.locale);
	if (!locals.user) return apiError(401, 'unauthorized', t('error.unauthorized'));
	const id = parseId(params.id);
	if (id === null) return apiError(404, 'not_found', t('error.notFound'));
	const rawAt = url.searchParams.get('at');
	const at = rawAt ? Date.parse(rawAt) : Date.now();
	if (!Number.isFinite(at) || (rawAt !== null && !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(rawAt))) {
		return apiError(422, 'invalid_input', t('error.badRequest'), [{ path: ['at'], message: 'ISO 8601 instant with offset' }]);
	}
	try {
		const decision = await checkSelfOperation(getDb(), locals.user.id, id, at);
		return json(decisionJson(decision, id, locals.locale), { headers: { 'cache-control': 'no-store' } });
	} catch (e) {
		if (e instanceof ServiceError && e.kind === 'not_found') return apiError(404, 'not_found', t('error.notFound'));
		throw e;
	}
});
