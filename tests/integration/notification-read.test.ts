import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS, openTestDb, type TestDb } from './test-db';
import { buildBookingWorld } from './booking-world';
import { createBooking } from '../../src/lib/server/booking/booking.service';
import { countUnread, listMyNotifications, listOutbox, markAllRead, markRead } from '../../src/lib/server/notification/notification.service';
import { ServiceError } from '../../src/lib/server/booking/booking.errors';
import { NO_ROLES } from '../../src/lib/server/auth/roles';

describe.each(DIALECTS)('reading notifications on %s', (dialect) => {
	let db: TestDb;
	let w: Awaited<ReturnType<typeof buildBookingWorld>>;
	beforeEach(async () => {
		db = await openTestDb(dialect);
		w = await buildBookingWorld(db);
		await createBooking(db, w.researcherBj, { instrumentId: w.instrumentId, start: w.monday9, end: w.monday9 + 3_600_000, mode: 'self', purpose: '断面形貌观察', project: '' }, w.now);
	});
	afterEach(async () => {
		await db.cleanup();
	});

	it('lists a manager’s notification in the viewer’s locale and marks it read once', async () => {
		const [n] = await listMyNotifications(db, w.managerBj, 'en');
		expect(n.title).toBe('New booking request: Field emission SEM');
		expect(n.body).toContain('01/04/2027, 09:00'); // en format, Shanghai time
		expect(await countUnread(db, w.managerBj.id)).toBe(1);
		await markRead(db, w.managerBj, n.id, w.now);
		await markRead(db, w.managerBj, n.id, w.now + 5);
		const [again] = await listMyNotifications(db, w.managerBj, 'zh-CN');
		expect(again.readAt).toBe(w.now);
		expect(await countUnread(db, w.managerBj.id)).toBe(0);
	});

	it('does not let another person read or mark someone else’s notification', async () => {
		const [n] = await listMyNotifications(db, w.managerBj, 'zh-CN');
		expect(await listMyNotifications(db, w.managerTj, 'zh-CN')).toEqual([]);
		await expect(markRead(db, w.managerTj, n.id)).rejects.toMatchObject({ kind: 'not_found' });
		expect(await markAllRead(db, w.managerTj)).toBe(0);
		expect(await countUnread(db, w.managerBj.id)).toBe(1);
	});

	it('shows the outbox to admins only', async () => {
		await expect(listOutbox(db, NO_ROLES)).rejects.toBeInstanceOf(ServiceError);
		expect(await listOutbox(db, { ...NO_ROLES, admin: true })).toHaveLength(1);
	});
});
