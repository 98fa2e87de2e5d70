// Shared by the /api/v1/stats endpoints: the evaluator check, the query, and JSON shapes
// (hours as exact numbers, money in fen, ISO period bounds). No personal data.
import { error, type RequestEvent } from '@sveltejs/kit';
import { canEvaluate } from './statistics.service';
import { parseStatQuery, type StatQuery } from './statistics.query';
import { ServiceError } from '../booking/booking.errors';
import { apiError } from '../api/respond';
import { translator } from '../../i18n/locale';

export function apiStatQuery(event: RequestEvent): StatQuery {
	if (!event.locals.user) error(401, { message: translator(event.locals.locale)('error.unauthorized'), code: 'unauthorized' });
	if (!canEvaluate(event.locals.roles)) error(403, { message: translator(event.locals.locale)('error.forbidden'), code: 'forbidden' });
	return parseStatQuery(event.url);
}

export function periodJson(q: StatQuery) {
	return { code: q.period.code, kind: q.period.kind, from: new Date(q.period.start).toISOString(), to: new Date(q.period.end).toISOString() };
}

/** ServiceError → JSON error; anything else is rethrown for apiHandler. */
export function serviceErrorJson(event: RequestEvent, e: unknown): Response {
	if (e instanceof ServiceError) {
		const t = translator(event.locals.locale);
		return apiError(e.status, e.kind, e.kind === 'forbidden' ? t('error.forbidden') : t('error.notFound'));
	}
	throw e;
}
