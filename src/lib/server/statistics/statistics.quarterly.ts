// The quarterly report of one institution (its instruments within the evaluator's scope): key
// figures against the previous quarter, month by month, per facility and per instrument (with what
// outside users paid), the outside institutions served, and the usage records (上机记录) — all
// figures from the statistics service, the usage records as plain rows. Institutions, never people.
import type { Db } from '../db/dialect';
import type { Roles } from '../auth/roles';
import { ServiceError } from '../booking/booking.errors';
import { breakdown, overview, scopeFilter, trend, type GroupRow, type Selection, type TrendPoint } from './statistics.service';
import { namesFor } from './statistics.repository';
import * as reports from './statistics.reports.repository';
import { figuresByInstrument } from './statistics.national';
import { rankBy, type Metrics } from '../../domain/statistics/metrics';
import { previousPeriod, type Period } from '../../domain/statistics/period';

/** Usage records listed at most; beyond this the report says the list is cut. */
export const USAGE_LINE_LIMIT = 20_000;

export interface InstrumentReportRow extends GroupRow {
	outsideRevenueFen: number;
	outsideVoucherFen: number;
	/** usage records that start in the period */
	usageRecords: number;
}

/** An outside institution served in the quarter, summed from the usage records that start in it. */
export interface ClientRow {
	institutionId: number;
	nameZh: string;
	nameEn: string;
	areaCode: string;
	records: number;
	hours: number;
	chargeFen: number;
}

export interface QuarterlyReport {
	period: Period;
	previousPeriod: Period;
	institution: reports.InstitutionHead;
	metrics: Metrics;
	previous: Metrics;
	outsideRevenueFen: number;
	outsideVoucherFen: number;
	months: TrendPoint[];
	facilities: GroupRow[];
	instruments: InstrumentReportRow[];
	clients: ClientRow[];
	usage: reports.UsageLine[];
	usageTruncated: boolean;
}

/** Outside institutions served, by hours (then records), from usage lines. */
export function clientsOf(lines: reports.UsageLine[]): ClientRow[] {
	const byId = new Map<number, ClientRow>();
	for (const l of lines) {
		if (!l.outside) continue;
		let c = byId.get(l.userInstitutionId);
		if (!c) byId.set(l.userInstitutionId, (c = { institutionId: l.userInstitutionId, nameZh: l.userInstitutionZh, nameEn: l.userInstitutionEn, areaCode: l.userAreaCode, records: 0, hours: 0, chargeFen: 0 }));
		c.records += 1;
		c.hours += (l.end - l.start) / 3_600_000;
		c.chargeFen += l.chargeFen ?? 0;
	}
	return [...byId.values()].sort((a, b) => b.hours - a.hours || b.records - a.records || a.institutionId - b.institutionId);
}

/** One institution's report for a period (a quarter, as the pages ask); forbidden outside the person's scope. */
export async function quarterlyReport(db: Db, roles: Roles, sel: Selection & { institutionId: number }, period: Period, now = Date.now()): Promise<QuarterlyReport> {
	const f = await scopeFilter(db, roles, sel);
	const institution = await reports.institutionHead(db.kysely, sel.institutionId);
	if (!institution) throw new ServiceError('not_found');
	const [summary, months, facilities, figures, lines] = await Promise.all([
		overview(db, roles, sel, period, now),
		trend(db, roles, sel, period, now),
		breakdown(db, roles, sel, 'facility', period, 'effectiveHours', now),
		figuresByInstrument(db, f, period, now),
		reports.usageLines(db.kysely, f, period, USAGE_LINE_LIMIT)
	]);
	const recordsBy = new Map<number, number>();
	for (const l of lines) recordsBy.set(l.instrumentId, (recordsBy.get(l.instrumentId) ?? 0) + 1);
	const names = await namesFor(db.kysely, 'instrument', [...figures.keys()].map(String));
	const instruments = rankBy(
		[...figures].map(([id, fig]) => {
			const n = names.get(String(id));
			return { key: String(id), nameZh: n?.nameZh ?? String(id), nameEn: n?.nameEn ?? String(id), areaCode: n?.areaCode ?? '', parentId: n?.parentId ?? null, metrics: fig.metrics, outsideRevenueFen: fig.outsideRevenueFen, outsideVoucherFen: fig.outsideVoucherFen, usageRecords: recordsBy.get(id) ?? 0 };
		}),
		'effectiveHours'
	);
	return {
		period,
		previousPeriod: previousPeriod(period),
		institution,
		metrics: summary.metrics,
		previous: summary.previous,
		outsideRevenueFen: instruments.reduce((n, r) => n + r.outsideRevenueFen, 0),
		outsideVoucherFen: instruments.reduce((n, r) => n + r.outsideVoucherFen, 0),
		months,
		facilities,
		instruments,
		clients: clientsOf(lines),
		usage: lines,
		usageTruncated: lines.length >= USAGE_LINE_LIMIT
	};
}
