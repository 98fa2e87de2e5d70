import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '$lib/server/app';
import { apiError, apiHandler } from '$lib/server/api/respond';
import { listManagedSamples, listMySamples, requestSample } from '$lib/server/sample/sample.service';
import { ServiceError } from '$lib/server/booking/booking.errors';
import { sampleRequestJson, sampleRequestSchema, usageErrorResponse } from '$lib/server/usage/usage.json';
import { translator } from '$lib/i18n/locale';

/** My requests, or with ?scope=managed those of the facilities I manage. */
export const GET: RequestHandler = apiHandler(async ({ locals, url }) => {
	const t = translator(locals.locale);
	if (!locals.user) return apiError(401, 'unauthorized', t('error.unauthorized'));
	const scope = url.searchParams.get('scope') ?? 'own';
	if (scope !== 'own' && scope !== 'managed') return apiError(422, 'invalid_input', t('error.badRequest'), [{ path: ['scope'], message: "scope is 'own' or 'managed'" }]);
	const rows = scope === 'managed' ? await listManagedSamples(getDb(), locals.roles) : await listMySamples(getDb(), locals.user);
	return json({ items: rows.map(sampleRequestJson) }, { headers: { 'cache-control': 'no-store' } });
});

export const POST: RequestHandler = apiHandler(async ({ locals, request }) => {
	const t = translator(locals.locale);
	if (!locals.user) return apiError(401, 'unauthorized', t('error.unauthorized'));
	let body: unknown;
	try {
		body = await request.json();
	} catch {
		return apiError(422, 'invalid_input', t('error.badRequest'), [{ path: [], message: 'body must be JSON' }]);
	}
	const parsed = sampleRequestSchema.safeParse(body);
	if (!parsed.success) return apiError(422, 'invalid_input', t('error.badRequest'), parsed.error.issues);
	try {
		const s = await requestSample(getDb(), locals.user, { ...parsed.data, wantedDate: parsed.data.wantedDate ?? null });
		return json({ sampleRequest: sampleRequestJson(s) }, { status: 201 });
	} catch (e) {
		if (e instanceof ServiceError) return usageErrorResponse(e, t);
		throw e;
	}
});
