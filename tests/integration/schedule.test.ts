// Schedule capability on a real database: closures over bookings, recurring series, per-person
// limits under concurrency, the wait list, and who may change hours and rules.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS, openTestDb, type TestDb } from './test-db';
import { buildBookingWorld } from './booking-world';
import { cancelOwnBooking, createBooking, rejectBooking } from '../../src/lib/server/booking/booking.service';
import { getAvailability } from '../../src/lib/server/booking/availability.service';
import { ServiceError } from '../../src/lib/server/booking/booking.errors';
import { createClosure, deleteClosure } from '../../src/lib/server/schedule/closure.service';
import { setBookingRules, setOpeningHours, rulesOf } from '../../src/lib/server/schedule/schedule.service';
import { findInstrumentSchedule } from '../../src/lib/server/schedule/schedule.repository';
import { createRecurringBookings, RecurringConflict } from '../../src/lib/server/schedule/recurring.service';
import { acceptOffer, joinWaitlist, leaveWaitlist, listMyWaitlist, expireDueOffers } from '../../src/lib/server/schedule/waitlist.service';

const H = 3_600_000;
const M = 60_000;
const D = 24 * H;

async function failure(p: Promise<unknown>): Promise<ServiceError> {
	try {
		await p;
	} catch (e) {
		if (e instanceof ServiceError) return e;
		throw e;
	}
	throw new Error('expected a ServiceError');
}

describe.each(DIALECTS)('schedule on %s', (dialect) => {
	let db: TestDb;
	let w: Awaited<ReturnType<typeof buildBookingWorld>>;
	beforeEach(async () => {
		db = await openTestDb(dialect);
		w = await buildBookingWorld(db);
	});
	afterEach(async () => {
		await db.cleanup();
	});
	const input = (start: number, end: number) => ({ instrumentId: w.instrumentId, start, end, mode: 'self' as const, purpose: '断面形貌观察', project: '' });
	const bookings = () => db.kysely.selectFrom('bookings').selectAll().orderBy('id').execute();
	const closures = () => db.kysely.selectFrom('instrument_closures').selectAll().execute();
	const rules = async () => rulesOf((await findInstrumentSchedule(db.kysely, w.instrumentId))!);
	const maintenance = (start: number, end: number) => ({ recurrence: 'once' as const, kind: 'maintenance', reason: '更换电子枪灯丝', start, end });

	describe('closures over bookings', () => {
		it('lists the bookings under a new closure and saves nothing until each is resolved', async () => {
			const a = await createBooking(db, w.researcherBj, input(w.monday9, w.monday9 + H), w.now);
			const b = await createBooking(db, w.researcherTj, input(w.monday9 + 2 * H, w.monday9 + 3 * H), w.now);
			const outside = await createBooking(db, w.researcherHe, input(w.monday9 + D, w.monday9 + D + H), w.now);
			const result = await createClosure(db, w.managerBj, w.managerBjRoles, w.instrumentId, maintenance(w.monday9 - 30 * M, w.monday9 + 8 * H), [], w.now);
			expect(result.status).toBe('conflicts');
			if (result.status !== 'conflicts') return;
			expect(result.conflicts.map((c) => c.bookingId)).toEqual([a.id, b.id]);
			expect(result.conflicts.map((c) => c.userName)).toEqual(['r.bj', 'r.tj']);
			expect(await closures()).toEqual([]);
			expect((await bookings()).every((x) => x.active === 1)).toBe(true);
			expect(outside.id).toBeGreaterThan(0);
		});

		it('cancels one booking with the closure reason and moves the other, telling both holders', async () => {
			const a = await createBooking(db, w.researcherBj, input(w.monday9, w.monday9 + H), w.now);
			const b = await createBooking(db, w.researcherTj, input(w.monday9 + 2 * H, w.monday9 + 3 * H), w.now);
			const tuesday9 = w.monday9 + D;
			const result = await createClosure(
				db,
				w.managerBj,
				w.managerBjRoles,
				w.instrumentId,
				maintenance(w.monday9 - 30 * M, w.monday9 + 8 * H),
				[
					{ bookingId: a.id, action: 'cancel' },
					{ bookingId: b.id, action: 'move', start: tuesday9, end: tuesday9 + H }
				],
				w.now
			);
			expect(result).toMatchObject({ status: 'created', cancelled: [a.id], moved: [b.id] });
			const [ca, mb] = await bookings();
			expect(ca).toMatchObject({ status: 'cancelled', active: 0, decision_reason: '更换电子枪灯丝', decided_by: w.managerBj.id });
			expect(mb).toMatchObject({ status: 'requested', active: 1, start_at: tuesday9, end_at: tuesday9 + H });
			const audit = await db.kysely.selectFrom('audit_log').select(['entity', 'entity_id', 'action']).where('action', 'in', ['closure_cancel', 'closure_move', 'create']).where('entity', '!=', 'booking_create').orderBy('id').execute();
			expect(audit.filter((x) => x.entity !== 'booking' || x.action !== 'create').map((x) => `${x.entity}:${x.action}`)).toEqual(['closure:create', 'booking:closure_cancel', 'booking:closure_move']);
			const notes = await db.kysely.selectFrom('notifications').select(['user_id', 'kind']).where('kind', 'in', ['booking_cancelled_by_manager', 'closure_conflict']).orderBy('id').execute();
			expect(notes).toEqual([
				{ user_id: w.researcherBj.id, kind: 'booking_cancelled_by_manager' },
				{ user_id: w.researcherTj.id, kind: 'closure_conflict' }
			]);
			expect(await closures()).toHaveLength(1);
		});

		it('changes nothing when a move breaks a rule, and says which booking', async () => {
			const a = await createBooking(db, w.researcherBj, input(w.monday9, w.monday9 + H), w.now);
			const b = await createBooking(db, w.researcherTj, input(w.monday9 + 2 * H, w.monday9 + 3 * H), w.now);
			const e = await failure(
				createClosure(db, w.managerBj, w.managerBjRoles, w.instrumentId, maintenance(w.monday9 - 30 * M, w.monday9 + 8 * H), [
					{ bookingId: a.id, action: 'cancel' },
					// into the closure itself
					{ bookingId: b.id, action: 'move', start: w.monday9 + 4 * H + 30 * M, end: w.monday9 + 5 * H + 30 * M }
				], w.now)
			);
			expect(e.problems).toEqual([{ code: 'closed', params: { reason: '更换电子枪灯丝', kind: 'maintenance', booking: b.id } }]);
			expect(await closures()).toEqual([]);
			expect((await bookings()).map((x) => x.status)).toEqual(['requested', 'requested']);
		});

		it('refuses a booking inside a closure with its reason and shows the closure in availability', async () => {
			await createClosure(db, w.managerBj, w.managerBjRoles, w.instrumentId, maintenance(w.monday9, w.monday9 + 2 * H), [], w.now);
			const e = await failure(createBooking(db, w.researcherBj, input(w.monday9 + H, w.monday9 + 2 * H), w.now));
			expect(e.problems).toEqual([{ code: 'closed', params: { reason: '更换电子枪灯丝', kind: 'maintenance' } }]);
			const ok = await createBooking(db, w.researcherBj, input(w.monday9 + 2 * H, w.monday9 + 3 * H), w.now);
			expect(ok.status).toBe('requested');
			const a = await getAvailability(db, w.instrumentId, w.monday9 - 2 * H, w.monday9 + 10 * H, { userId: null, roles: w.researcherRoles });
			expect(a.closures).toEqual([{ start: w.monday9, end: w.monday9 + 2 * H, kind: 'maintenance', reason: '更换电子枪灯丝' }]);
			// Monday 08:30–12:00 minus 09:00–11:00 leaves 08:30–09:00 and 11:00–12:00
			expect(a.open.slice(0, 2)).toEqual([
				{ start: w.monday9 - 30 * M, end: w.monday9 },
				{ start: w.monday9 + 2 * H, end: w.monday9 + 3 * H }
			]);
		});

		it('applies a weekly closure every week and only to the manager of the facility', async () => {
			const weekly = { recurrence: 'weekly' as const, kind: 'other', reason: '每周一组会', weekday: 1, startTime: '08:30', endTime: '10:00', fromDate: null, untilDate: null };
			expect((await failure(createClosure(db, w.managerTj, w.managerTjRoles, w.instrumentId, weekly, [], w.now))).kind).toBe('forbidden');
			const created = await createClosure(db, w.managerBj, w.managerBjRoles, w.instrumentId, weekly, [], w.now);
			expect(created.status).toBe('created');
			const e = await failure(createBooking(db, w.researcherBj, input(w.monday9 + 7 * D, w.monday9 + 7 * D + H), w.now));
			expect(e.problems.map((p) => p.code)).toEqual(['closed']);
			if (created.status === 'created') await deleteClosure(db, w.managerBj, w.managerBjRoles, created.closureId, w.now);
			expect((await createBooking(db, w.researcherBj, input(w.monday9 + 7 * D, w.monday9 + 7 * D + H), w.now)).status).toBe('requested');
		});
	});

	describe('recurring bookings', () => {
		it('books every occurrence or none, reporting each conflicting one with its date', async () => {
			// someone already holds Monday 2027-01-18 09:00–10:00 (the third week)
			await createBooking(db, w.researcherTj, input(w.monday9 + 14 * D + 30 * M, w.monday9 + 14 * D + 90 * M), w.now);
			await createClosure(db, w.managerBj, w.managerBjRoles, w.instrumentId, maintenance(w.monday9 + 21 * D, w.monday9 + 21 * D + 3 * H), [], w.now);
			const e = await failure(createRecurringBookings(db, w.researcherBj, input(w.monday9, w.monday9 + H), { count: 5 }, w.now));
			expect(e).toBeInstanceOf(RecurringConflict);
			const occ = (e as RecurringConflict).occurrences;
			expect(occ.map((o) => [o.index, o.date, o.problems.map((p) => p.code)])).toEqual([
				[3, '2027-01-18', ['overlaps_booking']],
				[4, '2027-01-25', ['closed']]
			]);
			expect(await bookings()).toHaveLength(1);
			const series = await createRecurringBookings(db, w.researcherBj, input(w.monday9 + 5 * H, w.monday9 + 6 * H), { untilDate: '2027-01-25' }, w.now);
			expect(series.map((b) => b.start_at)).toEqual([0, 1, 2, 3].map((i) => w.monday9 + 5 * H + i * 7 * D));
			expect(await bookings()).toHaveLength(5);
		});
	});

	describe('booking rules', () => {
		it('keeps the buffer between bookings at its exact boundary', async () => {
			await setBookingRules(db, w.managerBj, w.managerBjRoles, w.instrumentId, { ...(await rules()), bufferMinutes: 30 }, w.now);
			await createBooking(db, w.researcherBj, input(w.monday9, w.monday9 + H), w.now);
			expect((await failure(createBooking(db, w.researcherTj, input(w.monday9 + H, w.monday9 + 2 * H), w.now))).problems.map((p) => p.code)).toEqual(['within_buffer']);
			expect((await createBooking(db, w.researcherTj, input(w.monday9 + 90 * M, w.monday9 + 150 * M), w.now)).status).toBe('requested');
		});

		it('lets only as many concurrent bookings through as the per-person limit allows', async () => {
			await setBookingRules(db, w.managerBj, w.managerBjRoles, w.instrumentId, { ...(await rules()), maxFutureBookings: 2 }, w.now);
			const results = await Promise.allSettled(Array.from({ length: 5 }, (_, n) => createBooking(db, w.researcherBj, input(w.monday9 + n * D, w.monday9 + n * D + H), w.now)));
			expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(2);
			for (const r of results) if (r.status === 'rejected') expect((r.reason as ServiceError).problems.map((p) => p.code)).toContain('future_limit');
			// another person is not limited by researcherBj's bookings
			expect((await createBooking(db, w.researcherTj, input(w.monday9 + 5 * H, w.monday9 + 6 * H), w.now)).status).toBe('requested');
		});

		it('enforces the weekly hours under concurrency', async () => {
			await setBookingRules(db, w.managerBj, w.managerBjRoles, w.instrumentId, { ...(await rules()), maxWeekHours: 3 }, w.now);
			const results = await Promise.allSettled(Array.from({ length: 5 }, (_, n) => createBooking(db, w.researcherBj, input(w.monday9 + n * D, w.monday9 + n * D + H), w.now)));
			expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
			const rows = await bookings();
			expect(rows.reduce((s, b) => s + (b.end_at - b.start_at), 0)).toBe(3 * H);
		});

		it('lets only the facility manager change hours and rules, validates them and audits the change', async () => {
			expect((await failure(setOpeningHours(db, w.managerTj, w.managerTjRoles, w.instrumentId, [], w.now))).kind).toBe('forbidden');
			const bad = await failure(setOpeningHours(db, w.managerBj, w.managerBjRoles, w.instrumentId, [{ weekday: 1, start: '08:00', end: '12:00' }, { weekday: 1, start: '11:00', end: '13:00' }], w.now));
			expect(bad.problems.map((p) => p.code)).toEqual(['hours_overlap']);
			await setOpeningHours(db, w.managerBj, w.managerBjRoles, w.instrumentId, [{ weekday: 6, start: '07:00', end: '24:00' }], w.now);
			const saturday7 = w.monday9 + 5 * D - 2 * H;
			expect((await createBooking(db, w.researcherBj, input(saturday7, saturday7 + H), w.now)).status).toBe('requested');
			expect((await failure(createBooking(db, w.researcherBj, input(w.monday9, w.monday9 + H), w.now))).problems.map((p) => p.code)).toEqual(['outside_opening_hours']);
			const audit = await db.kysely.selectFrom('audit_log').selectAll().where('entity', '=', 'instrument').where('action', '=', 'opening_hours').execute();
			expect(JSON.parse(audit[0].after_json!).openingHours).toEqual([{ weekday: 6, start: '07:00', end: '24:00' }]);
		});
	});

	describe('wait list', () => {
		it('offers a cancelled slot to the first person waiting, holds it for them and books it on acceptance', async () => {
			const a = await createBooking(db, w.researcherBj, input(w.monday9, w.monday9 + H), w.now);
			expect((await failure(joinWaitlist(db, w.researcherTj, input(w.monday9 + D, w.monday9 + D + H), w.now))).problems.map((p) => p.code)).toEqual(['waitlist_slot_free']);
			const tj = await joinWaitlist(db, w.researcherTj, input(w.monday9, w.monday9 + H), w.now);
			const he = await joinWaitlist(db, w.researcherHe, input(w.monday9, w.monday9 + H), w.now + 1);
			await cancelOwnBooking(db, w.researcherBj, a.id, w.now + M);
			const [offer] = await listMyWaitlist(db, w.researcherTj, w.now + 2 * M);
			expect(offer).toMatchObject({ id: tj.id, status: 'offered', offer_expires_at: w.now + M + 120 * M });
			expect((await listMyWaitlist(db, w.researcherHe, w.now + 2 * M))[0].status).toBe('waiting');
			// the person offered is told, in the portal and by mail (outbox)
			const told = await db.kysely.selectFrom('notifications').select(['user_id', 'entity_id']).where('kind', '=', 'waitlist_offer').execute();
			expect(told).toEqual([{ user_id: w.researcherTj.id, entity_id: tj.id }]);
			// the range is held for the person offered
			expect((await failure(createBooking(db, w.researcherBj, input(w.monday9, w.monday9 + H), w.now + 3 * M))).problems.map((p) => p.code)).toEqual(['held_for_waitlist']);
			const booked = await acceptOffer(db, w.researcherTj, tj.id, w.now + 4 * M);
			expect(booked).toMatchObject({ user_id: w.researcherTj.id, start_at: w.monday9, status: 'requested' });
			expect((await db.kysely.selectFrom('waitlist_entries').select('status').where('id', '=', tj.id).executeTakeFirstOrThrow()).status).toBe('booked');
			expect(he.status).toBe('waiting');
		});

		it('passes a declined or expired offer on to the next person', async () => {
			const a = await createBooking(db, w.researcherBj, input(w.monday9, w.monday9 + H), w.now);
			const tj = await joinWaitlist(db, w.researcherTj, input(w.monday9, w.monday9 + H), w.now);
			const he = await joinWaitlist(db, w.researcherHe, input(w.monday9, w.monday9 + H), w.now + 1);
			await rejectBooking(db, w.managerBj, w.managerBjRoles, a.id, '样品不符合要求', w.now + M);
			await leaveWaitlist(db, w.researcherTj, tj.id, w.now + 2 * M);
			const heOffer = (await listMyWaitlist(db, w.researcherHe, w.now + 3 * M))[0];
			expect(heOffer).toMatchObject({ id: he.id, status: 'offered' });
			// the offer runs out: nobody is left, the time is free again
			expect(await expireDueOffers(db, w.now + 2 * M + 120 * M)).toBe(1);
			expect((await failure(acceptOffer(db, w.researcherHe, he.id, w.now + 2 * M + 121 * M))).problems.map((p) => p.code)).toEqual(['offer_not_open']);
			expect((await createBooking(db, w.researcherBj, input(w.monday9, w.monday9 + H), w.now + 3 * H)).status).toBe('requested');
		});
	});
});
