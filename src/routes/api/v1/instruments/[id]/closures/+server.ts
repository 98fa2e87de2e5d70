import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '$lib/server/app';
import { apiError, apiHandler } from '$lib/server/api/respond';
import { ServiceError } from '$lib/server/booking/booking.errors';
import { serviceErrorResponse } from '$lib/server/api/booking.json';
import { createClosure, listPublicClosures } from '$lib/server/schedule/closure.service';
import { findClosure } from '$lib/server/schedule/schedule.repository';
import { closureApiSchema, closureJson } from '$lib/server/schedule/schedule.json';
import { translator } from '$lib/i18n/locale';

const idOf = (raw: string) => {
	const id = Number(raw);
	return Number.isSafeInteger(id) && id > 0 ? id : null;
};
const iso = (ms: number) => new Date(ms).toISOString();

/** GET: the instrument's closures (one-off and weekly); public for published instruments. */
export const GET: RequestHandler = apiHandler(async ({ params, locals }) => {
	const t = translator(locals.locale);
	const id = idOf(params.id);
	if (id === null) return apiError(404, 'not_found', t('error.notFound'));
	try {
		const { instrument, closures } = await listPublicClosures(getDb(), id);
		return json({ instrumentId: id, timeZone: instrument.timezone, items: closures.map(closureJson) });
	} catch (e) {
		if (e instanceof ServiceError) return serviceErrorResponse(e, t);
		throw e;
	}
});

/**
 * POST: creates a closure (managers of the facility). When active bookings lie under it, nothing is
 * saved and 409 closure_conflicts lists them; send again with a resolution (cancel | move) for each.
 */
export const POST: RequestHandler = apiHandler(async ({ params, locals, request }) => {
	const t = translator(locals.locale);
	if (!locals.user) return apiError(401, 'unauthorized', t('error.unauthorized'));
	const id = idOf(params.id);
	if (id === null) return apiError(404, 'not_found', t('error.notFound'));
	const parsed = closureApiSchema.safeParse(await request.json().catch(() => null));
	if (!parsed.success) return apiError(422, 'invalid_input', t('error.badRequest'), parsed.error.issues);
	const db = getDb();
	try {
		const result = await createClosure(db, locals.user, locals.roles, id, parsed.data.closure, parsed.data.resolutions);
		if (result.status === 'conflicts') {
			return apiError(409, 'closure_conflicts', t('schedule.conflicts.title', { count: result.conflicts.length }), {
				conflicts: result.conflicts.map((c) => ({ bookingId: c.bookingId, userName: c.userName, status: c.status, start: iso(c.start), end: iso(c.end) }))
			});
		}
		const closure = await findClosure(db.kysely, result.closureId);
		return json({ closure: closureJson(closure!), cancelledBookingIds: result.cancelled, movedBookingIds: result.moved }, { status: 201 });
	} catch (e) {
		if (e instanceof ServiceError) return serviceErrorResponse(e, t);
		throw e;
	}
});
