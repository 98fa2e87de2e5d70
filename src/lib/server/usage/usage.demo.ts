// Demo data of the usage capability: every completed demo booking gets its usage record (actual use a
// few minutes inside the booked range), so machine-hour statistics have something to count.
import { sql } from 'kysely';
import type { Db } from '../db/dialect';

export async function seedUsageDemo(db: Db): Promise<void> {
	await db.kysely
		.insertInto('usage_records')
		.columns(['booking_id', 'instrument_id', 'user_id', 'operator_user_id', 'start_at', 'end_at', 'recorded_by', 'source', 'notes', 'created_at', 'updated_at'])
		.expression(
			db.kysely
				.selectFrom('bookings')
				.select([
					'bookings.id',
					'bookings.instrument_id',
					'bookings.user_id',
					sql<number | null>`case when bookings.mode = 'self' then bookings.user_id else bookings.decided_by end`.as('operator_user_id'),
					sql<number>`bookings.start_at + ((bookings.id * 7) % 15) * 60000`.as('start_at'),
					sql<number>`bookings.end_at - ((bookings.id * 11) % 20) * 60000`.as('end_at'),
					'bookings.user_id as recorded_by',
					sql<string>`'checkin'`.as('source'),
					sql<string>`''`.as('notes'),
					'bookings.updated_at as created_at',
					'bookings.updated_at as updated_at'
				])
				.where('bookings.status', '=', 'completed')
				.where(({ not, exists, selectFrom }) => not(exists(selectFrom('usage_records').select('usage_records.id').whereRef('usage_records.booking_id', '=', 'bookings.id'))))
		)
		.execute();
}
