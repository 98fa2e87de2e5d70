import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '$lib/server/app';
import { apiError, apiHandler } from '$lib/server/api/respond';
import { ServiceError } from '$lib/server/booking/booking.errors';
import { serviceErrorResponse } from '$lib/server/api/booking.json';
import { publicSchedule, setOpeningHours } from '$lib/server/schedule/schedule.service';
import { openingHoursApiSchema } from '$lib/server/schedule/schedule.json';
import { parseOpeningHours } from '$lib/domain/booking/opening-hours';
import { translator } from '$lib/i18n/locale';
import { translateProblems } from '$lib/i18n/problems';

const idOf = (raw: string) => {
	const id = Number(raw);
	return Number.isSafeInteger(id) && id > 0 ? id : null;
};

/** GET: the weekly opening hours (local times in timeZone); public for published instruments. */
export const GET: RequestHandler = apiHandler(async ({ params, locals }) => {
	const t = translator(locals.locale);
	const id = idOf(params.id);
	if (id === null) return apiError(404, 'not_found', t('error.notFound'));
	try {
		const i = await publicSchedule(getDb(), id);
		return json({ instrumentId: i.id, timeZone: i.timezone, openingHours: parseOpeningHours(i.opening_hours) });
	} catch (e) {
		if (e instanceof ServiceError) return serviceErrorResponse(e, t);
		throw e;
	}
});

/** PUT: replaces the weekly opening hours; managers of the instrument's facility only. */
export const PUT: RequestHandler = apiHandler(async ({ params, locals, request }) => {
	const t = translator(locals.locale);
	if (!locals.user) return apiError(401, 'unauthorized', t('error.unauthorized'));
	const id = idOf(params.id);
	if (id === null) return apiError(404, 'not_found', t('error.notFound'));
	const parsed = openingHoursApiSchema.safeParse(await request.json().catch(() => null));
	if (!parsed.success) return apiError(422, 'invalid_input', t('error.badRequest'), parsed.error.issues);
	try {
		const hours = await setOpeningHours(getDb(), locals.user, locals.roles, id, parsed.data.openingHours);
		return json({ instrumentId: id, openingHours: hours });
	} catch (e) {
		if (e instanceof ServiceError && e.kind === 'conflict') {
			const problems = translateProblems(t, e.problems);
			return apiError(422, 'invalid_input', problems.map((p) => p.message).join('; '), { problems });
		}
		if (e instanceof ServiceError) return serviceErrorResponse(e, t);
		throw e;
	}
});
