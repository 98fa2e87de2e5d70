import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '$lib/server/app';
import { apiError, apiHandler } from '$lib/server/api/respond';
import { cancelOwnBooking } from '$lib/server/booking/booking.service';
import { ServiceError } from '$lib/server/booking/booking.errors';
import { bookingJson, serviceErrorResponse } from '$lib/server/api/booking.json';
import { translator } from '$lib/i18n/locale';

export const POST: RequestHandler = apiHandler(async ({ params, locals }) => {
	const t = translator(locals.locale);
	if (!locals.user) return apiError(401, 'unauthorized', t('error.unauthorized'));
	const id = Number(params.id);
	if (!Number.isSafeInteger(id) || id <= 0) return apiError(404, 'not_found', t('problem.not_found'));
	try {
		return json({ booking: bookingJson(await cancelOwnBooking(getDb(), locals.user, id)) });
	} catch (e) {
		if (e instanceof ServiceError) return serviceErrorResponse(e, t);
		throw e;
	}
});
