import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '$lib/server/app';
import { apiError, apiHandler } from '$lib/server/api/respond';
import { listQualificationTypes } from '$lib/server/qualification/qualification.service';
import { typeJson } from '$lib/server/qualification/qualification.json';
import { parseId } from '$lib/server/qualification/qualification.schema';
import { translator } from '$lib/i18n/locale';

/** Public: qualification types, optionally of one institution (?institutionId=). */
export const GET: RequestHandler = apiHandler(async ({ url, locals }) => {
	const raw = url.searchParams.get('institutionId');
	const institutionId = raw === null || raw === '' ? undefined : parseId(raw);
	if (institutionId === null) return apiError(422, 'invalid_input', translator(locals.locale)('error.badRequest'));
	const types = await listQualificationTypes(getDb(), institutionId);
	return json({ items: types.map(typeJson) });
});
