import type { RequestHandler } from './$types';
import { getDb } from '$lib/server/app';
import { apiError, apiHandler } from '$lib/server/api/respond';
import { getManagedInstrument, updateInstrument } from '$lib/server/instrument-admin/instrument-admin.service';
import { invalidResponse, json, managedInstrumentJson, rawFromJson, serviceErrorJson } from '$lib/server/instrument-admin/instrument-admin.json';
import { parseId, valuesOfRow } from '$lib/server/instrument-admin/instrument-admin.form';
import { listingStaleDays } from '$lib/server/instrument-admin/config';
import { validateInstrument } from '$lib/domain/instrument/instrument-input';
import { localDate } from '$lib/domain/time/zone';
import { translator } from '$lib/i18n/locale';

export const GET: RequestHandler = apiHandler(async ({ locals, params }) => {
	const t = translator(locals.locale);
	if (!locals.user) return apiError(401, 'unauthorized', t('error.unauthorized'));
	try {
		const row = await getManagedInstrument(getDb(), { userId: locals.user.id, roles: locals.roles }, parseId(params.id) ?? -1);
		return json({ instrument: managedInstrumentJson(row, listingStaleDays()) });
	} catch (e) {
		return serviceErrorJson(t, e);
	}
});

/** Changes the given fields (the others stay); the whole result is validated as the form does. */
export const PATCH: RequestHandler = apiHandler(async ({ locals, params, request }) => {
	const t = translator(locals.locale);
	if (!locals.user) return apiError(401, 'unauthorized', t('error.unauthorized'));
	let body: Record<string, unknown>;
	try {
		body = (await request.json()) as Record<string, unknown>;
		if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new Error('not an object');
	} catch {
		return apiError(422, 'invalid_input', t('error.badRequest'), [{ path: [], message: 'body must be a JSON object' }]);
	}
	const actor = { userId: locals.user.id, roles: locals.roles };
	const id = parseId(params.id) ?? -1;
	try {
		const current = await getManagedInstrument(getDb(), actor, id);
		const result = validateInstrument({ ...valuesOfRow(current), ...rawFromJson(body) }, localDate(Date.now(), 'Asia/Shanghai'));
		if (!result.ok) return invalidResponse(t, result.problems);
		await updateInstrument(getDb(), actor, id, result.value);
		return json({ instrument: managedInstrumentJson(await getManagedInstrument(getDb(), actor, id), listingStaleDays()) });
	} catch (e) {
		return serviceErrorJson(t, e);
	}
});
