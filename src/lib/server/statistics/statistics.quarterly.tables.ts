// The quarterly report as tables for CSV (one table) and XLSX (every table a sheet), in the
// workspace's units: hours to two decimals, money in yuan, rates in per cent. Institutions only.
import type { Translate, MessageKey } from '../../i18n/locale';
import type { MetricName } from '../../domain/statistics/metrics';
import { formatLocalDateTime } from '../../domain/time/zone';
import { metricCell, metricHeader, round2, type Table } from './statistics.tables';
import type { QuarterlyReport } from './statistics.quarterly';

export const QUARTERLY_TABLES = ['summary', 'months', 'facilities', 'instruments', 'clients', 'usage'] as const;
export type QuarterlyTable = (typeof QUARTERLY_TABLES)[number];

export const SUMMARY_METRICS: MetricName[] = ['instruments', 'openHours', 'bookedHours', 'effectiveHours', 'utilisation', 'sharedHours', 'crossAreaHours', 'outsideUsers', 'institutionsServed', 'bookings', 'recognisedBookings', 'sampleRequests', 'samples', 'revenueFen', 'voucherFen', 'noShowRate', 'cancellationRate', 'opennessRate'];
export const MONTH_METRICS: MetricName[] = ['bookedHours', 'effectiveHours', 'sharedHours', 'crossAreaHours', 'bookings', 'samples', 'revenueFen'];
export const GROUP_METRICS: MetricName[] = ['instruments', 'effectiveHours', 'utilisation', 'sharedHours', 'crossAreaHours', 'bookings', 'samples', 'revenueFen'];
export const INSTRUMENT_METRICS: MetricName[] = ['effectiveHours', 'utilisation', 'sharedHours', 'crossAreaHours', 'bookings', 'samples', 'revenueFen'];

const areaName = (t: Translate, code: string) => (['BJ', 'TJ', 'HE'].includes(code) ? t(`area.${code}` as MessageKey) : code);
const yuan = (fen: number) => round2(fen / 100);
const localTime = (ms: number) => formatLocalDateTime(ms, 'Asia/Shanghai').replace('T', ' ');

export function quarterlyTables(t: Translate, r: QuarterlyReport, locale: string): Record<QuarterlyTable, Table> {
	const name = (x: { nameZh: string; nameEn: string }) => (locale === 'en' ? x.nameEn : x.nameZh);
	return {
		summary: {
			name: 'summary',
			columns: [t('stat.indicator'), `${r.period.code}`, `${t('stat.quarterly.previousQuarter')} ${r.previousPeriod.code}`],
			rows: [
				...SUMMARY_METRICS.map((m) => [metricHeader(t, m), metricCell(m, r.metrics), metricCell(m, r.previous)]),
				[`${t('stat.quarterly.outsideRevenue')} (元)`, yuan(r.outsideRevenueFen), null],
				[`${t('stat.quarterly.outsideVoucher')} (元)`, yuan(r.outsideVoucherFen), null],
				[t('stat.quarterly.usageRecords'), r.usage.length, null]
			]
		},
		months: {
			name: 'months',
			columns: [t('stat.month'), ...MONTH_METRICS.map((m) => metricHeader(t, m))],
			rows: r.months.map((p) => [p.month, ...MONTH_METRICS.map((m) => metricCell(m, p.metrics))])
		},
		facilities: {
			name: 'facilities',
			columns: [t('stat.level.facility'), t('stat.area'), ...GROUP_METRICS.map((m) => metricHeader(t, m))],
			rows: r.facilities.map((f) => [name(f), areaName(t, f.areaCode), ...GROUP_METRICS.map((m) => metricCell(m, f.metrics))])
		},
		instruments: {
			name: 'instruments',
			columns: [t('stat.level.instrument'), t('stat.quarterly.usageRecords'), ...INSTRUMENT_METRICS.map((m) => metricHeader(t, m)), `${t('stat.quarterly.outsideRevenue')} (元)`],
			rows: r.instruments.map((i) => [name(i), i.usageRecords, ...INSTRUMENT_METRICS.map((m) => metricCell(m, i.metrics)), yuan(i.outsideRevenueFen)])
		},
		clients: {
			name: 'clients',
			columns: [t('stat.institution'), t('stat.area'), t('stat.quarterly.usageRecords'), `${t('stat.quarterly.hours')} (h)`, `${t('stat.charge')} (元)`],
			rows: r.clients.map((c) => [name(c), areaName(t, c.areaCode), c.records, round2(c.hours), yuan(c.chargeFen)])
		},
		usage: {
			name: 'usage',
			columns: [t('stat.level.instrument'), t('stat.start'), t('stat.end'), `${t('stat.quarterly.hours')} (h)`, t('stat.quarterly.source'), t('stat.mode'), t('stat.userInstitution'), t('stat.userArea'), t('stat.quarterly.outside'), `${t('stat.charge')} (元)`],
			rows: r.usage.map((l) => [
				locale === 'en' ? l.instrumentEn : l.instrumentZh,
				localTime(l.start),
				localTime(l.end),
				round2((l.end - l.start) / 3_600_000),
				t(`usage.source.${l.source}` as MessageKey),
				l.mode ? t(`booking.mode.${l.mode}` as MessageKey) : null,
				locale === 'en' ? l.userInstitutionEn : l.userInstitutionZh,
				areaName(t, l.userAreaCode),
				l.outside ? t('stat.quarterly.yes') : t('stat.quarterly.no'),
				l.chargeFen === null ? null : yuan(l.chargeFen)
			])
		}
	};
}
