// Closures (maintenance, holidays, outages): one-off ranges or weekly-recurring local times,
// expanded to UTC intervals; open time = opening hours minus closures.
import { overlaps, type TimeRange } from '../time/range';
import { localDate } from '../time/zone';
import { openIntervals, type OpeningRange } from '../booking/opening-hours';

export type ClosureKind = 'maintenance' | 'holiday' | 'outage' | 'other';
export const CLOSURE_KINDS: ClosureKind[] = ['maintenance', 'holiday', 'outage', 'other'];

export type ClosureRule =
	| { id: number; kind: ClosureKind; reason: string; recurrence: 'once'; start: number; end: number }
	| {
			id: number;
			kind: ClosureKind;
			reason: string;
			recurrence: 'weekly';
			/** ISO weekday 1..7, local "HH:MM" times in the instrument's zone */
			weekday: number;
			startTime: string;
			endTime: string;
			/** inclusive local days "YYYY-MM-DD"; null = unbounded */
			fromDate: string | null;
			untilDate: string | null;
	  };

export interface ClosedInterval extends TimeRange {
	closureId: number;
	kind: ClosureKind;
	reason: string;
}

/** The UTC intervals within [from, to) during which the closures apply, sorted by start. */
export function closedIntervals(rules: ClosureRule[], from: number, to: number, timeZone: string): ClosedInterval[] {
	const out: ClosedInterval[] = [];
	if (!(to > from)) return out;
	for (const rule of rules) {
		const base = { closureId: rule.id, kind: rule.kind, reason: rule.reason };
		if (rule.recurrence === 'once') {
			const start = Math.max(rule.start, from);
			const end = Math.min(rule.end, to);
			if (end > start) out.push({ start, end, ...base });
			continue;
		}
		const weekly: OpeningRange = { weekday: rule.weekday, start: rule.startTime, end: rule.endTime };
		for (const r of openIntervals([weekly], from, to, timeZone)) {
			const day = localDate(r.start, timeZone);
			if (rule.fromDate && day < rule.fromDate) continue;
			if (rule.untilDate && day > rule.untilDate) continue;
			out.push({ ...r, ...base });
		}
	}
	return out.sort((a, b) => a.start - b.start);
}

/** The parts of ranges not covered by any of cut (both half-open); keeps the input order. */
export function subtractRanges(ranges: TimeRange[], cut: TimeRange[]): TimeRange[] {
	let pieces = ranges.map((r) => ({ start: r.start, end: r.end }));
	for (const c of cut) {
		const next: TimeRange[] = [];
		for (const p of pieces) {
			if (!overlaps(p, c)) {
				next.push(p);
				continue;
			}
			if (p.start < c.start) next.push({ start: p.start, end: c.start });
			if (c.end < p.end) next.push({ start: c.end, end: p.end });
		}
		pieces = next;
	}
	return pieces;
}

/** Open time within [from, to): the opening hours minus every closure. */
export function openTime(hours: OpeningRange[], rules: ClosureRule[], from: number, to: number, timeZone: string): TimeRange[] {
	return subtractRanges(openIntervals(hours, from, to, timeZone), closedIntervals(rules, from, to, timeZone));
}

/** The distinct closures a range runs into, first hit first. */
export function closuresHit(range: TimeRange, closed: ClosedInterval[]): ClosedInterval[] {
	const out: ClosedInterval[] = [];
	for (const c of closed) {
		if (overlaps(c, range) && !out.some((o) => o.closureId === c.closureId)) out.push(c);
	}
	return out;
}
