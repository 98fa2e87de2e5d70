import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '$lib/server/app';
import { apiError, apiHandler } from '$lib/server/api/respond';
import { getAgreement } from '$lib/server/qualification/agreement.service';
import { agreementJson } from '$lib/server/qualification/qualification.json';
import { parseId } from '$lib/server/qualification/qualification.schema';
import { ServiceError } from '$lib/server/booking/booking.errors';
import { translator } from '$lib/i18n/locale';

/** Public: one recognition agreement. */
export const GET: RequestHandler = apiHandler(async ({ params, locals }) => {
	const id = parseId(params.id);
	const notFound = () => apiError(404, 'not_found', translator(locals.locale)('error.notFound'));
	if (id === null) return notFound();
	try {
		const { agreement } = await getAgreement(getDb(), id, null);
		return json({ agreement: agreementJson(agreement) });
	} catch (e) {
		if (e instanceof ServiceError && e.kind === 'not_found') return notFound();
		throw e;
	}
});
