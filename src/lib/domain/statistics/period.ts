// Statistics periods: a month, quarter, year or custom range of local days in Asia/Shanghai, as a
// half-open UTC range [from, to). Text form (URLs, API): "2026", "2026-Q1", "2026-01",
// "2026-01-05..2026-02-10" (custom, both days inclusive).
import type { TimeRange } from '../time/range';
import { wallTime, zonedToUtc } from '../time/zone';

export const STATISTICS_ZONE = 'Asia/Shanghai';

export type PeriodKind = 'month' | 'quarter' | 'year' | 'custom';

export interface Period extends TimeRange {
	kind: PeriodKind;
	/** the text form, e.g. "2026-Q1" */
	code: string;
}

const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MAX_CUSTOM_DAYS = 3 * 366;

function localMidnight(year: number, month: number, day: number): number {
	// month may run past 12: Date.UTC normalises it, and Asia/Shanghai has no DST
	const norm = new Date(Date.UTC(year, month - 1, day));
	return zonedToUtc(norm.getUTCFullYear(), norm.getUTCMonth() + 1, norm.getUTCDate(), 0, 0, STATISTICS_ZONE);
}

function pad(n: number): string {
	return String(n).padStart(2, '0');
}

/** Parses a period's text form; null when malformed or a custom range is empty or longer than three years. */
export function parsePeriod(code: string | null | undefined): Period | null {
	const text = (code ?? '').trim();
	let m: RegExpExecArray | null;
	if ((m = /^(\d{4})$/.exec(text))) {
		const y = Number(m[1]);
		return { kind: 'year', code: text, start: localMidnight(y, 1, 1), end: localMidnight(y + 1, 1, 1) };
	}
	if ((m = /^(\d{4})-Q([1-4])$/.exec(text))) {
		const y = Number(m[1]);
		const q = Number(m[2]);
		return { kind: 'quarter', code: text, start: localMidnight(y, 3 * q - 2, 1), end: localMidnight(y, 3 * q + 1, 1) };
	}
	if ((m = /^(\d{4})-(\d{2})$/.exec(text))) {
		const y = Number(m[1]);
		const mo = Number(m[2]);
		if (mo < 1 || mo > 12) return null;
		return { kind: 'month', code: text, start: localMidnight(y, mo, 1), end: localMidnight(y, mo + 1, 1) };
	}
	const parts = text.split('..');
	if (parts.length === 2) {
		const a = DAY_RE.exec(parts[0]);
		const b = DAY_RE.exec(parts[1]);
		if (!a || !b) return null;
		const start = localMidnight(Number(a[1]), Number(a[2]), Number(a[3]));
		const end = localMidnight(Number(b[1]), Number(b[2]), Number(b[3]) + 1);
		if (!validDay(a, start) || !validDay(b, end - 86_400_000)) return null;
		if (!(end > start) || end - start > MAX_CUSTOM_DAYS * 86_400_000) return null;
		return { kind: 'custom', code: text, start, end };
	}
	return null;
}

function validDay(m: RegExpExecArray, ms: number): boolean {
	const w = wallTime(ms, STATISTICS_ZONE);
	return w.year === Number(m[1]) && w.month === Number(m[2]) && w.day === Number(m[3]);
}

/** The calendar months a period touches, each clipped to the period, in order. */
export function monthsOf(period: TimeRange): Period[] {
	const out: Period[] = [];
	const w = wallTime(period.start, STATISTICS_ZONE);
	let y = w.year;
	let mo = w.month;
	for (;;) {
		const start = localMidnight(y, mo, 1);
		if (start >= period.end) break;
		const end = localMidnight(y, mo + 1, 1);
		out.push({ kind: 'month', code: `${y}-${pad(mo)}`, start: Math.max(start, period.start), end: Math.min(end, period.end) });
		mo += 1;
		if (mo > 12) {
			mo = 1;
			y += 1;
		}
	}
	return out;
}

/** The period of the same kind just before (a custom range: the same number of days before). */
export function previousPeriod(p: Period): Period {
	const w = wallTime(p.start, STATISTICS_ZONE);
	if (p.kind === 'year') return parsePeriod(String(w.year - 1))!;
	if (p.kind === 'quarter') {
		const q = Math.floor((w.month - 1) / 3) + 1;
		return parsePeriod(q === 1 ? `${w.year - 1}-Q4` : `${w.year}-Q${q - 1}`)!;
	}
	if (p.kind === 'month') return parsePeriod(w.month === 1 ? `${w.year - 1}-12` : `${w.year}-${pad(w.month - 1)}`)!;
	const days = Math.round((p.end - p.start) / 86_400_000);
	const first = wallTime(p.start - days * 86_400_000, STATISTICS_ZONE);
	const last = wallTime(p.start - 86_400_000, STATISTICS_ZONE);
	return parsePeriod(`${first.year}-${pad(first.month)}-${pad(first.day)}..${last.year}-${pad(last.month)}-${pad(last.day)}`)!;
}

/** The year, quarter and month containing instant now, and the previous year: the usual choices. */
export function periodChoices(now: number): { lastYear: string; thisYear: string; thisQuarter: string; lastMonth: string; thisMonth: string } {
	const w = wallTime(now, STATISTICS_ZONE);
	const q = Math.floor((w.month - 1) / 3) + 1;
	const lastMonth = w.month === 1 ? `${w.year - 1}-12` : `${w.year}-${pad(w.month - 1)}`;
	return { lastYear: String(w.year - 1), thisYear: String(w.year), thisQuarter: `${w.year}-Q${q}`, lastMonth, thisMonth: `${w.year}-${pad(w.month)}` };
}

/** The length of a period in years of 365 days, for per-instrument-year figures. */
export function periodYears(p: TimeRange): number {
	return (p.end - p.start) / (365 * 86_400_000);
}

/** The first instant of the local month containing instant t. */
export function monthStartOf(t: number): number {
	const w = wallTime(t, STATISTICS_ZONE);
	return localMidnight(w.year, w.month, 1);
}

/** The first instants of the local months that [start, end] touches (end inclusive, so a zero-length range has its month). */
export function monthStartsTouching(start: number, end: number): number[] {
	const out: number[] = [];
	let m = monthStartOf(start);
	const last = monthStartOf(Math.max(start, end));
	while (m <= last) {
		out.push(m);
		const w = wallTime(m, STATISTICS_ZONE);
		m = localMidnight(w.year, w.month + 1, 1);
	}
	return out;
}

/** The first instant of the local year containing instant t. */
export function yearStartOf(t: number): number {
	return localMidnight(wallTime(t, STATISTICS_ZONE).year, 1, 1);
}

/** Whether a period is whole local years (then yearly roll-ups answer it). */
export function isYearAligned(p: TimeRange): boolean {
	return p.end > p.start && yearStartOf(p.start) === p.start && yearStartOf(p.end) === p.end;
}

/** Whether a period starts and ends on local month boundaries (then monthly roll-ups answer it exactly). */
export function isMonthAligned(p: TimeRange): boolean {
	return p.end > p.start && monthStartOf(p.start) === p.start && monthStartOf(p.end) === p.end;
}
