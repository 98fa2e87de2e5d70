// Instrument facts for a period: open hours (opening hours minus closures, up to now), openness
// and listing freshness, summed per group key. Open time is computed once per distinct weekly
// pattern and zone, and per instrument only for instruments with closures, so 50,000 instruments
// cost a few patterns, not 50,000 calendar walks.
import type { TimeRange } from '../time/range';
import { openIntervals, parseOpeningHours } from '../booking/opening-hours';
import { closedIntervals, subtractRanges, type ClosureRule } from '../schedule/closures';
import { isStale } from '../instrument/freshness';
import type { InstrumentFact } from './metrics';

export interface InstrumentRow {
	id: number;
	key: string;
	status: string;
	published: number;
	openingHours: string;
	timeZone: string;
	/** coalesce(confirmed_at, created_at) */
	confirmedAt: number;
}

function sumMs(ranges: TimeRange[]): number {
	return ranges.reduce((n, r) => n + (r.end - r.start), 0);
}

/** Open ms of one instrument in window: its opening hours minus its closures. */
export function openMsOf(openingHours: string, timeZone: string, closures: ClosureRule[], window: TimeRange): number {
	if (!(window.end > window.start)) return 0;
	const open = openIntervals(parseOpeningHours(openingHours), window.start, window.end, timeZone);
	if (closures.length === 0) return sumMs(open);
	return sumMs(subtractRanges(open, closedIntervals(closures, window.start, window.end, timeZone)));
}

// Open time of a weekly pattern over a window is a pure function of (zone, hours, window) and costs
// a calendar walk with time-zone conversions (~0.05 ms a day): remembered across calls, so a trend of
// twelve months or a second request for the same year does not walk the calendar again.
const PATTERN_MEMO_LIMIT = 5000;
const patternMemo = new Map<string, number>();

function patternOpenMs(openingHours: string, timeZone: string, window: TimeRange): number {
	const key = `${timeZone}|${window.start}|${window.end}|${openingHours}`;
	let ms = patternMemo.get(key);
	if (ms === undefined) {
		ms = openMsOf(openingHours, timeZone, [], window);
		if (patternMemo.size >= PATTERN_MEMO_LIMIT) patternMemo.clear();
		patternMemo.set(key, ms);
	}
	return ms;
}

/**
 * Instrument facts per key for period, counting instruments that are not retired. Open time runs
 * to min(period end, now); freshness is judged at that same instant.
 */
export function instrumentFacts(
	rows: InstrumentRow[],
	closuresByInstrument: Map<number, ClosureRule[]>,
	period: TimeRange,
	now: number,
	staleDays: number
): InstrumentFact[] {
	const window = { start: period.start, end: Math.min(period.end, now) };
	const asOf = Math.max(period.start, window.end);
	const out = new Map<string, InstrumentFact>();
	for (const r of rows) {
		if (r.status === 'retired') continue;
		const closures = closuresByInstrument.get(r.id) ?? [];
		let openMs: number;
		if (closures.length > 0) openMs = openMsOf(r.openingHours, r.timeZone, closures, window);
		else openMs = patternOpenMs(r.openingHours, r.timeZone, window);
		let f = out.get(r.key);
		if (!f) out.set(r.key, (f = { key: r.key, instruments: 0, published: 0, fresh: 0, openMs: 0 }));
		f.instruments += 1;
		if (r.published === 1) f.published += 1;
		if (!isStale(r.confirmedAt, asOf, staleDays)) f.fresh += 1;
		f.openMs += openMs;
	}
	return [...out.values()];
}
