import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS, openTestDb, type TestDb } from './test-db';
import { buildBookingWorld } from './booking-world';
import { createBooking } from '../../src/lib/server/booking/booking.service';
import { ServiceError } from '../../src/lib/server/booking/booking.errors';
import { acceptSample, advanceSample, cancelSample, downloadResult, listManagedSamples, rejectSample, reportSample, requestSample, scheduleSample } from '../../src/lib/server/sample/sample.service';

const H = 3_600_000;

async function codes(p: Promise<unknown>): Promise<string[]> {
	try {
		await p;
	} catch (e) {
		if (e instanceof ServiceError) return [e.kind, ...e.problems.map((x) => x.code)];
		throw e;
	}
	return [];
}

let resultsDir: string;
beforeAll(() => {
	resultsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jjj-results-'));
	process.env.RESULTS_DIR = resultsDir;
});
afterAll(() => {
	fs.rmSync(resultsDir, { recursive: true, force: true });
	delete process.env.RESULTS_DIR;
});

describe.each(DIALECTS)('sample testing on %s', (dialect) => {
	let db: TestDb;
	let w: Awaited<ReturnType<typeof buildBookingWorld>>;
	beforeEach(async () => {
		db = await openTestDb(dialect);
		w = await buildBookingWorld(db);
	});
	afterEach(async () => {
		await db.cleanup();
	});
	const input = () => ({ instrumentId: w.instrumentId, sampleCount: 3, sampleKind: '金属粉末', hazards: '无', wantedDate: '2027-01-15', notes: '' });
	const pdf = { name: '检测报告.pdf', type: 'application/pdf', bytes: new TextEncoder().encode('%PDF-1.4 result') };

	it('runs submitted → accepted → received → testing → reported, occupying instrument time, with a private result', async () => {
		const s = await requestSample(db, w.researcherTj, input(), w.now);
		expect(s.status).toBe('submitted');
		expect(s.user_area_code).toBe('TJ');
		// the facility's managers are told of the new request, nobody else
		const told = await db.kysely.selectFrom('notifications').select('user_id').where('kind', '=', 'sample_requested').where('entity_id', '=', s.id).execute();
		expect(told).toEqual([{ user_id: w.managerBj.id }]);
		expect(await codes(advanceSample(db, w.managerBj, w.managerBjRoles, s.id, 'testing', w.now))).toEqual(['conflict', 'sample_wrong_status']);
		expect(await codes(acceptSample(db, w.managerTj, w.managerTjRoles, s.id, 50_000, w.now))).toEqual(['forbidden']);
		expect((await acceptSample(db, w.managerBj, w.managerBjRoles, s.id, 50_000, w.now)).quote_fen).toBe(50_000);

		const scheduled = await scheduleSample(db, w.managerBj, w.managerBjRoles, s.id, w.monday9, w.monday9 + 2 * H, w.now);
		const booking = await db.kysely.selectFrom('bookings').selectAll().where('id', '=', scheduled.booking_id!).executeTakeFirstOrThrow();
		expect(booking).toMatchObject({ mode: 'sample', status: 'approved', active: 1, user_id: w.researcherTj.id, quote_fen: 50_000 });
		const clash = { instrumentId: w.instrumentId, start: w.monday9 + H, end: w.monday9 + 2 * H, mode: 'self' as const, purpose: '形貌观察', project: '' };
		expect(await codes(createBooking(db, w.researcherBj, clash, w.now))).toContain('overlaps_booking');

		await advanceSample(db, w.managerBj, w.managerBjRoles, s.id, 'received', w.now);
		await advanceSample(db, w.managerBj, w.managerBjRoles, s.id, 'testing', w.monday9);
		const reported = await reportSample(db, w.managerBj, w.managerBjRoles, s.id, pdf, w.monday9 + 3 * H);
		expect(reported).toMatchObject({ status: 'reported', result_name: '检测报告.pdf', result_size: pdf.bytes.byteLength });
		expect(fs.existsSync(path.join(resultsDir, reported.result_path!))).toBe(true);
		const usage = await db.kysely.selectFrom('usage_records').selectAll().where('booking_id', '=', booking.id).executeTakeFirstOrThrow();
		expect(usage).toMatchObject({ source: 'sample', user_id: w.researcherTj.id, operator_user_id: w.managerBj.id, start_at: w.monday9, end_at: w.monday9 + 2 * H });

		const mine = await downloadResult(db, w.researcherTj, w.researcherRoles, s.id);
		expect(new TextDecoder().decode(mine.bytes)).toBe('%PDF-1.4 result');
		expect((await downloadResult(db, w.managerBj, w.managerBjRoles, s.id)).name).toBe('检测报告.pdf');
		expect(await codes(downloadResult(db, w.researcherBj, w.researcherRoles, s.id))).toEqual(['not_found']);
		expect(await codes(downloadResult(db, w.managerTj, w.managerTjRoles, s.id))).toEqual(['not_found']);

		const actions = await db.kysely.selectFrom('audit_log').select('action').where('entity', '=', 'sample_request').where('entity_id', '=', s.id).orderBy('id').execute();
		expect(actions.map((a) => a.action)).toEqual(['create', 'accepted', 'schedule', 'received', 'testing', 'reported']);
		const notices = await db.kysely.selectFrom('notifications').select('kind').where('user_id', '=', w.researcherTj.id).where('kind', '=', 'sample_status').execute();
		expect(notices).toHaveLength(4);
	});

	it('refuses a result over 20 MB or of an unknown kind and keeps the request in testing', async () => {
		const s = await requestSample(db, w.researcherBj, input(), w.now);
		await acceptSample(db, w.managerBj, w.managerBjRoles, s.id, 0, w.now);
		await advanceSample(db, w.managerBj, w.managerBjRoles, s.id, 'received', w.now);
		await advanceSample(db, w.managerBj, w.managerBjRoles, s.id, 'testing', w.now);
		const big = { name: 'r.pdf', type: 'application/pdf', bytes: new Uint8Array(20 * 1024 * 1024 + 1) };
		expect(await codes(reportSample(db, w.managerBj, w.managerBjRoles, s.id, big, w.now))).toEqual(['conflict', 'result_file_too_large']);
		expect(await codes(reportSample(db, w.managerBj, w.managerBjRoles, s.id, { ...pdf, name: 'x.exe' }, w.now))).toEqual(['conflict', 'result_file_type']);
		expect(await codes(reportSample(db, w.managerBj, w.managerBjRoles, s.id, null, w.now))).toEqual(['conflict', 'result_file_required']);
		const exactly = { name: 'r.pdf', type: 'application/pdf', bytes: new Uint8Array(20 * 1024 * 1024) };
		expect((await reportSample(db, w.managerBj, w.managerBjRoles, s.id, exactly, w.now)).status).toBe('reported');
	});

	it('rejects with a reason, lets the requester withdraw, and lists only managed requests', async () => {
		const a = await requestSample(db, w.researcherBj, input(), w.now);
		expect(await codes(rejectSample(db, w.managerBj, w.managerBjRoles, a.id, '', w.now))).toEqual(['conflict', 'reason_required']);
		expect((await rejectSample(db, w.managerBj, w.managerBjRoles, a.id, '样品不适用', w.now)).reject_reason).toBe('样品不适用');
		const b = await requestSample(db, w.researcherBj, input(), w.now);
		await acceptSample(db, w.managerBj, w.managerBjRoles, b.id, 1000, w.now);
		const sched = await scheduleSample(db, w.managerBj, w.managerBjRoles, b.id, w.monday9, w.monday9 + H, w.now);
		expect(await codes(cancelSample(db, w.researcherTj, b.id, w.now))).toEqual(['not_found']);
		expect((await cancelSample(db, w.researcherBj, b.id, w.now)).status).toBe('cancelled');
		const freed = await db.kysely.selectFrom('bookings').select(['status', 'active']).where('id', '=', sched.booking_id!).executeTakeFirstOrThrow();
		expect(freed).toEqual({ status: 'cancelled', active: 0 });
		expect((await listManagedSamples(db, w.managerBjRoles)).map((r) => r.id).sort()).toEqual([a.id, b.id].sort());
		expect(await listManagedSamples(db, w.managerTjRoles)).toEqual([]);
	});

	it('refuses a request for an instrument that offers no sample testing', async () => {
		await db.kysely.updateTable('instruments').set({ modes: 'self' }).where('id', '=', w.instrumentId).execute();
		expect(await codes(requestSample(db, w.researcherBj, input(), w.now))).toEqual(['conflict', 'mode_not_offered']);
	});
});
