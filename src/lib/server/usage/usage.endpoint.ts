// The JSON endpoint shared by check-in and check-out: the booker with the instrument's code, or a
// manager / the assigned operator without one.
import { json, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import { getDb } from '../app';
import { apiError, apiHandler } from '../api/respond';
import { ServiceError } from '../booking/booking.errors';
import { bookingJson } from '../api/booking.json';
import { usageErrorResponse, usageRecordJson } from './usage.json';
import { translator } from '../../i18n/locale';
import { checkIn, checkOut } from './usage.service';

const bodySchema = z.object({ code: z.string().max(20).optional() });

export function checkInOutEndpoint(action: typeof checkIn | typeof checkOut) {
	return apiHandler(async ({ params, locals, request }: RequestEvent) => {
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
			const r = await action(getDb(), locals.user, locals.roles, id, parsed.data.code);
			return json({ booking: bookingJson(r.booking), usageRecord: usageRecordJson(r.usage) });
		} catch (e) {
			if (e instanceof ServiceError) return usageErrorResponse(e, t);
			throw e;
		}
	});
}
