import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import nodemailer from 'nodemailer';
import { DIALECTS, openTestDb, type TestDb } from './test-db';
import { buildBookingWorld } from './booking-world';
import { createDb, withWriteTransaction, type Db } from '../../src/lib/server/db/dialect';
import { approveBooking, cancelOwnBooking, createBooking, rejectBooking } from '../../src/lib/server/booking/booking.service';
import { enqueueNotification, enqueueNotifications } from '../../src/lib/server/notification/notification.outbox';
import { newUser } from './fixtures';
import { claimDue, dispatchOnce, DEFAULT_LEASE_MS, markSent } from '../../src/lib/server/notification/notification.dispatcher';
import { enqueueDueReminders } from '../../src/lib/server/notification/reminder.job';
import type { MailSender } from '../../src/lib/server/notification/mail-transport';

const H = 3_600_000;

/** nodemailer's jsonTransport, recording every message it was given. */
function fakeSender(o: { delayMs?: number; failTimes?: number } = {}) {
	const transport = nodemailer.createTransport({ jsonTransport: true });
	const sent: { to: string; subject: string; messageId: string }[] = [];
	let failures = o.failTimes ?? 0;
	const sender: MailSender = {
		async sendMail(mail) {
			if (o.delayMs) await new Promise((r) => setTimeout(r, o.delayMs));
			if (failures > 0) {
				failures--;
				throw new Error('421 try again later');
			}
			const info = await transport.sendMail(mail);
			sent.push({ to: mail.to, subject: mail.subject, messageId: info.messageId });
			return info;
		}
	};
	return { sender, sent };
}

describe.each(DIALECTS)('notification outbox on %s', (dialect) => {
	let db: TestDb;
	let w: Awaited<ReturnType<typeof buildBookingWorld>>;
	beforeEach(async () => {
		db = await openTestDb(dialect);
		w = await buildBookingWorld(db);
	});
	afterEach(async () => {
		await db.cleanup();
	});
	const book = (start = w.monday9, user = w.researcherBj) =>
		createBooking(db, user, { instrumentId: w.instrumentId, start, end: start + H, mode: 'self', purpose: '断面形貌观察', project: '' }, w.now);
	const notes = (userId: number) => db.kysely.selectFrom('notifications').selectAll().where('user_id', '=', userId).orderBy('id').execute();
	const outbox = () => db.kysely.selectFrom('notification_outbox').selectAll().orderBy('id').execute();

	it('tells the managers of a request and the booker of the approval, each with a mail in the outbox', async () => {
		const b = await book();
		expect((await notes(w.managerBj.id)).map((n) => n.kind)).toEqual(['booking_requested']);
		expect(await notes(w.managerTj.id)).toEqual([]);
		await approveBooking(db, w.managerBj, w.managerBjRoles, b.id, w.now + 1);
		const mine = await notes(w.researcherBj.id);
		expect(mine.map((n) => n.kind)).toEqual(['booking_approved']);
		const mails = await outbox();
		expect(mails.map((m) => [m.to_email, m.status])).toEqual([
			['m.bj@test', 'pending'],
			['r.bj@test', 'pending']
		]);
		expect(mails[1].subject).toBe('预约已批准：场发射扫描电子显微镜');
		expect(mails[1].body).toContain('2027/01/04 09:00');
	});

	it('tells every manager of the facility about a request, and mails only those who are not disabled', async () => {
		const second = await newUser(db, { email: 'm2.bj@test', role: 'manager', facilityId: w.facilityId });
		const gone = await newUser(db, { email: 'm3.bj@test', role: 'manager', facilityId: w.facilityId });
		await db.kysely.updateTable('users').set({ disabled: 1 }).where('id', '=', gone.id).execute();
		const b = await book();
		for (const id of [w.managerBj.id, second.id, gone.id]) expect((await notes(id)).map((n) => [n.kind, n.entity_id])).toEqual([['booking_requested', b.id]]);
		expect((await outbox()).map((m) => m.to_email).sort()).toEqual(['m.bj@test', 'm2.bj@test']);
		// the same notice enqueued again (a job re-running) writes nothing twice
		const [first] = await notes(second.id);
		await withWriteTransaction(db, (trx) => enqueueNotifications(trx, [{ userId: second.id, kind: 'booking_requested', entity: 'booking', entityId: b.id, params: {}, at: first.created_at, key: first.message_key }]));
		expect(await notes(second.id)).toHaveLength(1);
		expect(await outbox()).toHaveLength(2);
	});

	it('tells the booker of a rejection with its reason, and the managers of a cancellation', async () => {
		const a = await book();
		await rejectBooking(db, w.managerBj, w.managerBjRoles, a.id, '设备维护', w.now + 1);
		const b = await book(w.monday9 + 2 * H);
		await cancelOwnBooking(db, w.researcherBj, b.id, w.now + 2);
		const mine = await notes(w.researcherBj.id);
		expect(mine.map((n) => n.kind)).toEqual(['booking_rejected']);
		expect(JSON.parse(mine[0].params_json).reason).toBe('设备维护');
		expect((await notes(w.managerBj.id)).map((n) => n.kind)).toEqual(['booking_requested', 'booking_requested', 'booking_cancelled']);
	});

	it('renders the mail in the recipient’s locale', async () => {
		await db.kysely.updateTable('users').set({ locale: 'en' }).where('id', '=', w.managerBj.id).execute();
		await book();
		const [mail] = await outbox();
		expect(mail.subject).toBe('New booking request: Field emission SEM');
	});

	it('writes nothing when the change rolls back', async () => {
		await expect(
			withWriteTransaction(db, async (trx) => {
				await enqueueNotification(trx, { userId: w.researcherBj.id, kind: 'no_show', entity: 'booking', entityId: 1, params: {}, at: w.now });
				throw new Error('the change failed');
			})
		).rejects.toThrow('the change failed');
		await expect(book(w.monday9 - 3 * H)).rejects.toThrow(); // 06:00: before opening, no booking
		expect(await db.kysely.selectFrom('notifications').selectAll().execute()).toEqual([]);
		expect(await outbox()).toEqual([]);
	});

	it('sends each row exactly once when two dispatchers run at once', async () => {
		for (const k of [0, 1, 2, 5, 6, 7]) await book(w.monday9 + k * H); // 09:00–12:00 and 14:00–17:00
		// On PostgreSQL the second dispatcher uses its own pool; on SQLite one process shares the handle.
		const other: Db = dialect === 'postgres' ? createDb(db.location) : db;
		const a = fakeSender({ delayMs: 3 });
		const b = fakeSender({ delayMs: 3 });
		try {
			await Promise.all([
				dispatchOnce(db, { sender: a.sender, from: 'portal@test', owner: 'A', batch: 2, now: () => w.now }),
				dispatchOnce(other, { sender: b.sender, from: 'portal@test', owner: 'B', batch: 2, now: () => w.now }),
				dispatchOnce(db, { sender: a.sender, from: 'portal@test', owner: 'A2', batch: 3, now: () => w.now }),
				dispatchOnce(other, { sender: b.sender, from: 'portal@test', owner: 'B2', batch: 3, now: () => w.now })
			]);
			await dispatchOnce(other, { sender: b.sender, from: 'portal@test', owner: 'B3', now: () => w.now });
		} finally {
			if (other !== db) await other.close();
		}
		const all = [...a.sent, ...b.sent];
		expect(all).toHaveLength(6);
		expect(new Set(all.map((m) => m.messageId)).size).toBe(6);
		const rows = await outbox();
		expect(rows.every((r) => r.status === 'sent' && r.attempts === 1 && r.smtp_message_id)).toBe(true);
	});

	it('re-sends a row exactly once after its dispatcher died holding the lease, and never a sent row', async () => {
		await book();
		await book(w.monday9 + 24 * H);
		const [first] = await outbox();
		// The second row was sent before the crash.
		await db.kysely.updateTable('notification_outbox').set({ status: 'sent', sent_at: w.now, smtp_message_id: '<old@x>' }).where('id', '!=', first.id).execute();
		const claimed = await claimDue(db, 'dead-process', w.now);
		expect(claimed.map((c) => c.id)).toEqual([first.id]);
		// … and the process is gone. While the lease holds, nobody sends it.
		const { sender, sent } = fakeSender();
		await dispatchOnce(db, { sender, from: 'portal@test', now: () => w.now + DEFAULT_LEASE_MS - 1 });
		expect(sent).toHaveLength(0);
		// After the lease, another dispatcher sends it once.
		await dispatchOnce(db, { sender, from: 'portal@test', now: () => w.now + DEFAULT_LEASE_MS + 1 });
		await dispatchOnce(db, { sender, from: 'portal@test', now: () => w.now + 10 * DEFAULT_LEASE_MS });
		expect(sent.map((m) => m.to)).toEqual(['m.bj@test']);
		// A dispatcher waking up late cannot record over the new owner's result.
		expect(await markSent(db, first.id, 'dead-process', '<late@x>', w.now + 20 * DEFAULT_LEASE_MS)).toBe(false);
		const rows = await outbox();
		expect(rows.map((r) => [r.status, r.attempts])).toEqual([
			['sent', 2],
			['sent', 0]
		]);
		expect(rows[1].smtp_message_id).toBe('<old@x>');
	});

	it('retries a failed send after the backoff', async () => {
		await book();
		const { sender, sent } = fakeSender({ failTimes: 1 });
		expect(await dispatchOnce(db, { sender, from: 'portal@test', now: () => w.now })).toEqual({ sent: 0, failed: 1 });
		let [row] = await outbox();
		expect([row.status, row.attempts, row.next_attempt_at, row.last_error]).toEqual(['pending', 1, w.now + 60_000, '421 try again later']);
		await dispatchOnce(db, { sender, from: 'portal@test', now: () => w.now + 59_999 });
		expect(sent).toHaveLength(0);
		await dispatchOnce(db, { sender, from: 'portal@test', now: () => w.now + 60_000 });
		[row] = await outbox();
		expect([row.status, row.attempts, sent.length]).toEqual(['sent', 2, 1]);
	});

	it('reminds each approved booking once, the day before', async () => {
		await db.kysely.updateTable('instruments').set({ approval_mode: 'auto' }).where('id', '=', w.instrumentId).execute();
		const b = await book(); // Monday 09:00, auto-approved
		const reminders = async () => (await notes(w.researcherBj.id)).filter((n) => n.kind === 'booking_reminder');
		expect(await enqueueDueReminders(db, b.start_at - 24 * H - 1)).toBe(0);
		expect(await enqueueDueReminders(db, b.start_at - 24 * H)).toBe(1);
		expect(await enqueueDueReminders(db, b.start_at - 24 * H)).toBe(0);
		expect(await enqueueDueReminders(db, b.start_at - 3 * H)).toBe(0);
		expect(await reminders()).toHaveLength(1);
		expect((await outbox()).filter((m) => m.subject.startsWith('明日预约提醒'))).toHaveLength(1);
		// moved to the next day, it is reminded again of the new time
		await db.kysely.updateTable('bookings').set({ start_at: b.start_at + 24 * H, end_at: b.end_at + 24 * H }).where('id', '=', b.id).execute();
		expect(await enqueueDueReminders(db, b.start_at)).toBe(1);
		expect(await reminders()).toHaveLength(2);
	});
});
