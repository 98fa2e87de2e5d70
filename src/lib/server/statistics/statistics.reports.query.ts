// Query rules of the report pages and endpoints: the national records are for a calendar year, the
// institution report for a quarter (default: the last finished one). In the API a wrong kind of
// period is a bad query (422 invalid_input), like a malformed one; the pages, reached with the
// workspace's period in the link, take the year or quarter it falls in.
import { z } from 'zod';
import { parsePeriod, periodChoices, previousPeriod, STATISTICS_ZONE, type Period } from '../../domain/statistics/period';
import { wallTime } from '../../domain/time/zone';
import type { StatQuery } from './statistics.query';

function badPeriod(message: string, input: string): z.ZodError {
	return new z.ZodError([{ code: 'custom', path: ['period'], message, input }]);
}

/** The calendar year the query asks for; a month, quarter or custom range is refused. */
export function requireYear(q: StatQuery): number {
	if (q.period.kind !== 'year') throw badPeriod('stat_year_only', q.period.code);
	return Number(q.period.code);
}

export function requireQuarter(q: StatQuery): Period {
	if (q.period.kind !== 'quarter') throw badPeriod('stat_quarter_only', q.period.code);
	return q.period;
}

/** The last quarter that has ended at instant now, e.g. "2026-Q3" during the fourth quarter. */
export function lastQuarter(now: number): string {
	return previousPeriod(parsePeriod(periodChoices(now).thisQuarter)!).code;
}

/** The quarters to offer, newest first: the current one and the `count - 1` before it. */
export function recentQuarters(now: number, count = 12): string[] {
	const out: string[] = [];
	let p = parsePeriod(periodChoices(now).thisQuarter)!;
	for (let n = 0; n < count; n++) {
		out.push(p.code);
		p = previousPeriod(p);
	}
	return out;
}

/** Pages: the year of the query's period (the workspace's period may be a quarter, month or range: its start's year). */
export function yearOfQuery(q: StatQuery): number {
	return wallTime(q.period.start, STATISTICS_ZONE).year;
}

/** Pages: the query's quarter, the quarter of its month, else the last finished quarter. */
export function quarterOfQuery(q: StatQuery, now: number): Period {
	if (q.period.kind === 'quarter') return q.period;
	if (q.period.kind === 'month') {
		const w = wallTime(q.period.start, STATISTICS_ZONE);
		return parsePeriod(`${w.year}-Q${Math.floor((w.month - 1) / 3) + 1}`)!;
	}
	return parsePeriod(lastQuarter(now))!;
}
