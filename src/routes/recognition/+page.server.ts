import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/app';
import { listAgreements } from '$lib/server/qualification/agreement.service';
import { actorOf, mayPropose } from '$lib/server/qualification/access';

/** Public: who recognises whom. */
export const load: PageServerLoad = async ({ locals }) => {
	const db = getDb();
	const agreements = await listAgreements(db);
	const canPropose = locals.user ? mayPropose(await actorOf(db.kysely, locals.user.id, locals.roles)) : false;
	return { agreements, canPropose };
};
