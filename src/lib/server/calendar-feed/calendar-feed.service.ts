// Calendar feeds: an unguessable token per feed (only its SHA-256 is stored), reset by its owner —
// the person for their own feed, a facility manager for an instrument's busy times — and the
// feed texts. The instrument feed shows when it is busy, never who booked it.
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { withWriteTransaction, type Db } from '../db/dialect';
import type { Database } from '../db/schema';
import type { SessionUser } from '../auth/session';
import { managesFacility, type Roles } from '../auth/roles';
import { hashToken } from '../auth/session';
import { writeAudit } from '../audit/audit.repository';
import { ServiceError } from '../booking/booking.errors';
import { translator, type Locale, type MessageKey } from '../../i18n/locale';
import { toLocale } from '../notification/notification.render';
import { icsText, type FeedEvent } from './ics';

export type FeedScope = 'user' | 'instrument';

/** 32 random bytes, base64url: 43 characters. */
export const FEED_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;
/** The person feed reaches this far back; older bookings drop out. */
export const FEED_HISTORY_MS = 90 * 24 * 3_600_000;

async function checkFeedOwner(trx: Kysely<Database>, user: SessionUser, roles: Roles, scope: FeedScope, subjectId: number) {
	if (scope === 'user') {
		if (subjectId !== user.id) throw new ServiceError('not_found');
		return;
	}
	const instrument = await trx.selectFrom('instruments').select(['id', 'facility_id']).where('id', '=', subjectId).executeTakeFirst();
	if (!instrument) throw new ServiceError('not_found');
	if (!roles.admin && !managesFacility(roles, instrument.facility_id)) throw new ServiceError('forbidden');
}

/** Creates the feed or replaces its token (the old URL stops working at once); returns the new token, shown once. */
export async function resetFeedToken(db: Db, user: SessionUser, roles: Roles, scope: FeedScope, subjectId: number, now = Date.now()): Promise<string> {
	const token = randomBytes(32).toString('base64url');
	await withWriteTransaction(db, async (trx) => {
		await checkFeedOwner(trx, user, roles, scope, subjectId);
		const before = await trx.selectFrom('calendar_feeds').select(['id', 'created_at']).where('scope', '=', scope).where('subject_id', '=', subjectId).executeTakeFirst();
		await trx.deleteFrom('calendar_feeds').where('scope', '=', scope).where('subject_id', '=', subjectId).execute();
		const row = await trx
			.insertInto('calendar_feeds')
			.values({ scope, subject_id: subjectId, token_hash: hashToken(token), created_by: user.id, created_at: now })
			.returning('id')
			.executeTakeFirstOrThrow();
		// The audit row never holds the token or its hash.
		await writeAudit(trx, {
			actorUserId: user.id,
			entity: 'calendar_feed',
			entityId: row.id,
			action: before ? 'reset' : 'create',
			before: before ? { scope, subjectId, createdAt: before.created_at } : undefined,
			after: { scope, subjectId, createdAt: now },
			at: now
		});
	});
	return token;
}

/** When each of these feeds was (re)created, or absent. */
export async function feedStatus(db: Db, scope: FeedScope, subjectIds: number[]): Promise<Map<number, number>> {
	if (subjectIds.length === 0) return new Map();
	const rows = await db.kysely.selectFrom('calendar_feeds').select(['subject_id', 'created_at']).where('scope', '=', scope).where('subject_id', 'in', subjectIds).execute();
	return new Map(rows.map((r) => [r.subject_id, r.created_at]));
}

/** The feed text for a token, or null when no feed has it (the route answers 404). */
export async function feedForToken(db: Db, token: string, now = Date.now(), lang?: string): Promise<{ name: string; ics: string } | null> {
	if (!FEED_TOKEN_PATTERN.test(token)) return null;
	const feed = await db.kysely.selectFrom('calendar_feeds').select(['scope', 'subject_id']).where('token_hash', '=', hashToken(token)).executeTakeFirst();
	if (!feed) return null;
	if (feed.scope === 'user') return personFeed(db, feed.subject_id, now);
	return instrumentFeed(db, feed.subject_id, now, toLocale(lang));
}

function bookingEvent(b: { id: number; start_at: number; end_at: number; status: string; updated_at: number; purpose: string; name_zh: string; name_en: string; facility: string }, locale: Locale): FeedEvent {
	const t = translator(locale);
	const instrument = locale === 'en' ? b.name_en : b.name_zh;
	return {
		uid: `booking-${b.id}@jjj-instrument-share`,
		start: b.start_at,
		end: b.end_at,
		stamp: b.updated_at,
		summary: instrument,
		description: `${t(`booking.status.${b.status}` as MessageKey)} · ${b.purpose}`,
		location: b.facility,
		cancelled: b.status === 'cancelled' || b.status === 'rejected'
	};
}

function bookingRows(db: Db) {
	return db.kysely
		.selectFrom('bookings as b')
		.innerJoin('instruments as i', 'i.id', 'b.instrument_id')
		.innerJoin('facilities as f', 'f.id', 'i.facility_id')
		.select(['b.id', 'b.user_id', 'b.start_at', 'b.end_at', 'b.status', 'b.updated_at', 'b.purpose', 'i.name_zh', 'i.name_en', 'i.facility_id', 'f.name_zh as facility']);
}

async function personFeed(db: Db, userId: number, now: number) {
	const user = await db.kysely.selectFrom('users').select(['locale', 'disabled']).where('id', '=', userId).executeTakeFirst();
	if (!user || user.disabled === 1) return null;
	const locale = toLocale(user.locale);
	const rows = await bookingRows(db).where('b.user_id', '=', userId).where('b.end_at', '>', now - FEED_HISTORY_MS).orderBy('b.start_at').limit(2000).execute();
	const name = translator(locale)('notification.feed.myTitle');
	return { name, ics: icsText(name, rows.map((b) => bookingEvent(b, locale))) };
}

async function instrumentFeed(db: Db, instrumentId: number, now: number, locale: Locale) {
	const instrument = await db.kysely.selectFrom('instruments').select(['name_zh', 'name_en', 'published']).where('id', '=', instrumentId).executeTakeFirst();
	if (!instrument) return null;
	const t = translator(locale);
	const rows = await db.kysely
		.selectFrom('bookings')
		.select(['id', 'start_at', 'end_at', 'updated_at'])
		.where('instrument_id', '=', instrumentId)
		.where('active', '=', 1)
		.where('end_at', '>', now - FEED_HISTORY_MS)
		.orderBy('start_at')
		.limit(5000)
		.execute();
	const name = t('notification.feed.instrumentTitle', { instrument: locale === 'en' ? instrument.name_en : instrument.name_zh });
	const events = rows.map((b) => ({ uid: `busy-${b.id}@jjj-instrument-share`, start: b.start_at, end: b.end_at, stamp: b.updated_at, summary: t('notification.feed.busy') }));
	return { name, ics: icsText(name, events) };
}

/** One booking as an .ics file, for its booker or a manager of its facility; others get not_found. */
export async function bookingIcs(db: Db, user: SessionUser, roles: Roles, bookingId: number, locale: Locale): Promise<string> {
	const b = await bookingRows(db).where('b.id', '=', bookingId).executeTakeFirst();
	if (!b || (b.user_id !== user.id && !managesFacility(roles, b.facility_id))) throw new ServiceError('not_found');
	const event = bookingEvent(b, locale);
	return icsText(event.summary, [event]);
}
