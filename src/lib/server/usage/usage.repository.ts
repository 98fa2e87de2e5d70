// Usage SQL: bookings as check-in sees them, usage records, check-in codes, no-show blocks.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { UsageSource } from '../db/tables/usage';
import { prepared } from '../db/prepared';

type Q = Kysely<Database>;

/** A booking with what check-in, check-out and the no-show rule need. */
export function findBookingForUsage(db: Q, bookingId: number) {
	return db
		.selectFrom('bookings')
		.innerJoin('instruments', 'instruments.id', 'bookings.instrument_id')
		.selectAll('bookings')
		.select(['instruments.facility_id', 'instruments.no_show_minutes', 'instruments.name_zh as instrument_name_zh', 'instruments.name_en as instrument_name_en'])
		.where('bookings.id', '=', bookingId)
		.executeTakeFirst();
}
export type UsageBooking = NonNullable<Awaited<ReturnType<typeof findBookingForUsage>>>;

/** Moves a booking to a new status only if it still has the expected one; returns whether it did. */
export async function moveBookingStatus(
	db: Q,
	bookingId: number,
	from: string[],
	to: 'checked_in' | 'completed' | 'no_show',
	now: number
): Promise<boolean> {
	const result = await db
		.updateTable('bookings')
		.set({ status: to, active: to === 'checked_in' ? 1 : 0, updated_at: now })
		.where('id', '=', bookingId)
		.where('status', 'in', from as never[])
		.executeTakeFirst();
	return Number(result.numUpdatedRows) === 1;
}

export function findUsageByBooking(db: Q, bookingId: number) {
	return db.selectFrom('usage_records').selectAll().where('booking_id', '=', bookingId).executeTakeFirst();
}

export function findUsage(db: Q, id: number) {
	return db.selectFrom('usage_records').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertUsage(
	db: Q,
	v: { bookingId: number | null; instrumentId: number; userId: number; operatorUserId: number | null; start: number; end: number | null; recordedBy: number | null; source: UsageSource; notes: string; now: number }
): Promise<number> {
	const row = await db
		.insertInto('usage_records')
		.values({
			booking_id: v.bookingId,
			instrument_id: v.instrumentId,
			user_id: v.userId,
			operator_user_id: v.operatorUserId,
			start_at: v.start,
			end_at: v.end,
			recorded_by: v.recordedBy,
			source: v.source,
			notes: v.notes,
			created_at: v.now,
			updated_at: v.now
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return row.id;
}

export async function updateUsage(
	db: Q,
	id: number,
	v: { start?: number; end?: number | null; operatorUserId?: number | null; recordedBy: number | null; source?: UsageSource; notes?: string; now: number }
): Promise<void> {
	await db
		.updateTable('usage_records')
		.set({
			...(v.start !== undefined ? { start_at: v.start } : {}),
			...(v.end !== undefined ? { end_at: v.end } : {}),
			...(v.operatorUserId !== undefined ? { operator_user_id: v.operatorUserId } : {}),
			...(v.source !== undefined ? { source: v.source } : {}),
			...(v.notes !== undefined ? { notes: v.notes } : {}),
			recorded_by: v.recordedBy,
			updated_at: v.now
		})
		.where('id', '=', id)
		.execute();
}

const USAGE_COLUMNS = [
	'usage_records.id',
	'usage_records.booking_id',
	'usage_records.instrument_id',
	'usage_records.user_id',
	'usage_records.operator_user_id',
	'usage_records.start_at',
	'usage_records.end_at',
	'usage_records.source',
	'usage_records.notes',
	'usage_records.recorded_by',
	'usage_records.created_at',
	'usage_records.updated_at',
	'users.name as user_name',
	'operator.name as operator_name',
	'instruments.name_zh as instrument_name_zh',
	'instruments.name_en as instrument_name_en'
] as const;

/** Usage records of instruments (one, or all of some facilities), newest first. */
export function listUsage(db: Q, where: { instrumentId?: number; facilityIds?: number[] }, limit = 200) {
	let q = db
		.selectFrom('usage_records')
		.innerJoin('instruments', 'instruments.id', 'usage_records.instrument_id')
		.innerJoin('users', 'users.id', 'usage_records.user_id')
		.leftJoin('users as operator', 'operator.id', 'usage_records.operator_user_id')
		.select(USAGE_COLUMNS);
	if (where.instrumentId !== undefined) q = q.where('usage_records.instrument_id', '=', where.instrumentId);
	if (where.facilityIds !== undefined) {
		if (where.facilityIds.length === 0) return Promise.resolve([]);
		q = q.where('instruments.facility_id', 'in', where.facilityIds);
	}
	return q.orderBy('usage_records.start_at', 'desc').limit(limit).execute();
}
export type UsageRow = Awaited<ReturnType<typeof listUsage>>[number];

/** Bookings (not sample) of some facilities in [from, to), or of one operator, with people's names and the usage record. */
export function listBookingsForDesk(db: Q, where: { facilityIds?: number[]; operatorId?: number }, from: number, to: number) {
	let q = db
		.selectFrom('bookings')
		.innerJoin('instruments', 'instruments.id', 'bookings.instrument_id')
		.innerJoin('users', 'users.id', 'bookings.user_id')
		.leftJoin('users as operator', 'operator.id', 'bookings.operator_user_id')
		.leftJoin('usage_records', 'usage_records.booking_id', 'bookings.id')
		.select([
			'bookings.id',
			'bookings.instrument_id',
			'bookings.user_id',
			'bookings.mode',
			'bookings.status',
			'bookings.start_at',
			'bookings.end_at',
			'bookings.operator_user_id',
			'instruments.facility_id',
			'instruments.no_show_minutes',
			'instruments.name_zh as instrument_name_zh',
			'instruments.name_en as instrument_name_en',
			'users.name as user_name',
			'operator.name as operator_name',
			'usage_records.id as usage_id',
			'usage_records.start_at as usage_start_at',
			'usage_records.end_at as usage_end_at'
		])
		.where('bookings.mode', '!=', 'sample')
		.where('bookings.status', 'in', ['requested', 'approved', 'checked_in', 'completed', 'no_show'])
		.where('bookings.start_at', '<', to)
		.where('bookings.end_at', '>', from);
	if (where.facilityIds !== undefined) {
		if (where.facilityIds.length === 0) return Promise.resolve([]);
		q = q.where('instruments.facility_id', 'in', where.facilityIds);
	}
	if (where.operatorId !== undefined) q = q.where('bookings.operator_user_id', '=', where.operatorId);
	return q.orderBy('bookings.start_at').limit(500).execute();
}
export type DeskRow = Awaited<ReturnType<typeof listBookingsForDesk>>[number];

/** A person's own bookings on one instrument that are approved or checked in and overlap [from, to). */
export function listOwnCheckinCandidates(db: Q, userId: number, instrumentId: number, from: number, to: number) {
	return db
		.selectFrom('bookings')
		.innerJoin('instruments', 'instruments.id', 'bookings.instrument_id')
		.select(['bookings.id', 'bookings.mode', 'bookings.status', 'bookings.start_at', 'bookings.end_at', 'instruments.no_show_minutes'])
		.where('bookings.user_id', '=', userId)
		.where('bookings.instrument_id', '=', instrumentId)
		.where('bookings.status', 'in', ['approved', 'checked_in'])
		.where('bookings.mode', '!=', 'sample')
		.where('bookings.start_at', '<', to)
		.where('bookings.end_at', '>', from)
		.orderBy('bookings.start_at')
		.execute();
}

// --- check-in codes

export function findCheckinCode(db: Q, instrumentId: number) {
	return db.selectFrom('instrument_checkin_codes').selectAll().where('instrument_id', '=', instrumentId).executeTakeFirst();
}

export async function saveCheckinCode(db: Q, instrumentId: number, code: string, by: number | null, now: number): Promise<void> {
	await db
		.insertInto('instrument_checkin_codes')
		.values({ instrument_id: instrumentId, code, rotated_by: by, rotated_at: now })
		.onConflict((oc) => oc.column('instrument_id').doUpdateSet({ code, rotated_by: by, rotated_at: now }))
		.execute();
}

// --- no-shows and blocks

/** Approved, not sample, bookings that started by `now`: the no-show sweep's candidates. */
export function listNoShowCandidates(db: Q, now: number) {
	return db
		.selectFrom('bookings')
		.innerJoin('instruments', 'instruments.id', 'bookings.instrument_id')
		.select(['bookings.id', 'bookings.user_id', 'bookings.instrument_id', 'bookings.mode', 'bookings.status', 'bookings.start_at', 'bookings.end_at', 'instruments.facility_id', 'instruments.no_show_minutes'])
		.where('bookings.status', '=', 'approved')
		.where('bookings.mode', '!=', 'sample')
		.where('bookings.start_at', '<=', now)
		.execute();
}

/** Start instants of a person's no-shows on a facility since `since`. */
export async function noShowStarts(db: Q, userId: number, facilityId: number, since: number): Promise<number[]> {
	const rows = await db
		.selectFrom('bookings')
		.innerJoin('instruments', 'instruments.id', 'bookings.instrument_id')
		.select('bookings.start_at')
		.where('bookings.user_id', '=', userId)
		.where('instruments.facility_id', '=', facilityId)
		.where('bookings.status', '=', 'no_show')
		.where('bookings.start_at', '>', since)
		.execute();
	return rows.map((r) => r.start_at);
}

export async function findActiveBlock(db: Q, userId: number, facilityId: number) {
	return (await activeBlock(db, userId, facilityId))[0];
}
const activeBlock = prepared((db: Q, userId: number, facilityId: number) =>
	db.selectFrom('usage_blocks').selectAll().where('user_id', '=', userId).where('facility_id', '=', facilityId).where('lifted_at', 'is', null)
);

export async function lastLiftedAt(db: Q, userId: number, facilityId: number): Promise<number | null> {
	const row = await db
		.selectFrom('usage_blocks')
		.select((eb) => eb.fn.max('lifted_at').as('at'))
		.where('user_id', '=', userId)
		.where('facility_id', '=', facilityId)
		.executeTakeFirst();
	return row?.at == null ? null : Number(row.at);
}

export async function insertBlock(db: Q, v: { userId: number; facilityId: number; count: number; now: number }): Promise<number> {
	const row = await db
		.insertInto('usage_blocks')
		.values({ user_id: v.userId, facility_id: v.facilityId, reason: 'no_shows', no_show_count: v.count, created_at: v.now, lifted_at: null, lifted_by: null, lift_note: null })
		.returning('id')
		.executeTakeFirstOrThrow();
	return row.id;
}

export function findBlock(db: Q, id: number) {
	return db.selectFrom('usage_blocks').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function liftBlock(db: Q, id: number, by: number, note: string, now: number): Promise<boolean> {
	const r = await db
		.updateTable('usage_blocks')
		.set({ lifted_at: now, lifted_by: by, lift_note: note })
		.where('id', '=', id)
		.where('lifted_at', 'is', null)
		.executeTakeFirst();
	return Number(r.numUpdatedRows) === 1;
}

/** Blocks in force on some facilities, with who is blocked. */
export function listActiveBlocks(db: Q, facilityIds: number[]) {
	if (facilityIds.length === 0) return Promise.resolve([]);
	return db
		.selectFrom('usage_blocks')
		.innerJoin('users', 'users.id', 'usage_blocks.user_id')
		.innerJoin('facilities', 'facilities.id', 'usage_blocks.facility_id')
		.select([
			'usage_blocks.id',
			'usage_blocks.user_id',
			'usage_blocks.facility_id',
			'usage_blocks.no_show_count',
			'usage_blocks.created_at',
			'users.name as user_name',
			'users.email as user_email',
			'facilities.name_zh as facility_name_zh',
			'facilities.name_en as facility_name_en'
		])
		.where('usage_blocks.facility_id', 'in', facilityIds)
		.where('usage_blocks.lifted_at', 'is', null)
		.orderBy('usage_blocks.created_at', 'desc')
		.execute();
}

/** Managers and operators of a facility: who may run its assisted bookings. */
export function listFacilityStaff(db: Q, facilityId: number) {
	return db
		.selectFrom('role_assignments')
		.innerJoin('users', 'users.id', 'role_assignments.user_id')
		.select(['users.id', 'users.name', 'users.email'])
		.distinct()
		.where('role_assignments.facility_id', '=', facilityId)
		.where('role_assignments.role', 'in', ['manager', 'operator'])
		.orderBy('users.name')
		.execute();
}
