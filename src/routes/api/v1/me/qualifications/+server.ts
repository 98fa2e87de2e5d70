import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '$lib/server/app';
import { apiError, apiHandler } from '$lib/server/api/respond';
import { actorOf } from '$lib/server/qualification/access';
import { personQualifications } from '$lib/server/qualification/wallet.service';
import { walletJson } from '$lib/server/qualification/qualification.json';
import { parseId } from '$lib/server/qualification/qualification.schema';
import { ServiceError } from '$lib/server/booking/booking.errors';
import { translator } from '$lib/i18n/locale';

/**
 * The signed-in person's qualifications and where each is recognised. `?userId=` asks for someone
 * else's: allowed to the admin, to managers at that person's institution, and to managers of the
 * issuing institution (only its grants).
 */
export const GET: RequestHandler = apiHandler(async ({ locals, url }) => {
	const t = translator(locals.locale);
	if (!locals.user) return apiError(401, 'unauthorized', t('error.unauthorized'));
	const raw = url.searchParams.get('userId');
	const personId = raw === null || raw === '' ? locals.user.id : parseId(raw);
	if (personId === null) return apiError(422, 'invalid_input', t('error.badRequest'));
	const db = getDb();
	try {
		const wallet = await personQualifications(db, await actorOf(db.kysely, locals.user.id, locals.roles), personId);
		return json({ userId: personId, ...walletJson(wallet) }, { headers: { 'cache-control': 'no-store' } });
	} catch (e) {
		if (e instanceof ServiceError && e.kind === 'forbidden') return apiError(403, 'forbidden', t('problem.qualification_forbidden'));
		if (e instanceof ServiceError && e.kind === 'not_found') return apiError(404, 'not_found', t('error.notFound'));
		throw e;
	}
});
