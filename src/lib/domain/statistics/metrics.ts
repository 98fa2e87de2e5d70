// The metric definitions of the evaluator workspace (开放共享绩效), in one place.
//
// Every metric is for a scope (an instrument, facility, institution, area, or all three areas) and a
// period [from, to) of local days in Asia/Shanghai. The repository loads plain facts — rows already
// grouped by the database — and this module sums them; a source with no rows gives zeros, never
// guessed numbers. Definitions, in plain words:
//
// - instruments: instruments in the scope that are not retired.
// - open hours: each such instrument's weekly opening hours in its own zone, minus its closures
//   (maintenance, holidays, outages), inside the period and before "now" (future hours are not open
//   hours yet).
// - booked hours: time held by accepted bookings (approved, checked in, completed, no-show) inside
//   the period. A booking that crosses the period's start or end counts only its part inside.
// - effective hours (有效机时): time of finished usage records (上机记录) inside the period, split at
//   the period's ends the same way. Usage records are what was really used; bookings are not.
// - utilisation: effective hours ÷ open hours (none when there are no open hours).
// - shared hours (共享机时): effective hours of users from another institution than the instrument's.
// - cross-area hours (跨区域机时): effective hours of users whose area (at booking time) differs from
//   the area where the instrument stands (its facility's location, not its institution's seat).
// - outside users / institutions served: distinct people and institutions from another institution
//   with effective use or a reported sample in the period.
// - bookings: accepted bookings that start in the period (a booking counts once, in the period of
//   its start); recognised bookings: those among them whose self-operation relied on a recognised
//   outside qualification (an agreement or a case, 资质互认).
// - samples: samples of sample-testing requests reported in the period (送样检测).
// - revenue: final charges of bookings that start in the period and of sample-testing requests
//   reported in it; voucher-paid: the innovation-voucher amounts redeemed for them (创新券).
//   (A sample request's instrument time is a booking without a charge of its own, so nothing counts twice.)
// - no-show rate: no-shows ÷ bookings whose time came (completed, checked in, no-show), by start.
// - cancellation rate: cancelled ÷ bookings starting in the period except rejected ones.
// - openness rate (开放率): instruments published for booking by outside users ÷ instruments.
// - listing freshness rate: instruments whose listing was confirmed within the freshness period
//   (default 90 days) before the period's end (or now, if sooner) ÷ instruments.
import type { TimeRange } from '../time/range';
import { HOUR } from '../time/range';

export type StatusName = 'requested' | 'approved' | 'rejected' | 'cancelled' | 'checked_in' | 'completed' | 'no_show';

/** Statuses of bookings that were accepted and hold (or held) their time. */
export const ACCEPTED_STATUSES: StatusName[] = ['approved', 'checked_in', 'completed', 'no_show'];
/** Statuses of bookings whose time has come. */
export const ARRIVED_STATUSES: StatusName[] = ['checked_in', 'completed', 'no_show'];
/** Longest booking or usage record the period queries look back for (a window bound for the index). */
export const LONGEST_SPAN_MS = 31 * 24 * HOUR;

/** Bookings of one group (key) with the same user area, outside flag, status and recognition. */
export interface BookingFact {
	key: string;
	userArea: string;
	instrumentArea: string;
	/** the user's institution is not the instrument's */
	outside: boolean;
	status: StatusName;
	recognised: boolean;
	/** how many of them start in the period */
	started: number;
	/** their time inside the period (split at its ends), ms */
	bookedMs: number;
	/** final charges of those starting in the period, fen */
	revenueFen: number;
	/** voucher amounts redeemed for those starting in the period, fen */
	voucherFen: number;
}

/** Finished usage records of one group, user area and outside flag. */
export interface UsageFact {
	key: string;
	userArea: string;
	instrumentArea: string;
	outside: boolean;
	/** time inside the period, ms */
	ms: number;
}

/** Reported sample-testing requests of one group. */
export interface SampleFact {
	key: string;
	userArea: string;
	instrumentArea: string;
	outside: boolean;
	requests: number;
	samples: number;
	/** final charges of those requests, fen */
	revenueFen: number;
	/** voucher amounts redeemed for them, fen */
	voucherFen: number;
}

/** Distinct outside users and institutions served by one group (cannot be summed across groups). */
export interface ReachFact {
	key: string;
	outsideUsers: number;
	institutionsServed: number;
}

/** The instruments of one group: counts and open time. */
export interface InstrumentFact {
	key: string;
	instruments: number;
	published: number;
	fresh: number;
	openMs: number;
}

/**
 * The booking figures of one group key already summed (the roll-ups answer a year per instrument so:
 * one row per instrument instead of one per user area, outside flag, status and recognition). Counts
 * as the BookingFacts it sums would (accumulate below).
 */
export interface BookingSum {
	key: string;
	/** started bookings with an accepted status, their booked time, and those of them recognised */
	bookings: number;
	bookedMs: number;
	recognised: number;
	arrived: number;
	noShows: number;
	cancelled: number;
	notRejected: number;
	revenueFen: number;
	voucherFen: number;
	/** the revenue and vouchers of users from another institution (outside) */
	outsideRevenueFen: number;
	outsideVoucherFen: number;
}

export interface StatisticsFacts {
	bookings: BookingFact[];
	/** booking figures summed per key, counted beside `bookings` (a source gives one or the other) */
	bookingSums?: BookingSum[];
	usage: UsageFact[];
	samples: SampleFact[];
	reach: ReachFact[];
	instruments: InstrumentFact[];
}

export const EMPTY_FACTS: StatisticsFacts = { bookings: [], usage: [], samples: [], reach: [], instruments: [] };

export interface Metrics {
	instruments: number;
	openHours: number;
	bookedHours: number;
	effectiveHours: number;
	/** effective ÷ open, 0..1; null without open hours */
	utilisation: number | null;
	sharedHours: number;
	crossAreaHours: number;
	outsideUsers: number;
	institutionsServed: number;
	bookings: number;
	recognisedBookings: number;
	sampleRequests: number;
	samples: number;
	revenueFen: number;
	voucherFen: number;
	noShowRate: number | null;
	cancellationRate: number | null;
	opennessRate: number | null;
	freshnessRate: number | null;
}

export type MetricName = keyof Metrics;

export const METRIC_NAMES: MetricName[] = [
	'instruments',
	'openHours',
	'bookedHours',
	'effectiveHours',
	'utilisation',
	'sharedHours',
	'crossAreaHours',
	'outsideUsers',
	'institutionsServed',
	'bookings',
	'recognisedBookings',
	'sampleRequests',
	'samples',
	'revenueFen',
	'voucherFen',
	'noShowRate',
	'cancellationRate',
	'opennessRate',
	'freshnessRate'
];

/** Metrics shown as a share (0..1), formatted as per cent. */
export const RATE_METRICS = new Set<MetricName>(['utilisation', 'noShowRate', 'cancellationRate', 'opennessRate', 'freshnessRate']);
/** Metrics in fen, formatted as yuan. */
export const MONEY_METRICS = new Set<MetricName>(['revenueFen', 'voucherFen']);
/** Metrics in hours. */
export const HOUR_METRICS = new Set<MetricName>(['openHours', 'bookedHours', 'effectiveHours', 'sharedHours', 'crossAreaHours']);

/** The part of range inside period, in ms (0 when they do not meet): how boundary-crossing hours are split. */
export function msInside(range: TimeRange, period: TimeRange): number {
	return Math.max(0, Math.min(range.end, period.end) - Math.max(range.start, period.start));
}

interface Sums {
	instruments: number;
	published: number;
	fresh: number;
	openMs: number;
	bookedMs: number;
	effectiveMs: number;
	sharedMs: number;
	crossMs: number;
	outsideUsers: number;
	institutionsServed: number;
	bookings: number;
	recognised: number;
	arrived: number;
	noShows: number;
	cancelled: number;
	notRejected: number;
	sampleRequests: number;
	samples: number;
	revenueFen: number;
	voucherFen: number;
}

function emptySums(): Sums {
	return {
		instruments: 0, published: 0, fresh: 0, openMs: 0, bookedMs: 0, effectiveMs: 0, sharedMs: 0, crossMs: 0, outsideUsers: 0,
		institutionsServed: 0, bookings: 0, recognised: 0, arrived: 0, noShows: 0, cancelled: 0, notRejected: 0, sampleRequests: 0,
		samples: 0, revenueFen: 0, voucherFen: 0
	};
}

function ratio(part: number, whole: number): number | null {
	return whole > 0 ? part / whole : null;
}

function finish(s: Sums): Metrics {
	return {
		instruments: s.instruments,
		openHours: s.openMs / HOUR,
		bookedHours: s.bookedMs / HOUR,
		effectiveHours: s.effectiveMs / HOUR,
		utilisation: ratio(s.effectiveMs, s.openMs),
		sharedHours: s.sharedMs / HOUR,
		crossAreaHours: s.crossMs / HOUR,
		outsideUsers: s.outsideUsers,
		institutionsServed: s.institutionsServed,
		bookings: s.bookings,
		recognisedBookings: s.recognised,
		sampleRequests: s.sampleRequests,
		samples: s.samples,
		revenueFen: s.revenueFen,
		voucherFen: s.voucherFen,
		noShowRate: ratio(s.noShows, s.arrived),
		cancellationRate: ratio(s.cancelled, s.notRejected),
		opennessRate: ratio(s.published, s.instruments),
		freshnessRate: ratio(s.fresh, s.instruments)
	};
}

function accumulate(get: (key: string) => Sums, facts: StatisticsFacts): void {
	for (const f of facts.instruments) {
		const s = get(f.key);
		s.instruments += f.instruments;
		s.published += f.published;
		s.fresh += f.fresh;
		s.openMs += f.openMs;
	}
	for (const f of facts.bookings) {
		const s = get(f.key);
		const accepted = ACCEPTED_STATUSES.includes(f.status);
		if (accepted) {
			s.bookedMs += f.bookedMs;
			s.bookings += f.started;
			if (f.recognised) s.recognised += f.started;
		}
		if (ARRIVED_STATUSES.includes(f.status)) s.arrived += f.started;
		if (f.status === 'no_show') s.noShows += f.started;
		if (f.status === 'cancelled') s.cancelled += f.started;
		if (f.status !== 'rejected') s.notRejected += f.started;
		s.revenueFen += f.revenueFen;
		s.voucherFen += f.voucherFen;
	}
	for (const f of facts.bookingSums ?? []) {
		const s = get(f.key);
		s.bookedMs += f.bookedMs;
		s.bookings += f.bookings;
		s.recognised += f.recognised;
		s.arrived += f.arrived;
		s.noShows += f.noShows;
		s.cancelled += f.cancelled;
		s.notRejected += f.notRejected;
		s.revenueFen += f.revenueFen;
		s.voucherFen += f.voucherFen;
	}
	for (const f of facts.usage) {
		const s = get(f.key);
		s.effectiveMs += f.ms;
		if (f.outside) s.sharedMs += f.ms;
		if (f.userArea !== f.instrumentArea) s.crossMs += f.ms;
	}
	for (const f of facts.samples) {
		const s = get(f.key);
		s.sampleRequests += f.requests;
		s.samples += f.samples;
		s.revenueFen += f.revenueFen;
		s.voucherFen += f.voucherFen;
	}
	for (const f of facts.reach) {
		const s = get(f.key);
		s.outsideUsers += f.outsideUsers;
		s.institutionsServed += f.institutionsServed;
	}
}

/** Metrics per group key from facts grouped by that key. */
export function metricsByKey(facts: StatisticsFacts): Map<string, Metrics> {
	const sums = new Map<string, Sums>();
	accumulate((key) => {
		let s = sums.get(key);
		if (!s) sums.set(key, (s = emptySums()));
		return s;
	}, facts);
	return new Map([...sums].map(([k, s]) => [k, finish(s)]));
}

/** Metrics of all facts together. Reach facts must then be grouped by one key only (they do not add up). */
export function metricsTotal(facts: StatisticsFacts): Metrics {
	const s = emptySums();
	accumulate(() => s, facts);
	return finish(s);
}

/** Metrics of a scope with no data: zeros and no rates. */
export function emptyMetrics(): Metrics {
	return finish(emptySums());
}

/** Sorts group keys by one metric, best first (nulls last), ties by key: the rankings. */
export function rankBy<T extends { metrics: Metrics; key: string }>(rows: T[], metric: MetricName, ascending = false): T[] {
	return [...rows].sort((a, b) => {
		const x = a.metrics[metric];
		const y = b.metrics[metric];
		if (x === null && y === null) return a.key.localeCompare(b.key);
		if (x === null) return 1;
		if (y === null) return -1;
		if (x !== y) return ascending ? x - y : y - x;
		return a.key.localeCompare(b.key);
	});
}
