import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '$lib/server/app';
import { apiError, apiHandler } from '$lib/server/api/respond';
import { listQualificationTypes } from '$lib/server/qualification/qualification.service';
import { typeJson } from '$lib/server/qualification/qualification.json';
import { parseId } from '$lib/server/qualification/qualification.schema';
import { translator } from '$lib/i18n/locale';

/** Public: one qualification type. */
export const GET: RequestHandler = apiHandler(async ({ params, locals }) => {
	const id = parseId(params.id);
	const type = id === null ? undefined : (await listQualificationTypes(getDb())).find((t) => t.id === id);
	if (!type) return apiError(404, 'not_found', translator(locals.locale)('error.notFound'));
	return json({ type: typeJson(type) });
});
