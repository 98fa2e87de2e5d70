import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/app';
import { requireUser, serviceErrorPage } from '$lib/server/auth/guards';
import { ServiceError } from '$lib/server/booking/booking.errors';
import { listMyNotifications, markAllRead, markRead } from '$lib/server/notification/notification.service';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	return { notifications: await listMyNotifications(getDb(), user, event.locals.locale, { limit: 100 }) };
};

export const actions: Actions = {
	read: async (event) => {
		const user = requireUser(event);
		const id = Number((await event.request.formData()).get('id'));
		if (!Number.isSafeInteger(id) || id <= 0) error(400, { message: 'bad request', code: 'bad_request' });
		try {
			await markRead(getDb(), user, id);
		} catch (e) {
			if (e instanceof ServiceError) serviceErrorPage(event.locals, e);
			throw e;
		}
		redirect(303, '/notifications');
	},
	readAll: async (event) => {
		const user = requireUser(event);
		await markAllRead(getDb(), user);
		redirect(303, '/notifications');
	}
};
