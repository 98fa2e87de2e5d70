// The wait list: a person waits for a busy range; freed time is offered (waitlist.offers.ts); the
// person accepts (booked through the normal rules, in one transaction with the offer) or declines
// (passed on to the next person). Offers expire after OFFER_MINUTES.
import { withWriteTransaction, lockRow, type Db } from '../db/dialect';
import type { SessionUser } from '../auth/session';
import { writeAudit } from '../audit/audit.repository';
import { ServiceError } from '../booking/booking.errors';
import * as bookingRepo from '../booking/booking.repository';
import { bookInTransaction, policyOf, type NewBookingInput } from '../booking/booking.service';
import { checkBooking } from '../../domain/booking/booking-rules';
import { parseOpeningHours } from '../../domain/booking/opening-hours';
import { parseModes } from '../../domain/catalogue/facility-kinds';
import { MINUTE } from '../../domain/time/range';
import { loadScheduleFacts } from './booking-facts';
import { expireOffers, offerFreedSlot } from './waitlist.offers';

/** Problems that mean "the time is taken": the only ones for which joining the wait list makes sense. */
const BUSY_CODES = new Set(['overlaps_booking', 'within_buffer', 'held_for_waitlist']);

/** Puts the person on the wait list for a range that is busy now but would otherwise be bookable. */
export async function joinWaitlist(db: Db, user: SessionUser, input: NewBookingInput, now = Date.now()) {
	return withWriteTransaction(db, async (trx) => {
		const instrument = await bookingRepo.findInstrumentForBooking(trx, input.instrumentId);
		if (!instrument || !instrument.published) throw new ServiceError('not_found');
		await lockRow(db, trx, 'instruments', instrument.id);
		const buffer = instrument.buffer_minutes * MINUTE;
		const busy = await bookingRepo.findActiveOverlaps(trx, instrument.id, input.start - buffer, input.end + buffer);
		const { problems } = checkBooking(input, {
			now,
			timeZone: instrument.timezone,
			policy: policyOf(instrument),
			openingHours: parseOpeningHours(instrument.opening_hours),
			instrumentStatus: instrument.status,
			published: instrument.published === 1,
			modes: parseModes(instrument.modes),
			busy: busy.map((b) => ({ start: b.start_at, end: b.end_at })),
			...(await loadScheduleFacts(trx, instrument, user.id, input, now))
		});
		const other = problems.filter((p) => !BUSY_CODES.has(p.code));
		if (other.length > 0) throw new ServiceError('conflict', other);
		if (problems.length === 0) throw new ServiceError('conflict', [{ code: 'waitlist_slot_free' }]);
		const duplicate = await trx
			.selectFrom('waitlist_entries')
			.select('id')
			.where('user_id', '=', user.id)
			.where('instrument_id', '=', instrument.id)
			.where('status', 'in', ['waiting', 'offered'])
			.where('start_at', '<', input.end)
			.where('end_at', '>', input.start)
			.executeTakeFirst();
		if (duplicate) throw new ServiceError('conflict', [{ code: 'waitlist_already' }]);
		const row = await trx
			.insertInto('waitlist_entries')
			.values({
				instrument_id: instrument.id,
				user_id: user.id,
				mode: input.mode,
				start_at: input.start,
				end_at: input.end,
				purpose: input.purpose.trim(),
				project: input.project.trim(),
				status: 'waiting',
				offered_at: null,
				offer_expires_at: null,
				booking_id: null,
				created_at: now,
				updated_at: now
			})
			.returningAll()
			.executeTakeFirstOrThrow();
		await writeAudit(trx, { actorUserId: user.id, entity: 'waitlist', entityId: row.id, action: 'join', after: row, at: now });
		return row;
	});
}

async function ownEntry(trx: Db['kysely'], user: SessionUser, entryId: number) {
	const entry = await trx.selectFrom('waitlist_entries').selectAll().where('id', '=', entryId).executeTakeFirst();
	if (!entry || entry.user_id !== user.id) throw new ServiceError('not_found');
	return entry;
}

/** Accepts an open offer: books the range through the normal rules; the entry becomes 'booked'. */
export async function acceptOffer(db: Db, user: SessionUser, entryId: number, now = Date.now()) {
	return withWriteTransaction(db, async (trx) => {
		const entry = await ownEntry(trx, user, entryId);
		if (entry.status !== 'offered' || (entry.offer_expires_at ?? 0) <= now) throw new ServiceError('conflict', [{ code: 'offer_not_open' }]);
		const booking = await bookInTransaction(
			db,
			trx,
			user,
			{ instrumentId: entry.instrument_id, start: entry.start_at, end: entry.end_at, mode: entry.mode, purpose: entry.purpose, project: entry.project },
			now
		);
		await trx.updateTable('waitlist_entries').set({ status: 'booked', booking_id: booking.id, updated_at: now }).where('id', '=', entryId).execute();
		await writeAudit(trx, { actorUserId: user.id, entity: 'waitlist', entityId: entryId, action: 'accept', before: entry, after: { ...entry, status: 'booked', booking_id: booking.id }, at: now });
		return booking;
	});
}

/** Declines an offer or leaves the wait list; a declined offer passes to the next person waiting. */
export async function leaveWaitlist(db: Db, user: SessionUser, entryId: number, now = Date.now()) {
	return withWriteTransaction(db, async (trx) => {
		const entry = await ownEntry(trx, user, entryId);
		if (entry.status !== 'offered' && entry.status !== 'waiting') throw new ServiceError('conflict', [{ code: 'waitlist_closed' }]);
		const status = entry.status === 'offered' ? 'declined' : 'left';
		await trx.updateTable('waitlist_entries').set({ status, updated_at: now }).where('id', '=', entryId).execute();
		await writeAudit(trx, { actorUserId: user.id, entity: 'waitlist', entityId: entryId, action: status === 'declined' ? 'decline' : 'leave', before: entry, after: { ...entry, status }, at: now });
		if (status === 'declined') await offerFreedSlot(trx, entry.instrument_id, { start: entry.start_at, end: entry.end_at }, now);
		return status;
	});
}

/** Expires overdue offers everywhere (a job may call this; the pages call it lazily too). */
export async function expireDueOffers(db: Db, now = Date.now()): Promise<number> {
	const due = await db.kysely.selectFrom('waitlist_entries').select('id').where('status', '=', 'offered').where('offer_expires_at', '<=', now).executeTakeFirst();
	if (!due) return 0;
	return withWriteTransaction(db, (trx) => expireOffers(trx, now));
}

/** The person's open wait-list entries and offers, soonest first. */
export async function listMyWaitlist(db: Db, user: SessionUser, now = Date.now()) {
	await expireDueOffers(db, now);
	return db.kysely
		.selectFrom('waitlist_entries')
		.innerJoin('instruments', 'instruments.id', 'waitlist_entries.instrument_id')
		.select([
			'waitlist_entries.id',
			'waitlist_entries.instrument_id',
			'waitlist_entries.start_at',
			'waitlist_entries.end_at',
			'waitlist_entries.mode',
			'waitlist_entries.status',
			'waitlist_entries.offer_expires_at',
			'instruments.name_zh as instrument_name_zh',
			'instruments.name_en as instrument_name_en'
		])
		.where('waitlist_entries.user_id', '=', user.id)
		.where('waitlist_entries.status', 'in', ['waiting', 'offered'])
		.where('waitlist_entries.end_at', '>', now)
		.orderBy('waitlist_entries.start_at')
		.execute();
}
export type WaitlistRow = Awaited<ReturnType<typeof listMyWaitlist>>[number];

/** Passes expired wait-list offers on to the next person every minute (started from initApp, not in tests). */
export function startWaitlistTimer(db: Db, everyMs = 60_000): () => void {
	let running = false;
	const timer = setInterval(async () => {
		if (running) return;
		running = true;
		try {
			await expireDueOffers(db);
		} catch (error) {
			console.error('[waitlist] offer expiry failed:', error);
		} finally {
			running = false;
		}
	}, everyMs);
	timer.unref?.();
	return () => clearInterval(timer);
}
