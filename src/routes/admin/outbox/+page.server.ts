import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/app';
import { forbidden, requireUser, serviceErrorPage } from '$lib/server/auth/guards';
import { ServiceError } from '$lib/server/booking/booking.errors';
import { listOutbox, retryOutboxRow } from '$lib/server/notification/notification.service';
import { smtpConfigured } from '$lib/server/notification/mail-transport';

const STATUSES = ['pending', 'sending', 'sent', 'failed'] as const;

export const load: PageServerLoad = async (event) => {
	requireUser(event);
	if (!event.locals.roles.admin) forbidden(event.locals);
	const status = STATUSES.find((s) => s === event.url.searchParams.get('status'));
	return { status: status ?? null, smtp: smtpConfigured(), rows: await listOutbox(getDb(), event.locals.roles, { status, limit: 200 }) };
};

export const actions: Actions = {
	retry: async (event) => {
		const user = requireUser(event);
		const id = Number((await event.request.formData()).get('id'));
		if (!Number.isSafeInteger(id) || id <= 0) error(400, { message: 'bad request', code: 'bad_request' });
		try {
			await retryOutboxRow(getDb(), user, event.locals.roles, id);
		} catch (e) {
			if (e instanceof ServiceError) serviceErrorPage(event.locals, e);
			throw e;
		}
		redirect(303, '/admin/outbox');
	}
};
