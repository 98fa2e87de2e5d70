// The workspace's tables as plain header + rows, shared by the pages' exports (CSV, XLSX):
// hours to two decimals, money in yuan to two decimals, rates as per cent to one decimal.
import type { Translate, MessageKey } from '../../i18n/locale';
import { HOUR_METRICS, METRIC_NAMES, MONEY_METRICS, RATE_METRICS, type MetricName, type Metrics } from '../../domain/statistics/metrics';
import type { FlowCell } from '../../domain/statistics/flows';
import type { GroupRow, InstitutionCard, TrendPoint } from './statistics.service';
import type { BookingLine } from './statistics.repository';
import { formatLocalDateTime } from '../../domain/time/zone';

export type Cell = string | number | null;

/** A table's rows: an array, or rows made as they are read (lazyRows). */
export interface Rows extends Iterable<Cell[]> {
	readonly length: number;
	slice(start: number, end: number): Cell[][];
}

export interface Table {
	name: string;
	columns: string[];
	rows: Rows;
}

/**
 * Rows made one by one when read (a download reads them 500 at a time): a year of instruments is
 * 48,000 rows of 23 cells, ~30 MB held at once if made in advance, next to the facts they come from.
 */
export function lazyRows(length: number, row: (index: number) => Cell[]): Rows {
	return {
		length,
		slice(start, end) {
			const out: Cell[][] = [];
			for (let i = Math.max(0, start); i < Math.min(end, length); i++) out.push(row(i));
			return out;
		},
		*[Symbol.iterator]() {
			for (let i = 0; i < length; i++) yield row(i);
		}
	};
}

export const round2 = (n: number) => Math.round(n * 100) / 100;

/** A metric's value as exported: hours and yuan to 2 decimals, rates in per cent to 1 decimal. */
export function metricCell(name: MetricName, m: Metrics): Cell {
	const v = m[name];
	if (v === null) return null;
	if (RATE_METRICS.has(name)) return Math.round(v * 1000) / 10;
	if (MONEY_METRICS.has(name)) return round2(v / 100);
	if (HOUR_METRICS.has(name)) return round2(v);
	return v;
}

export function metricHeader(t: Translate, name: MetricName): string {
	const label = t(`stat.metric.${name}` as MessageKey);
	if (RATE_METRICS.has(name)) return `${label} (%)`;
	if (MONEY_METRICS.has(name)) return `${label} (元)`;
	if (HOUR_METRICS.has(name)) return `${label} (h)`;
	return label;
}

const areaName = (t: Translate, code: string) => (['BJ', 'TJ', 'HE'].includes(code) ? t(`area.${code}` as MessageKey) : code);

export function flowsTable(t: Translate, cells: FlowCell[]): Table {
	return {
		name: 'flows',
		columns: [t('stat.fromArea'), t('stat.toArea'), `${t('stat.flowHours')} (h)`, t('stat.flowBookings'), `${t('stat.flowRevenue')} (元)`],
		rows: cells.map((c) => [areaName(t, c.from), areaName(t, c.to), round2(c.hours), c.bookings, round2(c.revenueFen / 100)])
	};
}

export function rankingTable(t: Translate, rows: GroupRow[], locale: string): Table {
	return {
		name: 'rankings',
		columns: [t('stat.rank'), t('stat.name'), t('stat.area'), ...METRIC_NAMES.map((n) => metricHeader(t, n))],
		rows: lazyRows(rows.length, (i) => {
			const r = rows[i];
			return [i + 1, locale === 'en' ? r.nameEn : r.nameZh, areaName(t, r.areaCode), ...METRIC_NAMES.map((n) => metricCell(n, r.metrics))];
		})
	};
}

export function trendTable(t: Translate, points: TrendPoint[]): Table {
	return {
		name: 'trend',
		columns: [t('stat.month'), ...METRIC_NAMES.map((n) => metricHeader(t, n))],
		rows: points.map((p) => [p.month, ...METRIC_NAMES.map((n) => metricCell(n, p.metrics))])
	};
}

export function scorecardTable(t: Translate, cards: InstitutionCard[], locale: string): Table {
	const indicators = cards[0]?.card.indicators ?? [];
	const grade = (g: string | null) => (g ? t(`stat.grade.${g}` as MessageKey) : t('stat.notMeasured'));
	return {
		name: 'scorecards',
		columns: [
			t('stat.institution'),
			t('stat.area'),
			t('stat.score'),
			t('stat.grade'),
			...indicators.map((i) => t(`stat.ind.${i.code}` as MessageKey)),
			`${t('stat.previous')} ${t('stat.score')}`,
			`${t('stat.previous')} ${t('stat.grade')}`
		],
		rows: cards.map((c) => [
			locale === 'en' ? c.nameEn : c.nameZh,
			areaName(t, c.areaCode),
			c.card.total === null ? null : Math.round(c.card.total * 10) / 10,
			grade(c.card.grade),
			...c.card.indicators.map((i) => (i.score === null ? null : Math.round(i.score * 10) / 10)),
			c.previous.total === null ? null : Math.round(c.previous.total * 10) / 10,
			grade(c.previous.grade)
		])
	};
}

export function bookingsTable(t: Translate, lines: BookingLine[], locale: string): Table {
	return {
		name: 'bookings',
		columns: [t('stat.start'), t('stat.end'), t('stat.status'), t('stat.mode'), t('stat.userInstitution'), t('stat.userArea'), `${t('stat.used')} (h)`, `${t('stat.charge')} (元)`],
		rows: lines.map((l) => [
			formatLocalDateTime(l.start, 'Asia/Shanghai').replace('T', ' '),
			formatLocalDateTime(l.end, 'Asia/Shanghai').replace('T', ' '),
			l.status,
			l.mode,
			locale === 'en' ? l.userInstitutionEn : l.userInstitutionZh,
			areaName(t, l.userAreaCode),
			l.usedMs === null ? null : round2(l.usedMs / 3_600_000),
			l.chargeFen === null ? null : round2(l.chargeFen / 100)
		])
	};
}
