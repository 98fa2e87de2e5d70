// Parses the workspace's query parameters (period, area, level, metric, drill-down ids) with zod,
// and maps service errors to HTTP errors for pages and endpoints.
import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { parsePeriod, periodChoices, type Period } from '../../domain/statistics/period';
import { METRIC_NAMES, type MetricName } from '../../domain/statistics/metrics';
import { ServiceError } from '../booking/booking.errors';
import type { Selection } from './statistics.service';

export type BreakdownLevel = 'area' | 'institution' | 'facility' | 'instrument';
const id = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

const schema = z.object({
	period: z.string().max(40).optional(),
	area: z.enum(['BJ', 'TJ', 'HE']).optional(),
	level: z.enum(['area', 'institution', 'facility', 'instrument']).optional(),
	sort: z.enum(METRIC_NAMES as [MetricName, ...MetricName[]]).optional(),
	/** 'asc': lowest first (e.g. which facilities share least) */
	order: z.enum(['desc', 'asc']).optional(),
	institution: id.optional(),
	facility: id.optional(),
	instrument: id.optional()
});

export interface StatQuery {
	period: Period;
	selection: Selection;
	level: BreakdownLevel;
	sort: MetricName;
	/** lowest first */
	ascending: boolean;
	/** the raw values, to fill the form and build links */
	values: { period: string; area: string; level: BreakdownLevel; sort: MetricName; order: 'desc' | 'asc'; institution?: number; facility?: number; instrument?: number };
}

/** Reads the query; a bad value is a 400 with the zod issues (the API wraps it as invalid_input). */
export function parseStatQuery(url: URL, now = Date.now(), defaultPeriod?: string): StatQuery {
	const raw = Object.fromEntries([...url.searchParams].filter(([, v]) => v !== ''));
	const q = schema.parse(raw);
	const code = q.period ?? defaultPeriod ?? periodChoices(now).lastYear;
	const period = parsePeriod(code);
	if (!period) throw new z.ZodError([{ code: 'custom', path: ['period'], message: 'stat_bad_period', input: code }]);
	const selection: Selection = {};
	if (q.area) selection.area = q.area;
	if (q.institution) selection.institutionId = q.institution;
	if (q.facility) selection.facilityId = q.facility;
	if (q.instrument) selection.instrumentId = q.instrument;
	const level = q.level ?? (q.facility ? 'instrument' : q.institution ? 'facility' : q.area ? 'institution' : 'area');
	const sort = q.sort ?? 'effectiveHours';
	const order = q.order ?? 'desc';
	return { period, selection, level, sort, ascending: order === 'asc', values: { period: period.code, area: q.area ?? '', level, sort, order, institution: q.institution, facility: q.facility, instrument: q.instrument } };
}

/** Runs a service call; its ServiceError becomes the matching HTTP error. */
export async function orHttpError<T>(fn: () => Promise<T>, message: (kind: string) => string): Promise<T> {
	try {
		return await fn();
	} catch (e) {
		if (e instanceof ServiceError) error(e.status, { message: message(e.kind), code: e.kind });
		if (e instanceof z.ZodError) error(400, { message: message('invalid_input'), code: 'invalid_input' });
		throw e;
	}
}

import type { RequestEvent } from '@sveltejs/kit';
import { forbidden, requireUser } from '../auth/guards';
import { canEvaluate } from './statistics.service';
import { translator } from '../../i18n/locale';

/** Page guard: a signed-in evaluator or admin; anyone else gets 403. */
export function requireEvaluator(event: Pick<RequestEvent, 'locals' | 'url'>) {
	const user = requireUser(event);
	if (!canEvaluate(event.locals.roles)) forbidden(event.locals);
	return user;
}

/** Maps service error kinds to translated messages for error(). */
export function errorMessage(event: Pick<RequestEvent, 'locals'>) {
	const t = translator(event.locals.locale);
	return (kind: string) => (kind === 'not_found' ? t('error.notFound') : kind === 'forbidden' ? t('error.forbiddenDetail') : t('problem.stat_bad_period'));
}
