// Wait-list offers: when booked time is freed (cancelled or rejected), the waiting people whose wanted
// range it touches are offered it in the order they joined, if the range is now really free. Runs
// inside the transaction that freed the time, so the offer commits with the cancellation.
import type { Kysely } from 'kysely';
import { enqueueNotification } from '../notification/notification.outbox';
import type { Database } from '../db/schema';
import { MINUTE, overlaps, type TimeRange } from '../../domain/time/range';
import { closedIntervals } from '../../domain/schedule/closures';
import { writeAudit } from '../audit/audit.repository';
import * as repo from './schedule.repository';

/** How long an offer stays open (never past the offered start). */
export const OFFER_MINUTES = 120;

type Q = Kysely<Database>;
type Entry = { id: number; instrument_id: number; start_at: number; end_at: number };

async function isFree(trx: Q, inst: { id: number; timezone: string; buffer_minutes: number }, e: Entry, now: number): Promise<boolean> {
	const buffer = inst.buffer_minutes * MINUTE;
	const clash = await trx
		.selectFrom('bookings')
		.select('id')
		.where('instrument_id', '=', inst.id)
		.where('active', '=', 1)
		.where('start_at', '<', e.end_at + buffer)
		.where('end_at', '>', e.start_at - buffer)
		.executeTakeFirst();
	if (clash) return false;
	if ((await repo.liveOffers(trx, inst.id, e.start_at, e.end_at, now)).some((o) => o.id !== e.id)) return false;
	const range = { start: e.start_at, end: e.end_at };
	const rules = (await repo.closuresAround(trx, inst.id, range.start, range.end)).map(repo.toRule);
	return !closedIntervals(rules, range.start, range.end, inst.timezone).some((c) => overlaps(c, range));
}

async function setStatus(trx: Q, id: number, status: 'offered' | 'expired', now: number, expiresAt: number | null = null) {
	const before = await trx.selectFrom('waitlist_entries').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
	await trx
		.updateTable('waitlist_entries')
		.set({ status, updated_at: now, ...(status === 'offered' ? { offered_at: now, offer_expires_at: expiresAt } : {}) })
		.where('id', '=', id)
		.execute();
	const after = await trx.selectFrom('waitlist_entries').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
	await writeAudit(trx, { actorUserId: null, entity: 'waitlist', entityId: id, action: status === 'offered' ? 'offer' : 'expire', before, after, at: now });
}

/** Offers freed time to the waiting people whose range it touches; returns the ids of the entries offered. */
export async function offerFreedSlot(trx: Q, instrumentId: number, freed: TimeRange, now: number): Promise<number[]> {
	const inst = await trx.selectFrom('instruments').select(['id', 'timezone', 'buffer_minutes', 'name_zh', 'name_en']).where('id', '=', instrumentId).executeTakeFirst();
	if (!inst) return [];
	const waiting = await trx
		.selectFrom('waitlist_entries')
		.select(['id', 'instrument_id', 'user_id', 'start_at', 'end_at'])
		.where('instrument_id', '=', instrumentId)
		.where('status', '=', 'waiting')
		.where('start_at', '<', freed.end)
		.where('end_at', '>', freed.start)
		.orderBy('created_at')
		.orderBy('id')
		.execute();
	const offered: number[] = [];
	for (const e of waiting) {
		if (e.start_at <= now) {
			await setStatus(trx, e.id, 'expired', now);
			continue;
		}
		if (!(await isFree(trx, inst, e, now))) continue;
		const expiresAt = Math.min(now + OFFER_MINUTES * MINUTE, e.start_at);
		await setStatus(trx, e.id, 'offered', now, expiresAt);
		await enqueueNotification(trx, {
			userId: e.user_id,
			kind: 'waitlist_offer',
			entity: 'waitlist',
			entityId: e.id,
			params: { instrumentZh: inst.name_zh, instrumentEn: inst.name_en, startAt: e.start_at, endAt: e.end_at, expiresAt },
			at: now
		});
		offered.push(e.id);
	}
	return offered;
}

/** Expires offers whose time is up and passes each freed range on to the next person waiting. */
export async function expireOffers(trx: Q, now: number, instrumentId?: number): Promise<number> {
	let q = trx.selectFrom('waitlist_entries').select(['id', 'instrument_id', 'start_at', 'end_at']).where('status', '=', 'offered').where('offer_expires_at', '<=', now);
	if (instrumentId !== undefined) q = q.where('instrument_id', '=', instrumentId);
	const due = await q.execute();
	for (const e of due) {
		await setStatus(trx, e.id, 'expired', now);
		await offerFreedSlot(trx, e.instrument_id, { start: e.start_at, end: e.end_at }, now);
	}
	return due.length;
}
