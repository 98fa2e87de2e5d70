import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '$lib/server/app';
import { apiError, apiHandler } from '$lib/server/api/respond';
import { countUnread, listMyNotifications } from '$lib/server/notification/notification.service';
import { translator } from '$lib/i18n/locale';

/** The caller's newest notifications (?unread=1 for unread only, ?limit up to 200), rendered in their locale. */
export const GET: RequestHandler = apiHandler(async ({ locals, url }) => {
	if (!locals.user) return apiError(401, 'unauthorized', translator(locals.locale)('error.unauthorized'));
	const limit = Math.max(1, Math.min(Number(url.searchParams.get('limit')) || 50, 200));
	const db = getDb();
	const items = await listMyNotifications(db, locals.user, locals.user.locale, { limit, unreadOnly: url.searchParams.get('unread') === '1' });
	return json({
		unread: await countUnread(db, locals.user.id),
		items: items.map((n) => ({
			id: n.id,
			kind: n.kind,
			entity: n.entity,
			entityId: n.entityId,
			title: n.title,
			body: n.body,
			createdAt: new Date(n.createdAt).toISOString(),
			readAt: n.readAt === null ? null : new Date(n.readAt).toISOString()
		}))
	});
});
