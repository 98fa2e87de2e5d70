import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/app';
import { requireUser } from '$lib/server/auth/guards';
import { grantDetail } from '$lib/server/voucher/grant.service';
import { ServiceError } from '$lib/server/booking/booking.errors';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const grantId = Number(event.params.id);
	if (!Number.isSafeInteger(grantId) || grantId <= 0) error(404, { message: 'not found', code: 'not_found' });
	try {
		return await grantDetail(getDb(), user, event.locals.roles, grantId);
	} catch (e) {
		if (e instanceof ServiceError) error(404, { message: 'not found', code: 'not_found' });
		throw e;
	}
};
