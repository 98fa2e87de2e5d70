import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import ical from 'node-ical';
import { DIALECTS, openTestDb, type TestDb } from './test-db';
import { buildBookingWorld } from './booking-world';
import { createBooking, rejectBooking } from '../../src/lib/server/booking/booking.service';
import { bookingIcs, feedForToken, resetFeedToken } from '../../src/lib/server/calendar-feed/calendar-feed.service';
import { NO_ROLES } from '../../src/lib/server/auth/roles';
import { ServiceError } from '../../src/lib/server/booking/booking.errors';

const H = 3_600_000;

function events(text: string) {
	return Object.values(ical.sync.parseICS(text)).filter((c): c is ical.VEvent => c?.type === 'VEVENT');
}

describe.each(DIALECTS)('calendar feeds on %s', (dialect) => {
	let db: TestDb;
	let w: Awaited<ReturnType<typeof buildBookingWorld>>;
	beforeEach(async () => {
		db = await openTestDb(dialect);
		w = await buildBookingWorld(db);
	});
	afterEach(async () => {
		await db.cleanup();
	});
	const book = (start: number, user = w.researcherBj) =>
		createBooking(db, user, { instrumentId: w.instrumentId, start, end: start + 2 * H, mode: 'self', purpose: '断面形貌观察', project: '' }, w.now);

	it('gives the person their bookings at the right UTC instants, cancelled ones marked so', async () => {
		const a = await book(w.monday9);
		const b = await book(w.monday9 + 24 * H);
		await rejectBooking(db, w.managerBj, w.managerBjRoles, b.id, '设备维护', w.now);
		const token = await resetFeedToken(db, w.researcherBj, w.researcherRoles, 'user', w.researcherBj.id, w.now);
		const feed = await feedForToken(db, token, w.now);
		expect(feed).not.toBeNull();
		expect(feed!.ics).toContain('DTSTART:20270104T010000Z'); // Monday 09:00 in Shanghai
		const parsed = events(feed!.ics);
		expect(parsed.map((e) => [e.uid, e.start.getTime(), e.end?.getTime(), e.status])).toEqual([
			[`booking-${a.id}@jjj-instrument-share`, w.monday9, w.monday9 + 2 * H, 'CONFIRMED'],
			[`booking-${b.id}@jjj-instrument-share`, w.monday9 + 24 * H, w.monday9 + 26 * H, 'CANCELLED']
		]);
		expect(parsed[0].summary).toBe('场发射扫描电子显微镜');
	});

	it('shows an instrument’s busy times without names, and only its managers may create the feed', async () => {
		await book(w.monday9);
		await book(w.monday9 + 5 * H, w.researcherTj); // 14:00, after the lunch break
		await expect(resetFeedToken(db, w.researcherBj, w.researcherRoles, 'instrument', w.instrumentId, w.now)).rejects.toBeInstanceOf(ServiceError);
		await expect(resetFeedToken(db, w.managerTj, w.managerTjRoles, 'instrument', w.instrumentId, w.now)).rejects.toBeInstanceOf(ServiceError);
		const token = await resetFeedToken(db, w.managerBj, w.managerBjRoles, 'instrument', w.instrumentId, w.now);
		const feed = await feedForToken(db, token, w.now);
		const parsed = events(feed!.ics);
		expect(parsed.map((e) => [e.start.getTime(), e.end?.getTime(), e.summary])).toEqual([
			[w.monday9, w.monday9 + 2 * H, '已占用'],
			[w.monday9 + 5 * H, w.monday9 + 7 * H, '已占用']
		]);
		expect(feed!.ics).not.toContain('r.bj');
		expect(feed!.ics).not.toContain('断面形貌观察');
		expect(events((await feedForToken(db, token, w.now, 'en'))!.ics)[0].summary).toBe('Busy');
	});

	it('finds nothing for a wrong, malformed or reset token', async () => {
		const first = await resetFeedToken(db, w.researcherBj, w.researcherRoles, 'user', w.researcherBj.id, w.now);
		const flipped = (first[0] === 'A' ? 'B' : 'A') + first.slice(1);
		expect(await feedForToken(db, flipped, w.now)).toBeNull();
		expect(await feedForToken(db, 'short', w.now)).toBeNull();
		const second = await resetFeedToken(db, w.researcherBj, w.researcherRoles, 'user', w.researcherBj.id, w.now + 1);
		expect(await feedForToken(db, first, w.now)).toBeNull();
		expect(await feedForToken(db, second, w.now)).not.toBeNull();
		const stored = await db.kysely.selectFrom('calendar_feeds').select('token_hash').execute();
		expect(stored).toHaveLength(1);
		expect(stored[0].token_hash).not.toContain(second);
	});

	it('gives one booking as a download to its booker and its managers only', async () => {
		const a = await book(w.monday9);
		const text = await bookingIcs(db, w.researcherBj, w.researcherRoles, a.id, 'en');
		expect(events(text).map((e) => [e.start.getTime(), e.summary])).toEqual([[w.monday9, 'Field emission SEM']]);
		expect(events(await bookingIcs(db, w.managerBj, w.managerBjRoles, a.id, 'zh-CN'))).toHaveLength(1);
		await expect(bookingIcs(db, w.researcherTj, NO_ROLES, a.id, 'zh-CN')).rejects.toBeInstanceOf(ServiceError);
		await expect(bookingIcs(db, w.managerTj, w.managerTjRoles, a.id, 'zh-CN')).rejects.toBeInstanceOf(ServiceError);
	});
});
