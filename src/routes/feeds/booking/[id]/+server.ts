// One booking as an .ics download ("add to calendar"), for its booker or a manager of its facility.
import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '$lib/server/app';
import { requireUser, serviceErrorPage } from '$lib/server/auth/guards';
import { ServiceError } from '$lib/server/booking/booking.errors';
import { bookingIcs } from '$lib/server/calendar-feed/calendar-feed.service';

export const GET: RequestHandler = async (event) => {
	const user = requireUser(event);
	const id = Number(event.params.id);
	if (!Number.isSafeInteger(id) || id <= 0) error(404, { message: 'not found', code: 'not_found' });
	try {
		const ics = await bookingIcs(getDb(), user, event.locals.roles, id, event.locals.locale);
		return new Response(ics, {
			headers: {
				'content-type': 'text/calendar; charset=utf-8',
				'content-disposition': `attachment; filename="booking-${id}.ics"`,
				'cache-control': 'no-store'
			}
		});
	} catch (e) {
		if (e instanceof ServiceError) serviceErrorPage(event.locals, e);
		throw e;
	}
};
