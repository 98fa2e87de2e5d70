import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '$lib/server/app';
import { apiError, apiHandler } from '$lib/server/api/respond';
import { listMyBookings } from '$lib/server/booking/booking.service';
import { bookingJson } from '$lib/server/api/booking.json';
import { translator } from '$lib/i18n/locale';

export const GET: RequestHandler = apiHandler(async ({ locals }) => {
	if (!locals.user) return apiError(401, 'unauthorized', translator(locals.locale)('error.unauthorized'));
	const { upcoming, past } = await listMyBookings(getDb(), locals.user);
	return json({
		items: [...upcoming, ...past].map((r) => ({
			...bookingJson(r),
			instrumentName: { zh: r.instrument_name_zh, en: r.instrument_name_en },
			cancellable: r.cancellable
		}))
	});
});
