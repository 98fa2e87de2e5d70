import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '$lib/server/app';
import { apiError, apiHandler } from '$lib/server/api/respond';
import { ServiceError } from '$lib/server/booking/booking.errors';
import { countUnread, markRead } from '$lib/server/notification/notification.service';
import { translator } from '$lib/i18n/locale';

/** Marks one of the caller's notifications read (idempotent); another person's id is 404. */
export const POST: RequestHandler = apiHandler(async ({ locals, params }) => {
	if (!locals.user) return apiError(401, 'unauthorized', translator(locals.locale)('error.unauthorized'));
	const id = Number(params.id);
	if (!Number.isSafeInteger(id) || id <= 0) return apiError(404, 'not_found', 'not found');
	try {
		await markRead(getDb(), locals.user, id);
	} catch (e) {
		if (e instanceof ServiceError) return apiError(e.status, e.kind, e.kind);
		throw e;
	}
	return json({ id, read: true, unread: await countUnread(getDb(), locals.user.id) });
});
