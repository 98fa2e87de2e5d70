import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/app';
import { requireUser } from '$lib/server/auth/guards';
import { getOrder } from '$lib/server/service-order/service-order.service';
import { ServiceError } from '$lib/server/booking/booking.errors';

// The provider's managers and the client's institution see the order; nobody else.
export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const orderId = Number(event.params.id);
	if (!Number.isSafeInteger(orderId) || orderId <= 0) error(404, { message: 'not found', code: 'not_found' });
	try {
		return { order: await getOrder(getDb(), user, event.locals.roles, orderId) };
	} catch (e) {
		if (e instanceof ServiceError) error(404, { message: 'not found', code: 'not_found' });
		throw e;
	}
};
