// OpenAPI 3.1 fragment of the evaluator report endpoints, spread into src/lib/server/api/openapi.ts.
import { NATIONAL_FIELDS } from '../../domain/statistics/national-record';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const str = (extra: object = {}) => ({ type: 'string', ...extra });
const obj = (properties: Record<string, unknown>, required = Object.keys(properties)) => ({ type: 'object', properties, required });
const arr = (items: unknown) => ({ type: 'array', items });
const query = (name: string, schema: object, description: string) => ({ name, in: 'query', required: false, description, schema });
const error = (description: string) => ({ description, content: { 'application/json': { schema: ref('Error') } } });

export const statisticsReportSchemas = {
	NationalField: obj({ code: str(), zh: str(), en: str(), source: str({ description: 'where the value comes from, or why it is empty' }), held: { type: 'boolean', description: 'false: this platform does not hold it; always null' } }),
	NationalRecord: {
		type: 'object',
		description: 'One instrument in the national platform’s shape, keyed by field code; null where empty or not held. Money in 万元, hours in hours. No personal data: the contact is the facility.',
		properties: Object.fromEntries(NATIONAL_FIELDS.map((f) => [f.code, { type: ['string', 'number', 'null'], description: `${f.zh} — ${f.en}` }])),
		required: NATIONAL_FIELDS.map((f) => f.code)
	}
};

export const statisticsReportPaths = {
	'/api/v1/stats/national-records': {
		get: {
			summary: 'Evaluators: every instrument record of the scope for a year, in the national platform’s shape (streamed)',
			security: [{ cookieAuth: [] }, { bearerAuth: [] }],
			parameters: [
				query('period', str({ pattern: '^\\d{4}$', examples: ['2025'] }), 'a calendar year (Asia/Shanghai); default last year; anything else is 422'),
				query('area', str({ enum: ['BJ', 'TJ', 'HE'] }), "instruments' area; must be one you evaluate (else 403)"),
				query('institution', { type: 'number' }, 'only this institution'),
				query('facility', { type: 'number' }, 'only this facility'),
				query('format', str({ enum: ['json', 'csv', 'xlsx'], default: 'json' }), 'json, or a CSV / XLSX file with the Chinese field names as headers')
			],
			responses: {
				200: {
					description: 'the records in instrument id order',
					content: {
						'application/json': { schema: obj({ year: { type: 'integer' }, period: ref('StatPeriod'), fields: arr(ref('NationalField')), items: arr(ref('NationalRecord')) }) },
						'text/csv': { schema: str() },
						'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: str({ format: 'binary' }) }
					}
				},
				401: error('not signed in, or a bad token'),
				403: error('not an evaluator, or an area outside your scope'),
				404: error('no such institution or facility'),
				422: error('bad query: not a year, or an unknown format')
			}
		}
	}
};
