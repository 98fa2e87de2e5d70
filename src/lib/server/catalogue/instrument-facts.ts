// Slowly changing facts of one instrument, cached per process (catalogue-cache.ts): what the
// instrument page shows about it (names, facility, institution, place, rules, photo) and what the
// calendar needs (zone, opening hours, closure rules). Refilled when the catalogue version moves —
// any write to instruments, facilities, institutions, places or closures. Cached values are shared:
// callers must not modify them.
import type { Kysely } from 'kysely';
import type { Db } from '../db/dialect';
import type { Database } from '../db/schema';
import { prepared } from '../db/prepared';
import { parseOpeningHours, type OpeningRange } from '../../domain/booking/opening-hours';
import type { ClosureRule } from '../../domain/schedule/closures';
import * as scheduleRepo from '../schedule/schedule.repository';
import { cacheOf, catalogueVersion } from './catalogue-cache';
import * as repo from './catalogue.repository';

// Bounds (least recently used dropped first), measured on the quick data set: a page row with its
// names is ~5 KB of heap, calendar facts ~0.9 KB. Together with the price cache (page-context.ts,
// ~0.9 KB each) the instrument caches stay under ~60 MB however large the catalogue.
const DETAIL_ENTRIES = 5_000;
const CALENDAR_ENTRIES = 20_000;

/** The instrument with its facility, institution, city and area names (every status, published or not); null when missing. */
export async function instrumentDetailRow(db: Db, id: number, version?: number | null): Promise<repo.InstrumentDetailRow | null> {
	const v = version === undefined ? await catalogueVersion(db.kysely) : version;
	return cacheOf<repo.InstrumentDetailRow | null>(db.kysely, 'instrument-detail', DETAIL_ENTRIES).get(v, String(id), async () => (await repo.findInstrumentDetail(db.kysely, id)) ?? null);
}

export interface CalendarFacts {
	id: number;
	facilityId: number;
	published: boolean;
	timezone: string;
	openingHours: OpeningRange[];
	/** every closure rule of the instrument, by id */
	closures: ClosureRule[];
}

const calendarRow = prepared((k: Kysely<Database>, id: number) => k.selectFrom('instruments').select(['id', 'facility_id', 'timezone', 'opening_hours', 'published']).where('id', '=', id));

/** What the calendar of an instrument needs besides bookings and wait-list offers; null when it does not exist. */
export async function calendarFacts(db: Db, id: number, version?: number | null): Promise<CalendarFacts | null> {
	const k = db.kysely;
	const v = version === undefined ? await catalogueVersion(k) : version;
	return cacheOf<CalendarFacts | null>(k, 'instrument-calendar', CALENDAR_ENTRIES).get(v, String(id), async () => {
		const [row, closures] = await Promise.all([
			calendarRow(k, id).then((rows) => rows[0]),
			scheduleRepo.listClosures(k, id)
		]);
		if (!row) return null;
		return {
			id: row.id,
			facilityId: row.facility_id,
			published: row.published === 1,
			timezone: row.timezone,
			openingHours: parseOpeningHours(row.opening_hours),
			closures: closures.sort((a, b) => a.id - b.id).map(scheduleRepo.toRule)
		};
	});
}

/** The closure rules that can touch [from, to): one-off ones overlapping it and every weekly one (as closuresAround selects). */
export function closuresAround(rules: ClosureRule[], from: number, to: number): ClosureRule[] {
	return rules.filter((r) => r.recurrence === 'weekly' || (r.start < to && r.end > from));
}
