import type { RequestHandler } from './$types';
import { getDb } from '$lib/server/app';
import { apiError, apiHandler } from '$lib/server/api/respond';
import { isManager } from '$lib/server/auth/roles';
import { createInstrument, getManagedInstrument } from '$lib/server/instrument-admin/instrument-admin.service';
import { listInstruments } from '$lib/server/instrument-admin/instrument-admin.repository';
import { invalidResponse, json, managedInstrumentJson, rawFromJson, serviceErrorJson } from '$lib/server/instrument-admin/instrument-admin.json';
import { parseId } from '$lib/server/instrument-admin/instrument-admin.form';
import { listingStaleDays } from '$lib/server/instrument-admin/config';
import { validateInstrument } from '$lib/domain/instrument/instrument-input';
import { localDate } from '$lib/domain/time/zone';
import { translator } from '$lib/i18n/locale';

/** The instruments of the facilities the caller manages (optionally one facility). */
export const GET: RequestHandler = apiHandler(async ({ locals, url }) => {
	const t = translator(locals.locale);
	if (!locals.user) return apiError(401, 'unauthorized', t('error.unauthorized'));
	if (!isManager(locals.roles)) return apiError(403, 'forbidden', t('error.forbidden'));
	const facility = url.searchParams.get('facilityId');
	let ids = locals.roles.managedFacilityIds;
	if (facility !== null) {
		const id = parseId(facility);
		if (id === null || !ids.includes(id)) return apiError(403, 'forbidden', t('error.forbidden'));
		ids = [id];
	}
	const db = getDb();
	const staleDays = listingStaleDays();
	const rows = await listInstruments(db.kysely, ids);
	const full = await db.kysely.selectFrom('instruments').selectAll().where('id', 'in', rows.length ? rows.map((r) => r.id) : [-1]).execute();
	const byId = new Map(full.map((r) => [r.id, r]));
	return json({ items: rows.map((r) => managedInstrumentJson(byId.get(r.id)!, staleDays)), total: rows.length });
});

/** Creates an instrument in a facility the caller manages; the body has the form's fields and facilityId. */
export const POST: RequestHandler = apiHandler(async ({ locals, request }) => {
	const t = translator(locals.locale);
	if (!locals.user) return apiError(401, 'unauthorized', t('error.unauthorized'));
	if (!isManager(locals.roles)) return apiError(403, 'forbidden', t('error.forbidden'));
	let body: Record<string, unknown>;
	try {
		body = (await request.json()) as Record<string, unknown>;
		if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new Error('not an object');
	} catch {
		return apiError(422, 'invalid_input', t('error.badRequest'), [{ path: [], message: 'body must be a JSON object' }]);
	}
	const result = validateInstrument(rawFromJson(body), localDate(Date.now(), 'Asia/Shanghai'));
	if (!result.ok) return invalidResponse(t, result.problems);
	const facilityId = parseId(body.facilityId);
	const actor = { userId: locals.user.id, roles: locals.roles };
	try {
		const id = await createInstrument(getDb(), actor, facilityId ?? -1, result.value);
		const row = await getManagedInstrument(getDb(), actor, id);
		return json({ instrument: managedInstrumentJson(row, listingStaleDays()) }, { status: 201 });
	} catch (e) {
		return serviceErrorJson(t, e);
	}
});
