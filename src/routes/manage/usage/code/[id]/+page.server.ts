import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/app';
import { requireManager, serviceErrorPage } from '$lib/server/auth/guards';
import { checkinCodeFor } from '$lib/server/usage/usage.service';
import { ServiceError } from '$lib/server/booking/booking.errors';

/** The printable check-in code of an instrument, for its managers (created on first view). */
export const load: PageServerLoad = async (event) => {
	const { user, roles } = requireManager(event);
	const id = Number(event.params.id);
	if (!Number.isSafeInteger(id) || id <= 0) error(404, { message: 'not found', code: 'not_found' });
	try {
		const code = await checkinCodeFor(getDb(), user, roles, id);
		const instrument = await getDb().kysely.selectFrom('instruments').select(['id', 'name_zh', 'name_en', 'model']).where('id', '=', id).executeTakeFirstOrThrow();
		return { code: code.code, rotatedAt: code.rotated_at, instrument };
	} catch (e) {
		if (e instanceof ServiceError) serviceErrorPage(event.locals, e);
		throw e;
	}
};
