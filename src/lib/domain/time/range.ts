// Half-open time ranges [start, end) over epoch milliseconds. The one definition every rule uses.

export interface TimeRange {
	start: number;
	end: number;
}

/** True when a and b share at least one instant; ranges that only touch ([1,2) and [2,3)) do not overlap. */
export function overlaps(a: TimeRange, b: TimeRange): boolean {
	return a.start < b.end && b.start < a.end;
}

/** True when inner lies wholly inside outer (equal ends allowed). */
export function contains(outer: TimeRange, inner: TimeRange): boolean {
	return outer.start <= inner.start && inner.end <= outer.end;
}

/** True for a range with positive length. */
export function isValidRange(r: TimeRange): boolean {
	return Number.isFinite(r.start) && Number.isFinite(r.end) && r.end > r.start;
}

/** Sorts and merges overlapping or touching ranges. */
export function mergeRanges(ranges: TimeRange[]): TimeRange[] {
	const sorted = ranges.filter(isValidRange).sort((a, b) => a.start - b.start);
	const out: TimeRange[] = [];
	for (const r of sorted) {
		const last = out[out.length - 1];
		if (last && r.start <= last.end) last.end = Math.max(last.end, r.end);
		else out.push({ start: r.start, end: r.end });
	}
	return out;
}

/** True when inner is covered by the union of ranges. */
export function coveredBy(inner: TimeRange, ranges: TimeRange[]): boolean {
	return mergeRanges(ranges).some((r) => contains(r, inner));
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
