// OpenAPI 3.1 fragment of the prices and voucher endpoints, spread into src/lib/server/api/openapi.ts.
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const str = (extra: object = {}) => ({ type: 'string', ...extra });
const int = (extra: object = {}) => ({ type: 'integer', ...extra });
const bool = () => ({ type: 'boolean' });
const obj = (properties: Record<string, unknown>, required = Object.keys(properties)) => ({ type: 'object', properties, required });
const arr = (items: unknown) => ({ type: 'array', items });
const nullable = (type: string, extra: object = {}) => ({ type: [type, 'null'], ...extra });
const json = (schema: object, description: string) => ({ description, content: { 'application/json': { schema } } });
const error = (description: string) => json(ref('Error'), description);
const idParam = (description: string) => ({ name: 'id', in: 'path', required: true, description, schema: int({ minimum: 1 }) });
const query = (name: string, schema: object, description: string, required = false) => ({ name, in: 'query', required, description, schema });
const secured = [{ cookieAuth: [] }, { bearerAuth: [] }];
const MODES = ['self', 'assisted', 'sample'];
const KINDS = ['university', 'institute', 'enterprise', 'government', 'service'];

export const voucherSchemas = {
	Price: obj({
		mode: str({ enum: MODES }),
		unit: str({ enum: ['hour', 'sample'] }),
		outsideFen: int({ description: 'fen per hour or per sample for every other institution, the same in all three areas (no area surcharge exists)' }),
		internalFen: int({ description: "fen per hour or per sample for the instrument's own institution" }),
		minBilledMinutes: int({ description: 'hour rules: time is billed in whole units of this many minutes, rounded up' }),
		freeQuotaPerYear: int({ description: 'free public-welfare minutes or samples per person per year; 0 = none' }),
		freeKinds: arr(str({ enum: KINDS })),
		set: bool()
	}),
	Quote: obj({ feeFen: int(), unit: str({ enum: ['hour', 'sample'] }), rateFen: int(), quantity: int(), freeQuantity: int(), internal: bool() }),
	VoucherProgramme: obj({
		id: int(),
		issuerArea: str({ enum: ['BJ', 'TJ', 'HE'] }),
		name: obj({ zh: str(), en: str() }),
		year: int(),
		budgetFen: int(),
		ratioBp: int({ description: 'subsidy ratio in basis points, 10000 = 100 %' }),
		capFen: int({ description: 'cap per enterprise' }),
		validFrom: str({ format: 'date-time' }),
		validTo: str({ format: 'date-time' }),
		model: str({ enum: ['general', 'exchange'], description: 'general 通用: the enterprise claims the subsidy back; exchange 通兑: the provider redeems it' }),
		scope: str({ enum: ['own_area', 'list', 'all'] }),
		status: str({ enum: ['open', 'closed'] }),
		providers: arr(obj({ facilityId: nullable('integer'), institutionId: nullable('integer'), area: nullable('string') }))
	}),
	VoucherGrant: obj({
		id: int(),
		programmeId: int(),
		programme: obj({ zh: str(), en: str() }),
		issuerArea: str(),
		status: str({ enum: ['applied', 'approved', 'rejected'] }),
		requestedFen: int(),
		amountFen: int(),
		reservedFen: int(),
		redeemedFen: int(),
		balanceFen: int({ description: 'amount − reserved − redeemed; never negative' }),
		expiresAt: str({ format: 'date-time' })
	})
};

export const voucherPaths = {
	'/api/v1/instruments/{id}/prices': {
		get: {
			summary: 'Published prices of an instrument (integer fen; a fraction of a fen is rounded half up)',
			parameters: [idParam('instrument id')],
			responses: { 200: json(obj({ instrumentId: int(), currency: str(), rounding: str(), items: arr(ref('Price')) }), 'prices per mode'), 404: error('instrument missing or not published') }
		}
	},
	'/api/v1/instruments/{id}/prices/quote': {
		get: {
			summary: "A quote for the caller (own-institution or outside rate, the caller's free quota); visitors get the outside rate",
			parameters: [idParam('instrument id'), query('mode', str({ enum: MODES }), 'service mode', true), query('start', str({ format: 'date-time' }), 'time modes'), query('end', str({ format: 'date-time' }), 'time modes, exclusive'), query('samples', int({ minimum: 0 }), 'sample mode')],
			responses: { 200: json(ref('Quote'), 'the quote'), 404: error('instrument missing'), 422: error('invalid query') }
		}
	},
	'/api/v1/vouchers/programmes': {
		get: { summary: 'Innovation voucher programmes (创新券) with their shared-resource lists', responses: { 200: json(obj({ items: arr(ref('VoucherProgramme')) }), 'programmes') } }
	},
	'/api/v1/vouchers/grants': {
		get: { summary: "The caller's enterprise's voucher grants with balances", security: secured, responses: { 200: json(obj({ items: arr(ref('VoucherGrant')) }), 'grants'), 401: error('not signed in') } }
	}
};
