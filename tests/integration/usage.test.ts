import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS, openTestDb, type TestDb } from './test-db';
import { buildBookingWorld } from './booking-world';
import { newUser } from './fixtures';
import { approveBooking, createBooking } from '../../src/lib/server/booking/booking.service';
import { ServiceError } from '../../src/lib/server/booking/booking.errors';
import { loadRoles } from '../../src/lib/server/auth/roles';
import { assignOperator, checkIn, checkinCodeFor, checkOut, listInstrumentUsage, liftNoShowBlock, recordUsage, rotateCheckinCode } from '../../src/lib/server/usage/usage.service';
import { runNoShowSweep } from '../../src/lib/server/usage/no-show.job';

const M = 60_000;
const H = 60 * M;
const DAY = 24 * H;

async function codes(p: Promise<unknown>): Promise<string[]> {
	try {
		await p;
	} catch (e) {
		if (e instanceof ServiceError) return [e.kind, ...e.problems.map((x) => x.code)];
		throw e;
	}
	return [];
}

describe.each(DIALECTS)('check-in, usage and no-shows on %s', (dialect) => {
	let db: TestDb;
	let w: Awaited<ReturnType<typeof buildBookingWorld>>;
	beforeEach(async () => {
		db = await openTestDb(dialect);
		w = await buildBookingWorld(db);
	});
	afterEach(async () => {
		await db.cleanup();
	});

	/** An approved booking by the Beijing researcher on Monday from 09:00 for `hours`. */
	async function approvedBooking(hours = 1, mode: 'self' | 'assisted' = 'self', who = w.researcherBj, start = w.monday9) {
		const b = await createBooking(db, who, { instrumentId: w.instrumentId, start, end: start + hours * H, mode, purpose: '形貌观察', project: '' }, w.now);
		return approveBooking(db, w.managerBj, w.managerBjRoles, b.id, w.now);
	}
	const audits = (entity: string, id: number) =>
		db.kysely.selectFrom('audit_log').select('action').where('entity', '=', entity).where('entity_id', '=', id).orderBy('id').execute().then((r) => r.map((a) => a.action));

	it('checks a researcher in and out with the instrument code and records the use', async () => {
		const b = await approvedBooking();
		const { code } = await checkinCodeFor(db, w.managerBj, w.managerBjRoles, w.instrumentId, w.now);
		expect(code).toMatch(/^[A-Z2-9]{6}$/);
		const inAt = w.monday9 - 5 * M;
		const checkedIn = await checkIn(db, w.researcherBj, w.researcherRoles, b.id, code.toLowerCase(), inAt);
		expect(checkedIn.booking.status).toBe('checked_in');
		expect(checkedIn.usage).toMatchObject({ start_at: inAt, end_at: null, user_id: w.researcherBj.id, operator_user_id: w.researcherBj.id, source: 'checkin' });
		const out = await checkOut(db, w.researcherBj, w.researcherRoles, b.id, code, w.monday9 + 50 * M);
		expect(out.booking.status).toBe('completed');
		expect(out.booking.active).toBe(0);
		expect(out.usage.end_at).toBe(w.monday9 + 50 * M);
		expect(await audits('booking', b.id)).toEqual(['create', 'approve', 'check_in', 'check_out']);
		const list = await listInstrumentUsage(db, w.managerBjRoles, w.instrumentId);
		expect(list.map((u) => [u.booking_id, u.user_name])).toEqual([[b.id, w.researcherBj.name]]);
	});

	it('refuses a wrong or rotated code, a stranger, and a check-in too early or too late', async () => {
		const b = await approvedBooking();
		const old = (await checkinCodeFor(db, w.managerBj, w.managerBjRoles, w.instrumentId, w.now)).code;
		const fresh = (await rotateCheckinCode(db, w.managerBj, w.managerBjRoles, w.instrumentId, w.now)).code;
		if (fresh !== old) expect(await codes(checkIn(db, w.researcherBj, w.researcherRoles, b.id, old, w.monday9))).toEqual(['conflict', 'checkin_code_wrong']);
		expect(await codes(checkIn(db, w.researcherBj, w.researcherRoles, b.id, '', w.monday9))).toEqual(['conflict', 'checkin_code_wrong']);
		expect(await codes(checkIn(db, w.researcherTj, w.researcherRoles, b.id, fresh, w.monday9))).toEqual(['not_found']);
		expect(await codes(checkIn(db, w.researcherBj, w.researcherRoles, b.id, fresh, w.monday9 - 15 * M - 1))).toEqual(['conflict', 'checkin_too_early']);
		expect(await codes(checkIn(db, w.researcherBj, w.researcherRoles, b.id, fresh, w.monday9 + H))).toEqual(['conflict', 'checkin_too_late']);
		expect(await codes(checkinCodeFor(db, w.managerTj, w.managerTjRoles, w.instrumentId, w.now))).toEqual(['forbidden']);
		const status = await db.kysely.selectFrom('bookings').select('status').where('id', '=', b.id).executeTakeFirstOrThrow();
		expect(status.status).toBe('approved');
	});

	it('lets the manager check in on behalf, and the assigned operator run an assisted booking', async () => {
		const self = await approvedBooking(1, 'self');
		await checkIn(db, w.managerBj, w.managerBjRoles, self.id, undefined, w.monday9);
		expect((await checkOut(db, w.managerBj, w.managerBjRoles, self.id, undefined, w.monday9 + 40 * M)).usage.operator_user_id).toBe(w.researcherBj.id);

		const operator = await newUser(db, { institutionId: w.researcherBj.institutionId, name: '操作员', role: 'operator', facilityId: w.facilityId });
		const operatorUser = { ...w.researcherBj, id: operator.id, name: operator.name, email: operator.email };
		const operatorRoles = await loadRoles(db, operator.id);
		const assisted = await approvedBooking(1, 'assisted', w.researcherBj, w.monday9 + 2 * H);
		expect(await codes(checkIn(db, operatorUser, operatorRoles, assisted.id, undefined, w.monday9 + 2 * H))).toEqual(['not_found']);
		expect(await codes(assignOperator(db, w.managerBj, w.managerBjRoles, assisted.id, w.researcherTj.id, w.now))).toEqual(['conflict', 'operator_not_staff']);
		await assignOperator(db, w.managerBj, w.managerBjRoles, assisted.id, operator.id, w.now);
		const r = await checkIn(db, operatorUser, operatorRoles, assisted.id, undefined, w.monday9 + 2 * H);
		expect(r.usage.operator_user_id).toBe(operator.id);
		expect(r.usage.user_id).toBe(w.researcherBj.id);
		expect((await checkOut(db, operatorUser, operatorRoles, assisted.id, undefined, w.monday9 + 3 * H)).booking.status).toBe('completed');
	});

	it('marks a no-show at exactly start + 60 min, once, and releases the slot for another person', async () => {
		const b = await approvedBooking(3);
		expect((await runNoShowSweep(db, w.monday9 + H - 1)).noShows).toEqual([]);
		const later = { instrumentId: w.instrumentId, start: w.monday9 + 2 * H, end: w.monday9 + 3 * H, mode: 'self' as const, purpose: '成分分析', project: '' };
		expect(await codes(createBooking(db, w.researcherTj, later, w.monday9 + H))).toContain('overlaps_booking');
		expect((await runNoShowSweep(db, w.monday9 + H)).noShows).toEqual([b.id]);
		expect((await runNoShowSweep(db, w.monday9 + H + M)).noShows).toEqual([]);
		const row = await db.kysely.selectFrom('bookings').select(['status', 'active']).where('id', '=', b.id).executeTakeFirstOrThrow();
		expect(row).toEqual({ status: 'no_show', active: 0 });
		expect(await audits('booking', b.id)).toEqual(['create', 'approve', 'no_show']);
		const notices = await db.kysely.selectFrom('notifications').select('kind').where('user_id', '=', w.researcherBj.id).where('kind', '=', 'no_show').execute();
		expect(notices).toHaveLength(1);
		const other = await createBooking(db, w.researcherTj, later, w.monday9 + H);
		expect(other.status).toBe('requested');
	});

	it('blocks self-service booking on the facility at the third no-show in 90 days until a manager lifts it', async () => {
		const starts = [w.monday9, w.monday9 + 5 * H, w.monday9 + DAY]; // Mon 09:00, Mon 14:00, Tue 09:00
		for (const s of starts) await approvedBooking(1, 'self', w.researcherBj, s);
		const first = await runNoShowSweep(db, w.monday9 + 6 * H);
		expect(first.noShows).toHaveLength(2);
		expect(first.blocks).toEqual([]);
		const third = await runNoShowSweep(db, w.monday9 + DAY + H);
		expect(third.blocks).toHaveLength(1);
		expect((await runNoShowSweep(db, w.monday9 + DAY + 2 * H)).blocks).toEqual([]);
		const now = w.monday9 + DAY + 2 * H;
		const wanted = { instrumentId: w.instrumentId, start: w.monday9 + 2 * DAY, end: w.monday9 + 2 * DAY + H, mode: 'self' as const, purpose: '形貌观察', project: '' };
		expect(await codes(createBooking(db, w.researcherBj, wanted, now))).toEqual(['conflict', 'blocked_no_shows']);
		expect(await codes(liftNoShowBlock(db, w.managerTj, w.managerTjRoles, third.blocks[0], '', now))).toEqual(['forbidden']);
		await liftNoShowBlock(db, w.managerBj, w.managerBjRoles, third.blocks[0], '已沟通', now);
		expect((await createBooking(db, w.researcherBj, wanted, now)).status).toBe('requested');
		expect(await audits('usage_block', third.blocks[0])).toEqual(['create', 'lift']);
	});

	it('lets a manager record and correct usage afterwards (audited), and nobody else', async () => {
		const b = await approvedBooking(2);
		await runNoShowSweep(db, w.monday9 + H);
		expect(await codes(recordUsage(db, w.managerTj, w.managerTjRoles, b.id, { start: w.monday9, end: w.monday9 + H, notes: '' }, w.monday9 + 3 * H))).toEqual(['forbidden']);
		expect(await codes(recordUsage(db, w.managerBj, w.managerBjRoles, b.id, { start: w.monday9 + H, end: w.monday9, notes: '' }, w.monday9 + 3 * H))).toEqual(['conflict', 'invalid_range']);
		const recorded = await recordUsage(db, w.managerBj, w.managerBjRoles, b.id, { start: w.monday9 + 10 * M, end: w.monday9 + H, notes: '忘记签到' }, w.monday9 + 3 * H);
		expect(recorded).toMatchObject({ source: 'manager', recorded_by: w.managerBj.id, notes: '忘记签到' });
		const corrected = await recordUsage(db, w.managerBj, w.managerBjRoles, b.id, { start: w.monday9 + 10 * M, end: w.monday9 + 90 * M, notes: '更正' }, w.monday9 + 4 * H);
		expect(corrected.id).toBe(recorded.id);
		expect(corrected.end_at).toBe(w.monday9 + 90 * M);
		expect(await audits('usage_record', recorded.id)).toEqual(['record', 'correct']);
		const row = await db.kysely.selectFrom('bookings').select('status').where('id', '=', b.id).executeTakeFirstOrThrow();
		expect(row.status).toBe('completed');
		expect(await codes(listInstrumentUsage(db, w.managerTjRoles, w.instrumentId))).toEqual(['forbidden']);
	});
});
