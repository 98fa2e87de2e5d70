import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS, openTestDb, type TestDb } from './test-db';
import { buildBookingWorld } from './booking-world';
import { approveBooking, cancelOwnBooking, createBooking, listMyBookings, listPendingRequests, rejectBooking } from '../../src/lib/server/booking/booking.service';
import { getAvailability } from '../../src/lib/server/booking/availability.service';
import { ServiceError } from '../../src/lib/server/booking/booking.errors';

const H = 3_600_000;
const M = 60_000;

async function problemCodes(p: Promise<unknown>): Promise<string[]> {
	try {
		await p;
	} catch (e) {
		if (e instanceof ServiceError) return [e.kind, ...e.problems.map((x) => x.code)];
		throw e;
	}
	return [];
}

describe.each(DIALECTS)('bookings on %s', (dialect) => {
	let db: TestDb;
	let w: Awaited<ReturnType<typeof buildBookingWorld>>;
	beforeEach(async () => {
		db = await openTestDb(dialect);
		w = await buildBookingWorld(db);
	});
	afterEach(async () => {
		await db.cleanup();
	});
	const input = (start: number, end: number, extra: Partial<{ mode: 'self' | 'assisted'; purpose: string }> = {}) => ({
		instrumentId: w.instrumentId,
		start,
		end,
		mode: 'self' as const,
		purpose: '断面形貌观察',
		project: '',
		...extra
	});
	const count = async () => Number((await db.kysely.selectFrom('bookings').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

	it('sends a cross-area booking to a manager and records an audit row', async () => {
		const b = await createBooking(db, w.researcherHe, input(w.monday9, w.monday9 + H), w.now);
		expect(b.status).toBe('requested');
		expect(b.user_area_code).toBe('HE');
		expect(b.quote_fen).toBe(30_000);
		const audit = await db.kysely.selectFrom('audit_log').selectAll().where('entity', '=', 'booking').where('entity_id', '=', b.id).execute();
		expect(audit.map((a) => a.action)).toEqual(['create']);
		expect(JSON.parse(audit[0].after_json!).status).toBe('requested');
	});

	it('approves at once on an automatic instrument for a same-area user', async () => {
		await db.kysely.updateTable('instruments').set({ approval_mode: 'auto' }).execute();
		const b = await createBooking(db, w.researcherBj, input(w.monday9, w.monday9 + H), w.now);
		expect(b.status).toBe('approved');
	});

	it('rejects an overlapping booking but accepts one that starts when the other ends', async () => {
		await createBooking(db, w.researcherBj, input(w.monday9, w.monday9 + H), w.now);
		expect(await problemCodes(createBooking(db, w.researcherTj, input(w.monday9 + 30 * M, w.monday9 + 90 * M), w.now))).toEqual(['conflict', 'overlaps_booking']);
		const next = await createBooking(db, w.researcherTj, input(w.monday9 + H, w.monday9 + 2 * H), w.now);
		expect(next.status).toBe('requested');
	});

	it('lets exactly one of 20 concurrent overlapping requests through', async () => {
		const users = [w.researcherBj, w.researcherTj, w.researcherHe];
		const results = await Promise.allSettled(
			Array.from({ length: 20 }, (_, n) => createBooking(db, users[n % 3], input(w.monday9 + (n % 2) * 30 * M, w.monday9 + (n % 2) * 30 * M + H), w.now))
		);
		expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
		const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
		expect(failures).toHaveLength(19);
		for (const f of failures) expect((f.reason as ServiceError).problems.map((p) => p.code)).toContain('overlaps_booking');
		expect(await count()).toBe(1);
	});

	it('changes nothing when the rules reject a request, and reports every broken rule', async () => {
		const sundayNight = w.monday9 - 13 * H + 10 * M;
		const codes = await problemCodes(createBooking(db, w.researcherBj, input(sundayNight, sundayNight + 9 * H, { purpose: '' }), w.now));
		expect(codes).toEqual(expect.arrayContaining(['conflict', 'outside_opening_hours', 'not_on_slot', 'too_long', 'purpose_required']));
		expect(await count()).toBe(0);
	});

	it('answers not_found for a missing or unpublished instrument', async () => {
		expect(await problemCodes(createBooking(db, w.researcherBj, { ...input(w.monday9, w.monday9 + H), instrumentId: 999_999 }, w.now))).toEqual(['not_found']);
		await db.kysely.updateTable('instruments').set({ published: 0 }).execute();
		expect(await problemCodes(createBooking(db, w.researcherBj, input(w.monday9, w.monday9 + H), w.now))).toEqual(['not_found']);
	});

	it('lets only a manager of the facility approve, and re-checks overlaps on approval', async () => {
		const b = await createBooking(db, w.researcherHe, input(w.monday9, w.monday9 + H), w.now);
		expect(await problemCodes(approveBooking(db, w.managerTj, w.managerTjRoles, b.id, w.now))).toEqual(['forbidden']);
		expect(await problemCodes(approveBooking(db, w.researcherBj, w.researcherRoles, b.id, w.now))).toEqual(['forbidden']);
		// a second, overlapping request slipped in (e.g. written before a rule change): approval must refuse it
		const sneaky = await db.kysely
			.insertInto('bookings')
			.values({ instrument_id: w.instrumentId, user_id: w.researcherTj.id, mode: 'self', start_at: w.monday9 + 30 * M, end_at: w.monday9 + 90 * M, status: 'approved', active: 1, purpose: 'x', project: '', quote_fen: 0, user_area_code: 'TJ', user_institution_id: w.researcherTj.institutionId, created_at: w.now, updated_at: w.now })
			.returning('id')
			.executeTakeFirstOrThrow();
		expect(await problemCodes(approveBooking(db, w.managerBj, w.managerBjRoles, b.id, w.now))).toEqual(['conflict', 'overlaps_booking']);
		await db.kysely.deleteFrom('bookings').where('id', '=', sneaky.id).execute();
		const approved = await approveBooking(db, w.managerBj, w.managerBjRoles, b.id, w.now);
		expect(approved.status).toBe('approved');
		expect(approved.decided_by).toBe(w.managerBj.id);
		expect(await problemCodes(approveBooking(db, w.managerBj, w.managerBjRoles, b.id, w.now))).toEqual(['conflict', 'not_pending']);
	});

	it('requires a reason to reject and frees the time afterwards', async () => {
		const b = await createBooking(db, w.researcherHe, input(w.monday9, w.monday9 + H), w.now);
		expect(await problemCodes(rejectBooking(db, w.managerBj, w.managerBjRoles, b.id, ' ', w.now))).toEqual(['conflict', 'reason_required']);
		const rejected = await rejectBooking(db, w.managerBj, w.managerBjRoles, b.id, '样品不符合要求', w.now);
		expect(rejected.status).toBe('rejected');
		expect(rejected.active).toBe(0);
		const again = await createBooking(db, w.researcherTj, input(w.monday9, w.monday9 + H), w.now);
		expect(again.status).toBe('requested');
	});

	it('lets people cancel only their own bookings and only before the deadline', async () => {
		const b = await createBooking(db, w.researcherHe, input(w.monday9, w.monday9 + H), w.now);
		expect(await problemCodes(cancelOwnBooking(db, w.researcherTj, b.id, w.now))).toEqual(['not_found']);
		expect(await problemCodes(cancelOwnBooking(db, w.researcherHe, b.id, w.monday9 - 119 * M))).toEqual(['conflict', 'cancel_deadline_passed']);
		const cancelled = await cancelOwnBooking(db, w.researcherHe, b.id, w.monday9 - 120 * M);
		expect(cancelled.status).toBe('cancelled');
		const audit = await db.kysely.selectFrom('audit_log').select('action').where('entity_id', '=', b.id).orderBy('id').execute();
		expect(audit.map((a) => a.action)).toEqual(['create', 'cancel']);
	});

	it('shows pending requests only to managers of the facility', async () => {
		await createBooking(db, w.researcherHe, input(w.monday9, w.monday9 + H), w.now);
		expect(await listPendingRequests(db, w.managerBjRoles)).toHaveLength(1);
		expect(await listPendingRequests(db, w.managerTjRoles)).toHaveLength(0);
		const mine = await listMyBookings(db, w.researcherHe, w.now);
		expect(mine.upcoming).toHaveLength(1);
		expect(mine.upcoming[0].cancellable).toBe(true);
	});

	it('hides names in availability except from the instrument\'s managers', async () => {
		await createBooking(db, w.researcherHe, input(w.monday9, w.monday9 + H), w.now);
		const window = [w.monday9 - 24 * H, w.monday9 + 24 * H] as const;
		const anon = await getAvailability(db, w.instrumentId, ...window, { userId: null, roles: w.researcherRoles });
		expect(anon.busy).toEqual([{ start: w.monday9, end: w.monday9 + H }]);
		expect(anon.open.length).toBeGreaterThan(0);
		const other = await getAvailability(db, w.instrumentId, ...window, { userId: w.managerTj.id, roles: w.managerTjRoles });
		expect(other.busy[0].userName).toBeUndefined();
		const manager = await getAvailability(db, w.instrumentId, ...window, { userId: w.managerBj.id, roles: w.managerBjRoles });
		expect(manager.busy[0].userName).toBe('r.he');
		const own = await getAvailability(db, w.instrumentId, ...window, { userId: w.researcherHe.id, roles: w.researcherRoles });
		expect(own.busy[0].mine).toBe(true);
	});
});
