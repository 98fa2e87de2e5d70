// Booking SQL: overlap reads, inserts, status changes and the lists the pages show.
import { sql, type Kysely } from 'kysely';
import type { BookingStatus, Database } from '../db/schema';
import { prepared, preparedNamed } from '../db/prepared';

type Q = Kysely<Database>;

/** Instrument fields the booking rules need, with its facility's institution. */
export async function findInstrumentForBooking(db: Q, instrumentId: number) {
	return (await instrumentForBooking(db, instrumentId))[0];
}
const instrumentForBooking = prepared((db: Q, instrumentId: number) =>
	db
		.selectFrom('instruments')
		.select([
			'id',
			'facility_id',
			'institution_id',
			'area_code',
			'name_zh',
			'name_en',
			'status',
			'published',
			'modes',
			'timezone',
			'opening_hours',
			'slot_minutes',
			'min_minutes',
			'max_minutes',
			'notice_minutes',
			'horizon_days',
			'cancel_deadline_minutes',
			'approval_mode',
			'cross_area_needs_approval',
			'price_hour_fen',
			'required_qualification_type_id', // qualification hook
			'buffer_minutes', // schedule capability
			'max_week_minutes',
			'max_future_bookings'
		])
		.where('id', '=', instrumentId)
);
export type BookingInstrument = NonNullable<Awaited<ReturnType<typeof findInstrumentForBooking>>>;

/** Active bookings of an instrument that overlap [start, end), half-open; served by the bookings_overlap index. */
export function findActiveOverlaps(db: Q, instrumentId: number, start: number, end: number, excludeId?: number) {
	if (excludeId === undefined) return activeOverlaps(db, instrumentId, start, end);
	let q = db
		.selectFrom('bookings')
		.select(['id', 'start_at', 'end_at'])
		.where('instrument_id', '=', instrumentId)
		.where('active', '=', 1)
		.where('start_at', '<', end)
		.where('end_at', '>', start);
	if (excludeId !== undefined) q = q.where('id', '!=', excludeId);
	return q.execute();
}

const activeOverlaps = prepared((db: Q, instrumentId: number, start: number, end: number) =>
	db.selectFrom('bookings').select(['id', 'start_at', 'end_at']).where('instrument_id', '=', instrumentId).where('active', '=', 1).where('start_at', '<', end).where('end_at', '>', start)
);

/** Active bookings of an instrument overlapping [from, to), by start: what a calendar shows. */
function activeInWindow(db: Q, instrumentId: number, from: number, to: number) {
	return db
		.selectFrom('bookings')
		.select(['bookings.id', 'bookings.start_at', 'bookings.end_at', 'bookings.status', 'bookings.user_id'])
		.where('bookings.instrument_id', '=', instrumentId)
		.where('bookings.active', '=', 1)
		.where('bookings.start_at', '<', to)
		.where('bookings.end_at', '>', from)
		.orderBy('bookings.start_at');
}

/** Active bookings in a window with the booker's name, for the instrument's managers. */
export const listActiveInWindow = prepared((db: Q, instrumentId: number, from: number, to: number) =>
	activeInWindow(db, instrumentId, from, to).innerJoin('users', 'users.id', 'bookings.user_id').select('users.name as user_name')
);

/** The same without the people's names (what everyone else sees): no lookup in users per booking. */
export const listActiveInWindowUnnamed = prepared(activeInWindow);

export function findBooking(db: Q, id: number) {
	return db
		.selectFrom('bookings')
		.innerJoin('instruments', 'instruments.id', 'bookings.instrument_id')
		.selectAll('bookings')
		.select(['instruments.facility_id', 'instruments.cancel_deadline_minutes', 'instruments.name_zh as instrument_name_zh', 'instruments.name_en as instrument_name_en'])
		.where('bookings.id', '=', id)
		.executeTakeFirst();
}
export type BookingWithInstrument = NonNullable<Awaited<ReturnType<typeof findBooking>>>;

export async function insertBooking(
	db: Q,
	values: {
		instrumentId: number;
		userId: number;
		mode: 'self' | 'assisted';
		start: number;
		end: number;
		status: 'requested' | 'approved';
		purpose: string;
		project: string;
		quoteFen: number;
		userAreaCode: 'BJ' | 'TJ' | 'HE';
		userInstitutionId: number;
		/** qualification hook: what a self-operated booking relied on (statistics); absent = nothing */
		recognition?: { qualificationId: number | null; recognitionKind: 'direct' | 'agreement' | 'case' | null; recognitionAgreementId: number | null; recognitionCaseId: number | null };
		now: number;
	}
) {
	const r = values.recognition;
	const [row] = await insertBookingRow(db, {
		instrument_id: values.instrumentId,
		user_id: values.userId,
		mode: values.mode,
		start_at: values.start,
		end_at: values.end,
		status: values.status,
		purpose: values.purpose,
		project: values.project,
		quote_fen: values.quoteFen,
		user_area_code: values.userAreaCode,
		user_institution_id: values.userInstitutionId,
		decided_at: values.status === 'approved' ? values.now : null,
		now: values.now,
		qualification_id: r?.qualificationId ?? null,
		recognition_kind: r?.recognitionKind ?? null,
		recognition_agreement_id: r?.recognitionAgreementId ?? null,
		recognition_case_id: r?.recognitionCaseId ?? null
	});
	if (!row) throw new Error('insert into bookings returned no row');
	return row;
}

// Built once: a booking insert is on the hot path of booking creation (see db/prepared.ts).
const insertBookingRow = preparedNamed(
	(
		db: Q,
		v: {
			instrument_id: number;
			user_id: number;
			mode: 'self' | 'assisted';
			start_at: number;
			end_at: number;
			status: 'requested' | 'approved';
			purpose: string;
			project: string;
			quote_fen: number;
			user_area_code: 'BJ' | 'TJ' | 'HE';
			user_institution_id: number;
			decided_at: number | null;
			now: number;
			qualification_id: number | null;
			recognition_kind: 'direct' | 'agreement' | 'case' | null;
			recognition_agreement_id: number | null;
			recognition_case_id: number | null;
		}
	) =>
		db
			.insertInto('bookings')
			.values({
				instrument_id: v.instrument_id,
				user_id: v.user_id,
				mode: v.mode,
				start_at: v.start_at,
				end_at: v.end_at,
				status: v.status,
				active: 1,
				purpose: v.purpose,
				project: v.project,
				quote_fen: v.quote_fen,
				user_area_code: v.user_area_code,
				user_institution_id: v.user_institution_id,
				decided_by: null,
				decided_at: v.decided_at,
				created_at: v.now,
				updated_at: v.now,
				qualification_id: v.qualification_id,
				recognition_kind: v.recognition_kind,
				recognition_agreement_id: v.recognition_agreement_id,
				recognition_case_id: v.recognition_case_id
			})
			.returningAll()
);

const ACTIVE: BookingStatus[] = ['requested', 'approved', 'checked_in'];

export async function setBookingStatus(
	db: Q,
	id: number,
	status: BookingStatus,
	fields: { reason?: string | null; decidedBy?: number | null; now: number }
): Promise<void> {
	await db
		.updateTable('bookings')
		.set({
			status,
			active: ACTIVE.includes(status) ? 1 : 0,
			decision_reason: fields.reason ?? null,
			decided_by: fields.decidedBy ?? null,
			decided_at: fields.now,
			updated_at: fields.now
		})
		.where('id', '=', id)
		.execute();
}

const LIST_COLUMNS = [
	'bookings.id',
	'bookings.instrument_id',
	'bookings.mode',
	'bookings.start_at',
	'bookings.end_at',
	'bookings.status',
	'bookings.purpose',
	'bookings.project',
	'bookings.quote_fen',
	'bookings.decision_reason',
	'bookings.created_at',
	'bookings.qualification_flag',
	'instruments.name_zh as instrument_name_zh',
	'instruments.name_en as instrument_name_en',
	'instruments.cancel_deadline_minutes',
	'instruments.area_code as instrument_area_code',
	'facilities.name_zh as facility_name_zh',
	'facilities.name_en as facility_name_en'
] as const;

export function listUserBookings(db: Q, userId: number, limit = 200) {
	return db
		.selectFrom('bookings')
		.innerJoin('instruments', 'instruments.id', 'bookings.instrument_id')
		.innerJoin('facilities', 'facilities.id', 'instruments.facility_id')
		.select(LIST_COLUMNS)
		.where('bookings.user_id', '=', userId)
		.orderBy('bookings.start_at', 'desc')
		.limit(limit)
		.execute();
}
export type BookingListRow = Awaited<ReturnType<typeof listUserBookings>>[number];

/** Requested bookings on the given facilities, soonest first, with who asked and from where. */
export function listPendingForFacilities(db: Q, facilityIds: number[], limit = 200) {
	if (facilityIds.length === 0) return Promise.resolve([]);
	// From the facilities' instruments to their active bookings (bookings_overlap), requests among
	// them: a few rows per instrument. Starting from the requests instead (bookings_status_start) walks
	// every pending request of all three areas — 30,000 at full scale, 0.6 s — and the planner picks
	// that way whenever its statistics show few requests (or, worse, walks them once per instrument).
	// So the order is fixed: SQLite keeps the order of a CROSS JOIN, a requested booking is always
	// active, and the status test is written so that no index serves it (`status || ''`).
	return db
		.selectFrom('instruments')
		.crossJoin('bookings')
		.innerJoin('facilities', 'facilities.id', 'instruments.facility_id')
		.innerJoin('users', 'users.id', 'bookings.user_id')
		.innerJoin('institutions', 'institutions.id', 'bookings.user_institution_id')
		.select([...LIST_COLUMNS, 'users.name as user_name', 'users.email as user_email', 'institutions.name_zh as user_institution_zh', 'institutions.name_en as user_institution_en', 'bookings.user_area_code'])
		.whereRef('bookings.instrument_id', '=', 'instruments.id')
		.where('bookings.active', '=', 1)
		.where(sql`${sql.ref('bookings.status')} || ''`, '=', 'requested')
		.where('instruments.facility_id', 'in', facilityIds)
		.orderBy('bookings.start_at', 'asc')
		.orderBy('bookings.id', 'asc') // ties in one order whichever plan
		.limit(limit)
		.execute();
}
export type PendingRow = Awaited<ReturnType<typeof listPendingForFacilities>>[number];
