// The background timer of one server process: reminders, then the outbox dispatcher when SMTP is
// configured. Started from initApp (not in tests); several processes may run it at once.
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/dialect';
import { createMailSender, mailFrom } from './mail-transport';
import { dispatchOnce } from './notification.dispatcher';
import { enqueueDueReminders } from './reminder.job';

const INTERVAL_MS = Number(process.env.NOTIFICATION_INTERVAL_MS ?? 15_000);
const REMINDER_EVERY_MS = 5 * 60_000;

let timer: ReturnType<typeof setInterval> | undefined;

export function startNotificationJobs(db: Db): void {
	if (timer || process.env.NOTIFICATION_JOBS === '0') return;
	const sender = createMailSender();
	const owner = randomUUID();
	let running = false;
	let remindedAt = 0;
	const tick = async () => {
		if (running) return; // a slow pass (SMTP) must not overlap the next one
		running = true;
		try {
			if (Date.now() - remindedAt >= REMINDER_EVERY_MS) {
				await enqueueDueReminders(db);
				remindedAt = Date.now();
			}
			if (sender) await dispatchOnce(db, { sender, from: mailFrom(), owner });
		} catch (error) {
			console.error('[notifications] background pass failed', error);
		} finally {
			running = false;
		}
	};
	timer = setInterval(tick, INTERVAL_MS);
	timer.unref();
}

export function stopNotificationJobs(): void {
	if (timer) clearInterval(timer);
	timer = undefined;
}
