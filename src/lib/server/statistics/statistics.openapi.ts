// OpenAPI 3.1 fragment of the evaluator statistics endpoints, spread into src/lib/server/api/openapi.ts.
import { METRIC_NAMES } from '../../domain/statistics/metrics';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const str = (extra: object = {}) => ({ type: 'string', ...extra });
const num = (extra: object = {}) => ({ type: 'number', ...extra });
const nullableNum = (description: string) => ({ type: ['number', 'null'], description });
const obj = (properties: Record<string, unknown>, required = Object.keys(properties)) => ({ type: 'object', properties, required });
const arr = (items: unknown) => ({ type: 'array', items });
const json = (schema: object, description: string) => ({ description, content: { 'application/json': { schema } } });
const error = (description: string) => json(ref('Error'), description);
const query = (name: string, schema: object, description: string) => ({ name, in: 'query', required: false, description, schema });
const secured = [{ cookieAuth: [] }, { bearerAuth: [] }];
const AREAS = ['BJ', 'TJ', 'HE'];

const statParams = [
	query('period', str({ examples: ['2025', '2026-Q1', '2026-01', '2026-01-05..2026-02-10'] }), 'year, quarter, month or custom range of days (inclusive) in Asia/Shanghai; default last year'),
	query('area', str({ enum: AREAS }), "instruments' area; must be one you evaluate (else 403)"),
	query('institution', num(), 'only this institution'),
	query('facility', num(), 'only this facility'),
	query('instrument', num(), 'only this instrument')
];
const errors = { 401: error('not signed in, or a bad token'), 403: error('not an evaluator, or an area outside your scope'), 404: error('no such institution, facility or instrument'), 422: error('bad query (zod issues in details)') };

export const statisticsSchemas = {
	StatPeriod: obj({ code: str(), kind: str({ enum: ['month', 'quarter', 'year', 'custom'] }), from: str({ format: 'date-time' }), to: str({ format: 'date-time', description: 'exclusive' }) }),
	StatMetrics: {
		type: 'object',
		description: 'Hours are exact (split at period ends), money in fen, rates 0..1 (null when undefined). Definitions: src/lib/domain/statistics/metrics.ts.',
		properties: Object.fromEntries(METRIC_NAMES.map((m) => [m, m.endsWith('Rate') || m === 'utilisation' ? nullableNum('share 0..1') : num()])),
		required: METRIC_NAMES
	},
	FlowCell: obj({ from: str({ enum: AREAS, description: "user's area" }), to: str({ enum: AREAS, description: "instrument's area" }), hours: num({ description: 'effective hours' }), bookings: num({ description: 'accepted bookings starting in the period' }), revenueFen: num() })
};

export const statisticsPaths = {
	'/api/v1/stats/metrics': {
		get: {
			summary: 'Evaluators: sharing metrics of a selection',
			security: secured,
			parameters: [...statParams, query('level', str({ enum: ['area', 'institution', 'facility', 'instrument'] }), 'also list groups at this level'), query('sort', str({ enum: METRIC_NAMES }), 'rank the groups by this metric'), query('order', str({ enum: ['desc', 'asc'] }), 'desc (default): highest first; asc: lowest first')],
			responses: {
				200: json(obj({ period: ref('StatPeriod'), total: ref('StatMetrics'), previous: ref('StatMetrics'), benchmarks: { type: 'object', additionalProperties: num() }, level: { type: ['string', 'null'] }, groups: arr(obj({ key: str(), name: obj({ zh: str(), en: str() }), areaCode: str(), metrics: ref('StatMetrics') })) }), 'metrics'),
				...errors
			}
		}
	},
	'/api/v1/stats/flows': {
		get: {
			summary: "Evaluators: the area-to-area flow matrix (user's area → instrument's area)",
			security: secured,
			parameters: [statParams[0], statParams[1]],
			responses: { 200: json(obj({ period: ref('StatPeriod'), cells: arr(ref('FlowCell')) }), 'nine cells for all areas; an area evaluator gets the cells of their area'), ...errors }
		}
	},
	'/api/v1/stats/scorecards': {
		get: {
			summary: 'Evaluators: score cards per institution, with grades and the previous period',
			security: secured,
			parameters: statParams,
			responses: {
				200: json(obj({ period: ref('StatPeriod'), cutoffs: obj({ excellent: num(), good: num(), pass: num() }), items: arr(obj({ institution: obj({ id: num(), zh: str(), en: str(), areaCode: str() }), total: { type: ['number', 'null'] }, grade: { type: ['string', 'null'], enum: ['excellent', 'good', 'pass', 'poor', null] }, indicators: arr({ type: 'object' }), previous: obj({ total: { type: ['number', 'null'] }, grade: { type: ['string', 'null'] } }), metrics: ref('StatMetrics') })) }), 'score cards'),
				...errors
			}
		}
	}
};
