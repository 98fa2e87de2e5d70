// Sample-testing SQL: requests, their lists, and the booking row that holds the instrument time.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { SampleRequestTable, SampleStatus } from '../db/tables/usage';
import type { Updateable } from 'kysely';

type Q = Kysely<Database>;

const COLUMNS = [
	'sample_requests.id',
	'sample_requests.instrument_id',
	'sample_requests.facility_id',
	'sample_requests.user_id',
	'sample_requests.sample_count',
	'sample_requests.sample_kind',
	'sample_requests.hazards',
	'sample_requests.wanted_date',
	'sample_requests.notes',
	'sample_requests.status',
	'sample_requests.quote_fen',
	'sample_requests.reject_reason',
	'sample_requests.booking_id',
	'sample_requests.result_path',
	'sample_requests.result_name',
	'sample_requests.result_type',
	'sample_requests.result_size',
	'sample_requests.reported_at',
	'sample_requests.decided_by',
	'sample_requests.decided_at',
	'sample_requests.user_area_code',
	'sample_requests.user_institution_id',
	'sample_requests.created_at',
	'sample_requests.updated_at',
	'instruments.name_zh as instrument_name_zh',
	'instruments.name_en as instrument_name_en',
	'users.name as user_name',
	'users.email as user_email',
	'bookings.start_at as scheduled_start',
	'bookings.end_at as scheduled_end',
	// the money: the price quote when sent (and its free samples), the final charge on the report
	'sample_charges.quote_fen as price_quote_fen',
	'sample_charges.free_quantity as free_samples',
	'sample_charges.final_fen as final_charge_fen',
	'sample_charges.status as charge_status',
	// the voucher share: reserved with the request, redeemed on the report
	'voucher_reservations.reserved_fen as voucher_reserved_fen',
	'voucher_reservations.redeemed_fen as voucher_redeemed_fen',
	'voucher_reservations.status as voucher_status',
	'voucher_reservations.model as voucher_model',
	// the service order (another institution's request, once accepted)
	'service_orders.id as order_id',
	'service_orders.number as order_number',
	'service_orders.status as order_status'
] as const;

function base(db: Q) {
	return db
		.selectFrom('sample_requests')
		.innerJoin('instruments', 'instruments.id', 'sample_requests.instrument_id')
		.innerJoin('users', 'users.id', 'sample_requests.user_id')
		.leftJoin('bookings', 'bookings.id', 'sample_requests.booking_id')
		.leftJoin('sample_charges', 'sample_charges.sample_request_id', 'sample_requests.id')
		.leftJoin('voucher_reservations', 'voucher_reservations.sample_request_id', 'sample_requests.id')
		.leftJoin('service_orders', 'service_orders.sample_request_id', 'sample_requests.id')
		.select(COLUMNS);
}

export function findSample(db: Q, id: number) {
	return base(db).where('sample_requests.id', '=', id).executeTakeFirst();
}
export type SampleRow = NonNullable<Awaited<ReturnType<typeof findSample>>>;

export function listSamplesOfUser(db: Q, userId: number, limit = 200) {
	return base(db).where('sample_requests.user_id', '=', userId).orderBy('sample_requests.created_at', 'desc').limit(limit).execute();
}

export function listSamplesOfFacilities(db: Q, facilityIds: number[], status?: SampleStatus, limit = 200) {
	if (facilityIds.length === 0) return Promise.resolve([]);
	let q = base(db).where('sample_requests.facility_id', 'in', facilityIds);
	if (status) q = q.where('sample_requests.status', '=', status);
	return q.orderBy('sample_requests.created_at', 'desc').limit(limit).execute();
}

export async function insertSample(
	db: Q,
	v: { instrumentId: number; facilityId: number; userId: number; sampleCount: number; sampleKind: string; hazards: string; wantedDate: string | null; notes: string; userAreaCode: 'BJ' | 'TJ' | 'HE'; userInstitutionId: number; now: number }
): Promise<number> {
	const row = await db
		.insertInto('sample_requests')
		.values({
			instrument_id: v.instrumentId,
			facility_id: v.facilityId,
			user_id: v.userId,
			sample_count: v.sampleCount,
			sample_kind: v.sampleKind,
			hazards: v.hazards,
			wanted_date: v.wantedDate,
			notes: v.notes,
			status: 'submitted',
			quote_fen: null,
			reject_reason: null,
			booking_id: null,
			result_path: null,
			result_name: null,
			result_type: null,
			result_size: null,
			reported_at: null,
			decided_by: null,
			decided_at: null,
			user_area_code: v.userAreaCode,
			user_institution_id: v.userInstitutionId,
			created_at: v.now,
			updated_at: v.now
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return row.id;
}

/** Updates a request only if it still has the expected status; returns whether it did. */
export async function updateSample(db: Q, id: number, fromStatus: SampleStatus, set: Updateable<SampleRequestTable>): Promise<boolean> {
	const r = await db.updateTable('sample_requests').set(set).where('id', '=', id).where('status', '=', fromStatus).executeTakeFirst();
	return Number(r.numUpdatedRows) === 1;
}

/** The booking (mode 'sample', approved) that holds the instrument time for a request. */
export async function insertSampleBooking(
	db: Q,
	v: { instrumentId: number; userId: number; start: number; end: number; purpose: string; quoteFen: number; userAreaCode: 'BJ' | 'TJ' | 'HE'; userInstitutionId: number; decidedBy: number; now: number }
): Promise<number> {
	const row = await db
		.insertInto('bookings')
		.values({
			instrument_id: v.instrumentId,
			user_id: v.userId,
			mode: 'sample',
			start_at: v.start,
			end_at: v.end,
			status: 'approved',
			active: 1,
			purpose: v.purpose,
			project: '',
			quote_fen: v.quoteFen,
			user_area_code: v.userAreaCode,
			user_institution_id: v.userInstitutionId,
			decision_reason: null,
			decided_by: v.decidedBy,
			decided_at: v.now,
			created_at: v.now,
			updated_at: v.now
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return row.id;
}

export async function setSampleBookingStatus(db: Q, bookingId: number, status: 'cancelled' | 'completed', now: number): Promise<void> {
	await db.updateTable('bookings').set({ status, active: 0, updated_at: now }).where('id', '=', bookingId).execute();
}
