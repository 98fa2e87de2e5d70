// The no-show job: approved bookings without check-in past their deadline become no-shows and
// release their slot; the third no-show in 90 days on a facility blocks the person there.
// Idempotent and safe with several app processes: each booking moves only from 'approved'.
import { withWriteTransaction, lockRow, type Db } from '../db/dialect';
import { afterBookingEnded } from '../pricing/charge.service';
import { writeAudit } from '../audit/audit.repository';
import { isNoShow } from '../../domain/usage/no-show';
import { BLOCK_WINDOW_DAYS, countedNoShows, shouldBlock } from '../../domain/usage/blocks';
import { DAY } from '../../domain/time/range';
import { notifyBooking } from '../notification/notification.outbox';
import { offerFreedSlot } from '../schedule/waitlist.offers';
import * as repo from './usage.repository';

export interface NoShowSweepResult {
	/** bookings marked no-show by this run */
	noShows: number[];
	/** blocks created by this run */
	blocks: number[];
}

/** Marks every overdue approved booking as a no-show (slot released) and blocks repeat no-shows, in one transaction. */
export async function runNoShowSweep(db: Db, now = Date.now()): Promise<NoShowSweepResult> {
	return withWriteTransaction(db, async (trx) => {
		const candidates = await repo.listNoShowCandidates(trx, now);
		const result: NoShowSweepResult = { noShows: [], blocks: [] };
		const people = new Map<string, { userId: number; facilityId: number }>();
		for (const c of candidates) {
			if (!isNoShow({ status: c.status, mode: c.mode, start: c.start_at, end: c.end_at, noShowMinutes: c.no_show_minutes }, now)) continue;
			const before = await repo.findBookingForUsage(trx, c.id);
			if (!(await repo.moveBookingStatus(trx, c.id, ['approved'], 'no_show', now))) continue; // another process got there first
			result.noShows.push(c.id);
			await writeAudit(trx, { actorUserId: null, entity: 'booking', entityId: c.id, action: 'no_show', before, after: await repo.findBookingForUsage(trx, c.id), at: now });
			await notifyBooking(trx, 'no_show', c.id, now); // notification hook
			await afterBookingEnded(trx, c.id, null, now); // voucher hook: a no-show releases its reservation
			if (now < c.end_at) await offerFreedSlot(trx, c.instrument_id, { start: now, end: c.end_at }, now); // the rest of the slot goes to the wait list
			people.set(`${c.user_id}:${c.facility_id}`, { userId: c.user_id, facilityId: c.facility_id });
		}
		for (const { userId, facilityId } of people.values()) {
			await lockRow(db, trx, 'users', userId);
			if (await repo.findActiveBlock(trx, userId, facilityId)) continue;
			const lifted = await repo.lastLiftedAt(trx, userId, facilityId);
			const starts = await repo.noShowStarts(trx, userId, facilityId, now - BLOCK_WINDOW_DAYS * DAY - 1);
			if (!shouldBlock(starts, now, lifted)) continue;
			const blockId = await repo.insertBlock(trx, { userId, facilityId, count: countedNoShows(starts, now, lifted), now });
			result.blocks.push(blockId);
			await writeAudit(trx, { actorUserId: null, entity: 'usage_block', entityId: blockId, action: 'create', after: await repo.findBlock(trx, blockId), at: now });
		}
		return result;
	});
}

/** Runs the sweep every minute in this process; returns a stop function. Not started in tests. */
export function startNoShowTimer(db: Db, everyMs = 60_000): () => void {
	let running = false;
	const tick = async () => {
		if (running) return;
		running = true;
		try {
			const r = await runNoShowSweep(db);
			if (r.noShows.length) console.info(`[no-show] ${r.noShows.length} booking(s) marked no-show, ${r.blocks.length} block(s)`);
		} catch (error) {
			console.error('[no-show] sweep failed:', error);
		} finally {
			running = false;
		}
	};
	const timer = setInterval(tick, everyMs);
	timer.unref?.();
	return () => clearInterval(timer);
}
