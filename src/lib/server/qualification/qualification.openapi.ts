// OpenAPI 3.1 fragment of the qualification endpoints, to be spread into the document in
// src/lib/server/api/openapi.ts (paths into paths, schemas into components.schemas).
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const str = (extra: object = {}) => ({ type: 'string', ...extra });
const int = (extra: object = {}) => ({ type: 'integer', ...extra });
const obj = (properties: Record<string, unknown>, required = Object.keys(properties)) => ({ type: 'object', properties, required });
const arr = (items: unknown) => ({ type: 'array', items });
const nullable = (type: string, extra: object = {}) => ({ type: [type, 'null'], ...extra });
const dateTime = nullable('string', { format: 'date-time' });
const json = (schema: object, description: string) => ({ description, content: { 'application/json': { schema } } });
const error = (description: string) => json(ref('Error'), description);
const idParam = (description: string) => ({ name: 'id', in: 'path', required: true, description, schema: int({ minimum: 1 }) });
const named = obj({ zh: str(), en: str() });

export const qualificationSchemas = {
	QualificationType: obj({
		id: int(),
		code: str(),
		name: named,
		description: str(),
		level: int(),
		validityMonths: int(),
		lapseDays: nullable('integer', { description: 'a grant lapses after this many days without self-operated use' }),
		institution: obj({ id: int(), zh: str(), en: str(), area: str() }),
		covers: obj({ categories: arr(str()), instrumentIds: arr(int()) })
	}),
	Agreement: obj({
		id: int(),
		kind: str({ enum: ['institution', 'area'] }),
		title: str(),
		sideA: { type: 'object', description: '{ institutionId, zh, en } or { area, zh, en }; side A proposed' },
		sideB: { type: 'object' },
		mutual: { type: 'boolean', description: 'every mapping also holds in reverse' },
		status: str({ enum: ['proposed', 'active', 'suspended', 'ended', 'declined', 'withdrawn'], description: 'only active agreements count' }),
		statusReason: nullable('string'),
		validFrom: dateTime,
		validTo: { ...dateTime, description: 'exclusive end; null: open-ended' },
		proposedAt: dateTime,
		acceptedAt: dateTime,
		mappings: arr(obj({ from: obj({ typeId: int(), code: str(), institution: named }), to: obj({ typeId: int(), code: str(), institution: named }) }))
	}),
	HeldQualification: obj({
		id: int(),
		type: obj({ id: int(), code: str(), name: named, level: int(), institution: obj({ zh: str(), en: str(), area: str() }) }),
		status: str({ enum: ['valid', 'expired', 'revoked', 'lapsed', 'not_yet_valid'] }),
		validFrom: dateTime,
		expiresAt: { ...dateTime, description: 'exclusive end' },
		validUntil: { ...dateTime, description: 'when it stops counting (expiry or lapse), null unless valid' },
		revokedAt: dateTime,
		revokeReason: nullable('string'),
		trainingDate: dateTime,
		trainer: str(),
		recognisedAs: arr(obj({ via: str({ enum: ['agreement', 'case'] }), id: int(), status: str(), agreementKind: nullable('string'), typeId: int(), code: str(), where: named, validTo: dateTime }))
	}),
	SelfOperationDecision: obj({
		instrumentId: int(),
		at: dateTime,
		allowed: { type: 'boolean' },
		reason: str({ description: 'one sentence, in the request language, e.g. 你可以自主上机，因为你持有的天津大学 SEM-L2 资质依据单位互认协议 #12 在本平台有效…' }),
		misses: arr(obj({ code: str({ description: 'not_held, expired, revoked, lapsed, agreement_suspended, agreement_ended, case_pending, …' }), message: str() })),
		basis: {
			type: ['object', 'null'],
			description: 'why allowed: kind none (no requirement) | direct | agreement | case',
			properties: { kind: str(), qualificationId: nullable('integer'), agreementId: nullable('integer'), caseId: nullable('integer'), validUntil: dateTime }
		},
		required: { type: ['object', 'null'], description: 'the type the instrument requires for self-operation' }
	})
};

export const qualificationPaths = {
	'/api/v1/qualification-types': {
		get: {
			summary: 'Qualification types (public)',
			parameters: [{ name: 'institutionId', in: 'query', required: false, description: 'only this institution’s types', schema: int({ minimum: 1 }) }],
			responses: { 200: json(obj({ items: arr(ref('QualificationType')) }), 'the types'), 422: error('bad institutionId') }
		}
	},
	'/api/v1/qualification-types/{id}': {
		get: { summary: 'One qualification type (public)', parameters: [idParam('type id')], responses: { 200: json(obj({ type: ref('QualificationType') }), 'the type'), 404: error('no such type') } }
	},
	'/api/v1/me/qualifications': {
		get: {
			summary: 'My qualifications and where each is recognised; ?userId= for a person I manage',
			description: 'Visible to the person, the platform admin, managers at the person’s institution, and managers of the issuing institution (its grants only).',
			security: [{ cookieAuth: [] }, { bearerAuth: [] }],
			parameters: [{ name: 'userId', in: 'query', required: false, description: 'another person (managers and admin)', schema: int({ minimum: 1 }) }],
			responses: { 200: json(obj({ userId: int(), items: arr(ref('HeldQualification')) }), 'the wallet'), 401: error('not signed in'), 403: error('not this person’s manager'), 404: error('no such person') }
		}
	},
	'/api/v1/agreements': {
		get: {
			summary: 'Recognition agreements: who recognises whom (public)',
			parameters: [{ name: 'status', in: 'query', required: false, description: 'only this status', schema: str({ enum: ['proposed', 'active', 'suspended', 'ended', 'declined', 'withdrawn'] }) }],
			responses: { 200: json(obj({ items: arr(ref('Agreement')) }), 'agreements, active first') }
		}
	},
	'/api/v1/agreements/{id}': {
		get: { summary: 'One recognition agreement (public)', parameters: [idParam('agreement id')], responses: { 200: json(obj({ agreement: ref('Agreement') }), 'the agreement'), 404: error('no such agreement') } }
	},
	'/api/v1/instruments/{id}/self-operation': {
		get: {
			summary: 'May I self-operate this instrument at time T?',
			description: 'Decided at the instant `at` as a booking starting then would be: the required type held directly, or through an active agreement or accepted case recognition; validity is half-open, so an expiry exactly at `at` does not count; no chains of recognitions.',
			security: [{ cookieAuth: [] }, { bearerAuth: [] }],
			parameters: [idParam('instrument id'), { name: 'at', in: 'query', required: false, description: 'ISO 8601 instant with offset (default now)', schema: str({ format: 'date-time' }) }],
			responses: { 200: json(ref('SelfOperationDecision'), 'the decision with its reason'), 401: error('not signed in'), 404: error('no such instrument'), 422: error('bad at') }
		}
	}
};
