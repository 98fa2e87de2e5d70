import type { RequestHandler } from './$types';
import { apiError } from '$lib/server/api/respond';
import { translator } from '$lib/i18n/locale';

/** Any method on an unknown /api/ path: a JSON 404, never the HTML error page. */
export const fallback: RequestHandler = ({ locals, url }) =>
	apiError(404, 'not_found', translator(locals.locale)('error.notFound'), { path: url.pathname });
