// The OpenAPI 3.1 description of the JSON API v1, served at /api/v1/openapi.json.
// Keep it in step with the endpoints: catalogue (catalogue.json.ts), availability and bookings (booking.json.ts).
import { AREA_CODES, FACILITY_KINDS, SERVICE_MODES } from '../../domain/catalogue/facility-kinds';
import { qualificationPaths, qualificationSchemas } from '../qualification/qualification.openapi';
import { statisticsPaths, statisticsSchemas } from '../statistics/statistics.openapi'; // statistics
import { statisticsReportPaths, statisticsReportSchemas } from '../statistics/statistics.reports.openapi'; // statistics reports
import { voucherPaths, voucherSchemas } from '../voucher/voucher.openapi'; // voucher
import { CATEGORY_CODES } from '../../domain/catalogue/categories';
import { DEFAULT_PAGE_SIZE, INSTRUMENT_SORTS, INSTRUMENT_STATUSES, MAX_PAGE_SIZE } from '../catalogue/catalogue.query';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const str = (extra: object = {}) => ({ type: 'string', ...extra });
const int = (extra: object = {}) => ({ type: 'integer', ...extra });
const obj = (properties: Record<string, unknown>, required = Object.keys(properties)) => ({ type: 'object', properties, required });
const arr = (items: unknown) => ({ type: 'array', items });
const nullable = (type: string, extra: object = {}) => ({ type: [type, 'null'], ...extra });
const dateTime = (description?: string) => str({ format: 'date-time', ...(description ? { description } : {}) });
const query = (name: string, schema: object, description: string, required = false) => ({ name, in: 'query', required, description, schema });
const idParam = (description: string) => ({ name: 'id', in: 'path', required: true, description, schema: int({ minimum: 1 }) });
const body = (schema: object, description: string) => ({ description, content: { 'application/json': { schema } } });
const error = (description: string) => body(ref('Error'), description);
const secured = [{ cookieAuth: [] }, { bearerAuth: [] }];
const pageParams = [
	query('page', int({ minimum: 1, default: 1 }), 'page number, from 1'),
	query('pageSize', int({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE }), 'results per page')
];
const paged = (items: string, extra: Record<string, unknown>) =>
	obj({ items: arr(ref(items)), total: int(), page: int(), pageSize: int(), pages: int(), ...extra });
const areaCounts = obj(Object.fromEntries(AREA_CODES.map((a) => [a, int()])));

const schemas = {
	Error: obj({
		error: obj({
			code: str({ description: 'stable machine-readable code, e.g. not_found, invalid_input, booking_rejected, unauthorized' }),
			message: str({ description: "human-readable, in the request's language" }),
			details: { description: 'zod issues for invalid_input; { problems: Problem[] } for booking_rejected; else null' }
		})
	}),
	Problem: obj({
		code: str({ description: 'e.g. overlaps_booking, outside_opening_hours, too_short, needs_qualification' }),
		params: { type: 'object', additionalProperties: { type: ['string', 'number'] } },
		message: str()
	}),
	LocalizedName: obj({ zh: str(), en: str() }),
	Area: obj({ code: str({ enum: AREA_CODES }), zh: str(), en: str() }),
	FacetCount: obj({ value: str(), count: int(), label: ref('LocalizedName') }),
	Instrument: obj({
		id: int(),
		name: ref('LocalizedName'),
		model: str(),
		manufacturer: str(),
		category: obj({ code: str({ enum: CATEGORY_CODES }), zh: str(), en: str() }),
		valueFen: int({ description: 'original value in fen (1/100 yuan)' }),
		purchaseYear: int(),
		status: str({ enum: INSTRUMENT_STATUSES }),
		modes: arr(str({ enum: SERVICE_MODES })),
		priceHourFen: int({ description: 'hourly price for outside users, fen' }),
		area: ref('Area'),
		city: obj({ id: int(), zh: str(), en: str() }),
		facility: obj({ id: int(), zh: str(), en: str(), kind: str({ enum: FACILITY_KINDS }) }),
		institution: obj({ id: int(), zh: str(), en: str() }),
		url: str({ description: 'the instrument page' })
	}),
	InstrumentDetail: {
		allOf: [
			ref('Instrument'),
			obj({
				specifications: str(),
				requiredQualification: nullable('string'),
				photoUrl: nullable('string'),
				timeZone: str({ examples: ['Asia/Shanghai'] }),
				openingHours: arr(obj({ weekday: int({ minimum: 1, maximum: 7, description: '1 = Monday' }), start: str({ pattern: '^\\d{2}:\\d{2}$' }), end: str({ pattern: '^\\d{2}:\\d{2}$' }) })),
				bookingRules: obj({
					slotMinutes: int(),
					minMinutes: int(),
					maxMinutes: int(),
					noticeMinutes: int(),
					horizonDays: int(),
					cancelDeadlineMinutes: int(),
					approvalMode: str({ enum: ['auto', 'manager', 'auto_internal'] }),
					crossAreaNeedsApproval: { type: 'boolean' }
				}),
				updatedAt: dateTime()
			})
		]
	},
	InstrumentPage: paged('Instrument', {
		facets: obj({
			area: arr(ref('FacetCount')),
			city: { ...arr(ref('FacetCount')), description: 'empty until an area is chosen' },
			kind: arr(ref('FacetCount')),
			category: arr(ref('FacetCount')),
			mode: arr(ref('FacetCount'))
		})
	}),
	Facility: obj({
		id: int(),
		name: ref('LocalizedName'),
		kind: str({ enum: FACILITY_KINDS }),
		kindLabel: ref('LocalizedName'),
		area: ref('Area'),
		city: obj({ id: int(), zh: str(), en: str() }),
		institution: obj({ id: int(), zh: str(), en: str(), areaCode: str({ enum: AREA_CODES }) }),
		crossArea: { type: 'boolean', description: 'the facility sits in another area than its institution (it counts for its own area)' },
		accreditations: arr(str({ examples: ['CMA', 'CNAS'] })),
		instrumentCount: int({ description: 'published instruments not retired' }),
		confirmedAt: dateTime('when the facility last re-confirmed its listings'),
		url: str()
	}),
	FacilityCounts: obj({
		byKind: obj(Object.fromEntries(FACILITY_KINDS.map((k) => [k, int()]))),
		byArea: areaCounts,
		byKindAndArea: obj(Object.fromEntries(FACILITY_KINDS.map((k) => [k, areaCounts]))),
		total: int()
	}),
	FacilityPage: paged('Facility', { counts: { ...ref('FacilityCounts'), description: 'over all facilities, whatever the filters' } }),
	Interval: obj({ start: dateTime(), end: dateTime() }),
	BusyInterval: obj(
		{
			start: dateTime(),
			end: dateTime(),
			bookingId: int({ description: "only for the instrument's managers" }),
			status: str({ description: "only for the instrument's managers" }),
			userName: str({ description: "only for the instrument's managers" })
		},
		['start', 'end']
	),
	Availability: obj({
		instrumentId: int(),
		timeZone: str(),
		from: dateTime(),
		to: dateTime(),
		open: arr(ref('Interval')),
		busy: arr(ref('BusyInterval')),
		closures: arr(obj({ start: dateTime(), end: dateTime(), kind: str(), reason: str() })) // schedule capability: closed time (already cut from open)
	}),
	NewBooking: obj(
		{
			instrumentId: int({ minimum: 1 }),
			start: dateTime('ISO 8601 with offset, e.g. 2026-12-01T01:00:00Z'),
			end: dateTime('exclusive: ranges are half-open [start, end)'),
			mode: str({ enum: ['self', 'assisted'] }),
			purpose: str({ minLength: 2, maxLength: 500 }),
			project: str({ maxLength: 200 }),
			voucherGrantId: int({ minimum: 1, description: "voucher: the caller's enterprise grant to reserve the voucher share on" })
		},
		['instrumentId', 'start', 'end', 'mode', 'purpose']
	),
	Booking: obj({
		id: int(),
		instrumentId: int(),
		mode: str({ enum: SERVICE_MODES }),
		start: dateTime(),
		end: dateTime(),
		status: str({ enum: ['requested', 'approved', 'rejected', 'cancelled', 'checked_in', 'completed', 'no_show'] }),
		purpose: str(),
		project: str(),
		quoteFen: int(),
		decisionReason: nullable('string'),
		createdAt: dateTime()
	}),
	MyBooking: obj({
		id: int(),
		instrumentId: int(),
		instrumentName: ref('LocalizedName'),
		mode: str({ enum: SERVICE_MODES }),
		start: dateTime(),
		end: dateTime(),
		status: str(),
		purpose: str(),
		project: str(),
		quoteFen: int(),
		decisionReason: nullable('string')
	}),
	// --- schedule capability
	OpeningRange: obj({
		weekday: int({ minimum: 1, maximum: 7, description: '1 = Monday' }),
		start: str({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$', description: "local time in the instrument's zone" }),
		end: str({ pattern: '^(([01]\\d|2[0-3]):[0-5]\\d|24:00)$', description: 'after start; 24:00 = end of the day' })
	}),
	OpeningHours: obj({ instrumentId: int(), timeZone: str({ examples: ['Asia/Shanghai'] }), openingHours: arr(ref('OpeningRange')) }),
	Closure: obj(
		{
			id: int(),
			kind: str({ enum: ['maintenance', 'holiday', 'outage', 'other'] }),
			reason: str(),
			recurrence: str({ enum: ['once', 'weekly'] }),
			start: dateTime('once: closed from'),
			end: dateTime('once: closed until (exclusive)'),
			weekday: int({ minimum: 1, maximum: 7, description: 'weekly: ISO weekday' }),
			startTime: str({ description: 'weekly: local HH:MM' }),
			endTime: str({ description: 'weekly: local HH:MM or 24:00' }),
			fromDate: nullable('string', { description: 'weekly: first local day YYYY-MM-DD' }),
			untilDate: nullable('string', { description: 'weekly: last local day YYYY-MM-DD (inclusive)' })
		},
		['id', 'kind', 'reason', 'recurrence']
	),
	NewClosure: obj(
		{
			recurrence: str({ enum: ['once', 'weekly'] }),
			kind: str({ enum: ['maintenance', 'holiday', 'outage', 'other'] }),
			reason: str({ minLength: 2, maxLength: 200 }),
			start: dateTime('once'),
			end: dateTime('once'),
			weekday: int({ minimum: 1, maximum: 7 }),
			startTime: str(),
			endTime: str(),
			fromDate: nullable('string'),
			untilDate: nullable('string'),
			resolutions: arr(
				obj(
					{ bookingId: int(), action: str({ enum: ['cancel', 'move'] }), start: dateTime('move: new start'), end: dateTime('move: new end') },
					['bookingId', 'action']
				)
			)
		},
		['recurrence', 'kind', 'reason']
	),
	// --- end schedule capability
	Health: obj({ status: str({ enum: ['ok'] }), database: str({ enum: ['sqlite', 'postgres'] }) }),
	// --- usage capability: usage records, check-in/out, sample requests
	UsageRecord: obj({
		id: int(),
		bookingId: nullable('integer'),
		instrumentId: int(),
		userId: int({ description: 'who used the instrument' }),
		userName: nullable('string'),
		operatorUserId: nullable('integer', { description: 'who ran it: the user when self-operated, the assigned staff when assisted' }),
		operatorName: nullable('string'),
		start: dateTime('actual start'),
		end: nullable('string', { format: 'date-time', description: 'actual end; null while in use' }),
		minutes: nullable('integer'),
		source: str({ enum: ['checkin', 'manager', 'sample'] }),
		notes: str()
	}),
	CheckInOut: obj({ code: str({ description: "the instrument's check-in code; required for the booker, not for its managers or assigned operator" }) }, []),
	NewSampleRequest: obj(
		{
			instrumentId: int({ minimum: 1 }),
			sampleCount: int({ minimum: 1, maximum: 1000 }),
			sampleKind: str({ maxLength: 200 }),
			hazards: str({ maxLength: 500 }),
			wantedDate: nullable('string', { pattern: '^\\d{4}-\\d{2}-\\d{2}$' }),
			notes: str({ maxLength: 2000 }),
			// sample vouchers
			voucherGrantId: nullable('integer', { description: "one of the requester's enterprise grants: its voucher share of the per-sample quote is reserved with the request" })
		},
		['instrumentId', 'sampleCount', 'sampleKind']
	),
	SampleRequest: obj({
		id: int(),
		instrumentId: int(),
		instrumentName: ref('LocalizedName'),
		userId: int(),
		sampleCount: int(),
		sampleKind: str(),
		hazards: str(),
		wantedDate: nullable('string'),
		notes: str(),
		status: str({ enum: ['submitted', 'accepted', 'rejected', 'received', 'testing', 'reported', 'cancelled'] }),
		quoteFen: nullable('integer'),
		rejectReason: nullable('string'),
		bookingId: nullable('integer', { description: "the 'sample' booking holding the instrument time" }),
		scheduledStart: nullable('string', { format: 'date-time' }),
		scheduledEnd: nullable('string', { format: 'date-time' }),
		result: { oneOf: [{ type: 'null' }, obj({ name: str(), size: int(), url: str({ description: 'download (requester and facility managers only)' }) })] },
		reportedAt: nullable('string', { format: 'date-time' }),
		createdAt: dateTime()
	}),
	// --- end usage capability
	// --- notifications
	Notification: obj({
		id: int(),
		kind: str({ description: 'booking_requested, booking_approved, booking_rejected, booking_cancelled, booking_cancelled_by_manager, booking_reminder, closure_conflict, no_show, sample_status' }),
		entity: str({ description: 'what it is about, e.g. booking' }),
		entityId: int(),
		title: str({ description: "in the person's locale" }),
		body: str(),
		createdAt: dateTime(),
		readAt: nullable('string', { format: 'date-time' })
	}),
	// --- end notifications
	// --- instrument-admin: the manager's own instruments (fields as the management form)
	ManagedInstrumentInput: {
		type: 'object',
		description: 'Fields as the management form; money in yuan (at most two decimals, "80万" allowed). POST needs every required field and facilityId; PATCH changes only the fields given.',
		properties: {
			facilityId: int({ description: 'POST only: a facility you manage' }),
			nameZh: str({ minLength: 2, maxLength: 100 }),
			nameEn: str({ minLength: 2, maxLength: 150 }),
			model: str({ maxLength: 100 }),
			manufacturer: str({ maxLength: 100 }),
			categoryCode: str({ description: 'code 01–15 of the national classification, or its name' }),
			valueYuan: { type: ['string', 'number'], description: 'original value in yuan' },
			purchaseYear: { type: ['string', 'integer'] },
			acceptanceDate: nullable('string', { format: 'date', description: 'day of acceptance (验收), YYYY-MM-DD' }),
			accreditations: { type: ['string', 'array'], items: str(), description: 'e.g. ["CMA","CNAS"] or "CMA,CNAS"' },
			specifications: str({ maxLength: 4000 }),
			modes: { type: ['string', 'array'], items: str({ enum: SERVICE_MODES }) },
			status: str({ enum: INSTRUMENT_STATUSES }),
			priceHourYuan: { type: ['string', 'number'], description: 'price per hour in yuan; empty for free' },
			published: { type: ['boolean', 'string'] }
		},
		required: []
	},
	ManagedInstrument: obj({
		id: int(),
		facilityId: int(),
		nameZh: str(),
		nameEn: str(),
		model: str(),
		manufacturer: str(),
		categoryCode: str({ enum: CATEGORY_CODES }),
		valueFen: int(),
		purchaseYear: int(),
		acceptanceDate: nullable('string', { format: 'date' }),
		accreditations: arr(str()),
		specifications: str(),
		modes: arr(str({ enum: SERVICE_MODES })),
		status: str({ enum: INSTRUMENT_STATUSES }),
		priceHourFen: int(),
		published: { type: 'boolean' },
		photoUrl: nullable('string'),
		confirmedAt: dateTime('when the listing was last confirmed (an edit confirms it)'),
		stale: { type: 'boolean', description: 'not confirmed within LISTING_STALE_DAYS (default 90)' },
		lateRegistration: { type: 'boolean', description: 'registered more than 30 working days after acceptance' },
		createdAt: dateTime(),
		updatedAt: dateTime(),
		url: str()
	}),
	// --- end instrument-admin
};

const paths = {
	'/api/v1/instruments': {
		get: {
			summary: 'Search the catalogue',
			description:
				'Published instruments (retired ones only with status=retired). q matches Chinese substrings of 2+ characters and English words in names, model, manufacturer, facility and institution; common abbreviations expand (电镜, NMR, SEM, XRD…); words are ANDed. Each facet is counted with the other filters applied and its own left out.',
			parameters: [
				query('q', str({ maxLength: 100 }), 'search text'),
				query('area', str({ enum: AREA_CODES }), 'area of the instrument (its facility)'),
				query('city', int({ minimum: 1 }), 'city or district id'),
				query('kind', str({ enum: FACILITY_KINDS }), 'facility kind'),
				query('category', str({ enum: CATEGORY_CODES }), 'top-level category code'),
				query('mode', str({ enum: SERVICE_MODES }), 'service mode offered'),
				query('status', str({ enum: INSTRUMENT_STATUSES }), 'one status; default: all but retired'),
				query('sort', str({ enum: INSTRUMENT_SORTS, default: 'relevance' }), 'relevance (name matches first), name, value (desc) or newest (purchase year desc)'),
				...pageParams
			],
			responses: { 200: body(ref('InstrumentPage'), 'one page of results with facets'), 422: error('invalid query parameters (zod issues in details)') }
		}
	},
	'/api/v1/instruments/{id}': {
		get: {
			summary: 'One instrument',
			parameters: [idParam('instrument id')],
			responses: { 200: body(obj({ instrument: ref('InstrumentDetail') }), 'the instrument'), 404: error('missing or not published') }
		}
	},
	'/api/v1/instruments/{id}/availability': {
		get: {
			summary: 'Open and busy time of an instrument',
			description: "Open intervals from opening hours, busy ones from active bookings; booking details only for the instrument's managers. At most 62 days.",
			parameters: [
				idParam('instrument id'),
				query('from', str({ format: 'date-time' }), 'window start, ISO 8601 UTC', true),
				query('to', str({ format: 'date-time' }), 'window end (exclusive), ISO 8601 UTC', true)
			],
			responses: { 200: body(ref('Availability'), 'free/busy in the window'), 404: error('missing or not published'), 422: error('bad or too long window') }
		}
	},
	// --- schedule capability
	'/api/v1/instruments/{id}/opening-hours': {
		get: {
			summary: 'Weekly opening hours of an instrument',
			parameters: [idParam('instrument id')],
			responses: { 200: body(ref('OpeningHours'), "local times in the instrument's zone"), 404: error('missing or not published') }
		},
		put: {
			summary: 'Replace the weekly opening hours',
			description: "Managers of the instrument's facility only. Several ranges a day; no overlaps within a day; end after start.",
			security: secured,
			parameters: [idParam('instrument id')],
			requestBody: { required: true, ...body(obj({ openingHours: arr(ref('OpeningRange')) }), 'the new hours') },
			responses: {
				200: body(obj({ instrumentId: int(), openingHours: arr(ref('OpeningRange')) }), 'saved'),
				401: error('not signed in'),
				403: error("not a manager of the instrument's facility"),
				404: error('no such instrument'),
				422: error('invalid hours: details.problems lists each (hours_overlap, hours_invalid_time, hours_end_not_after_start)')
			}
		}
	},
	'/api/v1/instruments/{id}/closures': {
		get: {
			summary: 'Closures of an instrument (maintenance, holidays, outages)',
			parameters: [idParam('instrument id')],
			responses: { 200: body(obj({ instrumentId: int(), timeZone: str(), items: arr(ref('Closure')) }), 'one-off and weekly closures'), 404: error('missing or not published') }
		},
		post: {
			summary: 'Create a closure',
			description:
				"Managers of the instrument's facility only. If active bookings lie under the closure nothing is saved and the answer is 409 closure_conflicts with details.conflicts; send the closure again with a resolution for each booking (cancel with the closure's reason, or move to a new time checked like a new booking). All changes commit together.",
			security: secured,
			parameters: [idParam('instrument id')],
			requestBody: { required: true, ...body(ref('NewClosure'), 'the closure, with resolutions when bookings conflict') },
			responses: {
				201: body(obj({ closure: ref('Closure'), cancelledBookingIds: arr(int()), movedBookingIds: arr(int()) }), 'saved'),
				401: error('not signed in'),
				403: error("not a manager of the instrument's facility"),
				404: error('no such instrument'),
				409: error('closure_conflicts (details.conflicts: bookings to resolve) or booking_rejected (a move or the closure breaks a rule: details.problems)'),
				422: error('invalid fields')
			}
		}
	},
	// --- end schedule capability
	'/api/v1/facilities': {
		get: {
			summary: 'List facilities with counts by kind and area',
			parameters: [query('area', str({ enum: AREA_CODES }), 'area where the facility sits'), query('kind', str({ enum: FACILITY_KINDS }), 'facility kind'), ...pageParams],
			responses: { 200: body(ref('FacilityPage'), 'one page of facilities and the counts'), 422: error('invalid query parameters') }
		}
	},
	'/api/v1/bookings': {
		post: {
			summary: 'Book instrument time',
			security: secured,
			requestBody: { required: true, ...body(ref('NewBooking'), 'the booking request') },
			responses: {
				201: body(obj({ booking: ref('Booking') }), 'created: status approved or requested (awaiting a manager)'),
				401: error('not signed in, or a bad token'),
				403: error('not allowed'),
				404: error('instrument missing or not published'),
				409: error("rejected by the booking rules: error.code = 'booking_rejected', error.details = { problems: Problem[] } with every problem"),
				422: error('invalid fields (zod issues in details)')
			}
		}
	},
	'/api/v1/me/bookings': {
		get: {
			summary: 'My bookings',
			security: secured,
			responses: { 200: body(obj({ items: arr(ref('MyBooking')) }), 'bookings of the signed-in person'), 401: error('not signed in') }
		}
	},
	'/api/v1/bookings/{id}/cancel': {
		post: {
			summary: 'Cancel my booking',
			security: secured,
			parameters: [idParam('booking id')],
			responses: {
				200: body(obj({ booking: ref('Booking') }), 'the cancelled booking'),
				401: error('not signed in'),
				404: error('no such booking of yours'),
				409: error("cannot be cancelled (e.g. past the deadline): code 'booking_rejected' with problems")
			}
		}
	},
	// --- notifications
	'/api/v1/me/notifications': {
		get: {
			summary: 'My notifications, newest first',
			security: secured,
			parameters: [query('unread', str({ enum: ['1'] }), 'only unread ones'), query('limit', int({ minimum: 1, maximum: 200, default: 50 }), 'how many')],
			responses: { 200: body(obj({ unread: int({ description: 'unread count' }), items: arr(ref('Notification')) }), 'notifications of the signed-in person'), 401: error('not signed in') }
		}
	},
	'/api/v1/me/notifications/{id}/read': {
		post: {
			summary: 'Mark one of my notifications read (idempotent)',
			security: secured,
			parameters: [idParam('notification id')],
			responses: { 200: body(obj({ id: int(), read: { type: 'boolean' }, unread: int() }), 'marked read'), 401: error('not signed in'), 404: error('no such notification of yours') }
		}
	},
	// --- end notifications
	// --- instrument-admin
	'/api/v1/manage/instruments': {
		get: {
			summary: 'Instruments of the facilities I manage',
			security: secured,
			parameters: [query('facilityId', int({ minimum: 1 }), 'only this facility (one you manage)')],
			responses: { 200: body(obj({ items: arr(ref('ManagedInstrument')), total: int() }), 'my instruments'), 401: error('not signed in'), 403: error('not a manager of that facility') }
		},
		post: {
			summary: 'Create an instrument in a facility I manage',
			security: secured,
			requestBody: body(ref('ManagedInstrumentInput'), 'the instrument, with facilityId'),
			responses: {
				201: body(obj({ instrument: ref('ManagedInstrument') }), 'created, indexed for search and audited'),
				401: error('not signed in'),
				403: error('not a manager of that facility'),
				422: error('invalid fields: details.problems lists { field, code, params, message } for each')
			}
		}
	},
	'/api/v1/manage/instruments/{id}': {
		get: {
			summary: 'One of my instruments',
			security: secured,
			parameters: [idParam('instrument id')],
			responses: { 200: body(obj({ instrument: ref('ManagedInstrument') }), 'the instrument'), 401: error('not signed in'), 403: error('not your facility'), 404: error('no such instrument') }
		},
		patch: {
			summary: 'Change fields of one of my instruments (also confirms the listing)',
			security: secured,
			parameters: [idParam('instrument id')],
			requestBody: body(ref('ManagedInstrumentInput'), 'the fields to change'),
			responses: {
				200: body(obj({ instrument: ref('ManagedInstrument') }), 'changed'),
				401: error('not signed in'),
				403: error('not your facility; nothing changed'),
				404: error('no such instrument'),
				422: error('invalid fields: details.problems lists { field, code, params, message } for each')
			}
		}
	},
	// --- end instrument-admin
	// --- usage capability
	'/api/v1/instruments/{id}/usage-records': {
		get: {
			summary: 'Usage records of an instrument (its managers)',
			description: 'Actual use (上机记录), newest first, at most 200: what statistics count.',
			security: secured,
			parameters: [idParam('instrument id')],
			responses: { 200: body(obj({ items: arr(ref('UsageRecord')) }), 'usage records'), 401: error('not signed in'), 403: error('not a manager of the facility'), 404: error('no such instrument') }
		}
	},
	'/api/v1/bookings/{id}/check-in': {
		post: {
			summary: 'Check a booking in (from 15 minutes before the start until the no-show threshold)',
			security: secured,
			parameters: [idParam('booking id')],
			requestBody: { required: false, ...body(ref('CheckInOut'), 'the check-in code (booker only)') },
			responses: {
				200: body(obj({ booking: ref('Booking'), usageRecord: ref('UsageRecord') }), 'the booking and its usage record'),
				401: error('not signed in'),
				404: error('no such booking, or not yours / not run by you'),
				409: error("code 'rejected' with problems, e.g. checkin_code_wrong, checkin_too_early, checkin_too_late, not_checked_in"),
				422: error('invalid body')
			}
		}
	},
	'/api/v1/bookings/{id}/check-out': {
		post: {
			summary: 'Check a checked-in booking out (closes its usage record)',
			security: secured,
			parameters: [idParam('booking id')],
			requestBody: { required: false, ...body(ref('CheckInOut'), 'the check-in code (booker only)') },
			responses: {
				200: body(obj({ booking: ref('Booking'), usageRecord: ref('UsageRecord') }), 'the booking and its usage record'),
				401: error('not signed in'),
				404: error('no such booking, or not yours / not run by you'),
				409: error("code 'rejected' with problems, e.g. checkin_code_wrong, checkin_too_early, checkin_too_late, not_checked_in"),
				422: error('invalid body')
			}
		}
	},
	'/api/v1/sample-requests': {
		get: {
			summary: 'Sample-testing requests: mine, or those of the facilities I manage',
			security: secured,
			parameters: [query('scope', str({ enum: ['own', 'managed'], default: 'own' }), 'own requests or managed facilities')],
			responses: { 200: body(obj({ items: arr(ref('SampleRequest')) }), 'requests, newest first'), 401: error('not signed in'), 422: error('bad scope') }
		},
		post: {
			summary: 'Request sample testing (送样检测)',
			security: secured,
			requestBody: { required: true, ...body(ref('NewSampleRequest'), 'the request') },
			responses: {
				201: body(obj({ sampleRequest: ref('SampleRequest') }), 'submitted'),
				401: error('not signed in'),
				404: error('instrument missing or not published'),
				409: error("code 'rejected' with problems, e.g. mode_not_offered"),
				422: error('invalid fields (zod issues in details)')
			}
		}
	},
	// --- end usage capability
	'/api/v1/openapi.json': { get: { summary: 'This document', responses: { 200: { description: 'OpenAPI 3.1 document' } } } },
	'/healthz': {
		get: {
			summary: 'Health check',
			description: 'Runs a trivial query against the database.',
			responses: { 200: body(ref('Health'), 'up'), 503: body({ allOf: [obj({ status: str({ enum: ['unavailable'] }), database: str() }), ref('Error')] }, 'the database does not answer') }
		}
	}
};

export const openApiDocument = {
	openapi: '3.1.0',
	info: {
		title: 'JJJ Instrument Share API (京津冀大型科研仪器共享预约平台)',
		version: '1.0.0',
		description:
			'Public catalogue and booking API. Times are ISO 8601 UTC instants (shown in Asia/Shanghai by the portal), money is integer fen. Errors are { "error": { code, message, details } } in the language of Accept-Language or the locale cookie. Unknown /api/ paths answer a JSON 404.'
	},
	servers: [{ url: '/' }],
	paths: { ...paths, ...statisticsPaths /* statistics */, ...statisticsReportPaths /* statistics reports */, ...qualificationPaths, ...voucherPaths /* voucher */ },
	components: {
		schemas: { ...schemas, ...statisticsSchemas /* statistics */, ...statisticsReportSchemas /* statistics reports */, ...qualificationSchemas, ...voucherSchemas /* voucher */ },
		securitySchemes: {
			cookieAuth: { type: 'apiKey', in: 'cookie', name: 'session', description: 'the browser session after logging in at /login' },
			bearerAuth: { type: 'http', scheme: 'bearer', description: 'a personal API token created on the account page' }
		}
	}
};
