// Schedule SQL: closures, the person's own bookings for the limits, wait-list entries and offers.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { ClosureKind } from '../db/tables/schedule';
import type { ClosureRule } from '../../domain/schedule/closures';
import { prepared } from '../db/prepared';

type Q = Kysely<Database>;

/** The schedule-relevant columns of an instrument, with its facility for the access check. */
export function findInstrumentSchedule(db: Q, instrumentId: number) {
	return db
		.selectFrom('instruments')
		.select([
			'id',
			'facility_id',
			'name_zh',
			'name_en',
			'published',
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
			'buffer_minutes',
			'max_week_minutes',
			'max_future_bookings'
		])
		.where('id', '=', instrumentId)
		.executeTakeFirst();
}
export type InstrumentSchedule = NonNullable<Awaited<ReturnType<typeof findInstrumentSchedule>>>;

export type ClosureRow = Awaited<ReturnType<typeof listClosures>>[number];

/** Every closure of an instrument: one-off ones by start, then weekly ones. */
export const listClosures = prepared((db: Q, instrumentId: number) =>
	db.selectFrom('instrument_closures').selectAll().where('instrument_id', '=', instrumentId).orderBy('recurrence').orderBy('start_at').orderBy('weekday').orderBy('id')
);

/** Closures that can touch [from, to): one-off ones overlapping it and every weekly one (few per instrument). */
export const closuresAround = prepared((db: Q, instrumentId: number, from: number, to: number) =>
	db
		.selectFrom('instrument_closures')
		.selectAll()
		.where('instrument_id', '=', instrumentId)
		.where((eb) => eb.or([eb('recurrence', '=', 'weekly'), eb.and([eb('start_at', '<', to), eb('end_at', '>', from)])]))
);

export function findClosure(db: Q, id: number) {
	return db.selectFrom('instrument_closures').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Stored row → the domain's closure rule. */
export type ClosureRuleFields = Pick<ClosureRow, 'id' | 'kind' | 'reason' | 'recurrence' | 'start_at' | 'end_at' | 'weekday' | 'start_time' | 'end_time' | 'from_date' | 'until_date'>;
export function toRule(r: ClosureRuleFields): ClosureRule {
	if (r.recurrence === 'once') return { id: r.id, kind: r.kind, reason: r.reason, recurrence: 'once', start: r.start_at!, end: r.end_at! };
	return {
		id: r.id,
		kind: r.kind,
		reason: r.reason,
		recurrence: 'weekly',
		weekday: r.weekday!,
		startTime: r.start_time!,
		endTime: r.end_time!,
		fromDate: r.from_date,
		untilDate: r.until_date
	};
}

export interface NewClosure {
	instrumentId: number;
	kind: ClosureKind;
	reason: string;
	recurrence: 'once' | 'weekly';
	start?: number;
	end?: number;
	weekday?: number;
	startTime?: string;
	endTime?: string;
	fromDate?: string | null;
	untilDate?: string | null;
	createdBy: number;
	now: number;
}

export async function insertClosure(db: Q, c: NewClosure): Promise<number> {
	const row = await db
		.insertInto('instrument_closures')
		.values({
			instrument_id: c.instrumentId,
			kind: c.kind,
			reason: c.reason,
			recurrence: c.recurrence,
			start_at: c.recurrence === 'once' ? c.start! : null,
			end_at: c.recurrence === 'once' ? c.end! : null,
			weekday: c.recurrence === 'weekly' ? c.weekday! : null,
			start_time: c.recurrence === 'weekly' ? c.startTime! : null,
			end_time: c.recurrence === 'weekly' ? c.endTime! : null,
			from_date: c.recurrence === 'weekly' ? (c.fromDate ?? null) : null,
			until_date: c.recurrence === 'weekly' ? (c.untilDate ?? null) : null,
			created_by: c.createdBy,
			created_at: c.now
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return row.id;
}

export async function deleteClosure(db: Q, id: number): Promise<void> {
	await db.deleteFrom('instrument_closures').where('id', '=', id).execute();
}

/** Active bookings of the instrument that have not ended by `after`, with their holders (closure conflicts). */
export function activeBookingsEndingAfter(db: Q, instrumentId: number, after: number) {
	return db
		.selectFrom('bookings')
		.innerJoin('users', 'users.id', 'bookings.user_id')
		.select(['bookings.id', 'bookings.user_id', 'bookings.start_at', 'bookings.end_at', 'bookings.status', 'bookings.mode', 'bookings.purpose', 'users.name as user_name', 'users.email as user_email'])
		.where('bookings.instrument_id', '=', instrumentId)
		.where('bookings.active', '=', 1)
		.where('bookings.end_at', '>', after)
		.orderBy('bookings.start_at')
		.execute();
}

/** The person's active bookings on one instrument that end after `after` (for the per-person limits). */
export const ownActiveBookings = prepared((db: Q, instrumentId: number, userId: number, after: number) =>
	db.selectFrom('bookings').select(['id', 'start_at', 'end_at']).where('instrument_id', '=', instrumentId).where('user_id', '=', userId).where('active', '=', 1).where('end_at', '>', after)
);

/** Wait-list offers still open at `now` that overlap [from, to). */
export const liveOffers = prepared((db: Q, instrumentId: number, from: number, to: number, now: number) =>
	db
		.selectFrom('waitlist_entries')
		.select(['id', 'user_id', 'start_at', 'end_at', 'offer_expires_at'])
		.where('instrument_id', '=', instrumentId)
		.where('status', '=', 'offered')
		.where('offer_expires_at', '>', now)
		.where('start_at', '<', to)
		.where('end_at', '>', from)
);

export async function moveBooking(db: Q, id: number, start: number, end: number, quoteFen: number, now: number): Promise<void> {
	await db.updateTable('bookings').set({ start_at: start, end_at: end, quote_fen: quoteFen, updated_at: now }).where('id', '=', id).execute();
}
