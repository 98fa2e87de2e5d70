import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '$lib/server/app';
import { apiError, apiHandler } from '$lib/server/api/respond';
import { bookingApiSchema } from '$lib/server/booking/booking.schema';
import { createBooking } from '$lib/server/booking/booking.service';
import { ServiceError } from '$lib/server/booking/booking.errors';
import { bookingJson, serviceErrorResponse } from '$lib/server/api/booking.json';
import { translator } from '$lib/i18n/locale';

export const POST: RequestHandler = apiHandler(async ({ request, locals }) => {
	const t = translator(locals.locale);
	if (!locals.user) return apiError(401, 'unauthorized', t('error.unauthorized'));
	let body: unknown;
	try {
		body = await request.json();
	} catch {
		return apiError(422, 'invalid_input', t('error.badRequest'), [{ path: [], message: 'body must be JSON' }]);
	}
	const parsed = bookingApiSchema.safeParse(body);
	if (!parsed.success) return apiError(422, 'invalid_input', t('error.badRequest'), parsed.error.issues);
	try {
		const booking = await createBooking(getDb(), locals.user, {
			instrumentId: parsed.data.instrumentId,
			start: Date.parse(parsed.data.start),
			end: Date.parse(parsed.data.end),
			mode: parsed.data.mode,
			purpose: parsed.data.purpose,
			project: parsed.data.project,
			voucherGrantId: parsed.data.voucherGrantId ?? null // voucher
		});
		return json({ booking: bookingJson(booking) }, { status: 201 });
	} catch (e) {
		if (e instanceof ServiceError) return serviceErrorResponse(e, t);
		throw e;
	}
});
