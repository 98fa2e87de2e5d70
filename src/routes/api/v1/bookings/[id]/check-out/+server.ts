import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { z } from 'zod';
import { getDb } from '$lib/server/app';
import { apiError, apiHandler } from '$lib/server/api/respond';
import { checkOut } from '$lib/server/usage/usage.service';
import { ServiceError } from '$lib/server/booking/booking.errors';
import { bookingJson } from '$lib/server/api/booking.json';
import { usageErrorResponse, usageRecordJson } from '$lib/server/usage/usage.json';
import { translator } from '$lib/i18n/locale';

const bodySchema = z.object({ code: z.string().max(20).optional() });

/** Check-out: the booker with the instrument's code, or a manager / the assigned operator without. */
export const POST: RequestHandler = apiHandler(async ({ params, locals, request }) => {
	const t = translator(locals.locale);
	if (!locals.user) return apiError(401, 'unauthorized', t('error.unauthorized'));
	const id = Number(params.id);
	if (!Number.isSafeInteger(id) || id <= 0) return apiError(404, 'not_found', t('error.notFound'));
	const raw = await request.text();
	let body: unknown = {};
	try {
		body = raw.trim() === '' ? {} : JSON.parse(raw);
	} catch {
		return apiError(422, 'invalid_input', t('error.badRequest'), [{ path: [], message: 'body must be JSON' }]);
	}
	const parsed = bodySchema.safeParse(body);
	if (!parsed.success) return apiError(422, 'invalid_input', t('error.badRequest'), parsed.error.issues);
	try {
		const r = await checkOut(getDb(), locals.user, locals.roles, id, parsed.data.code);
		return json({ booking: bookingJson(r.booking), usageRecord: usageRecordJson(r.usage) });
	} catch (e) {
		if (e instanceof ServiceError) return usageErrorResponse(e, t);
		throw e;
	}
});
