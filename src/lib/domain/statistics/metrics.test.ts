import { describe, expect, it } from 'vitest';
import { EMPTY_FACTS, metricsByKey, metricsTotal, msInside, rankBy, type BookingFact, type StatisticsFacts } from './metrics';
import { parsePeriod } from './period';
import { flowMatrix, outInRatio } from './flows';
import { instrumentFacts, openMsOf } from './instruments';
import { HOUR } from '../time/range';

const shanghai = (iso: string) => Date.parse(`${iso}+08:00`);
const booking = (o: Partial<BookingFact>): BookingFact => ({
	key: 'x', userArea: 'BJ', instrumentArea: 'BJ', outside: false, status: 'completed', recognised: false, started: 1, bookedMs: HOUR, revenueFen: 0, voucherFen: 0, ...o
});

describe('boundary-crossing hours', () => {
	it('splits a booking from 23:00 on 31 January to 01:00 on 1 February 1 h / 1 h', () => {
		const range = { start: shanghai('2026-01-31T23:00:00'), end: shanghai('2026-02-01T01:00:00') };
		expect(msInside(range, parsePeriod('2026-01')!)).toBe(HOUR);
		expect(msInside(range, parsePeriod('2026-02')!)).toBe(HOUR);
		expect(msInside(range, parsePeriod('2026-Q1')!)).toBe(2 * HOUR);
		expect(msInside(range, parsePeriod('2026-03')!)).toBe(0);
	});
	it('counts a range ending exactly at the period start as nothing', () => {
		const range = { start: shanghai('2026-01-31T22:00:00'), end: shanghai('2026-02-01T00:00:00') };
		expect(msInside(range, parsePeriod('2026-02')!)).toBe(0);
	});
});

describe('metric definitions', () => {
	it('gives zeros and no rates for an empty period', () => {
		const m = metricsTotal(EMPTY_FACTS);
		expect(m.bookings).toBe(0);
		expect(m.effectiveHours).toBe(0);
		expect(m.utilisation).toBeNull();
		expect(m.noShowRate).toBeNull();
		expect(m.cancellationRate).toBeNull();
	});
	it('counts accepted bookings only, and no-shows and cancellations in their rates', () => {
		const facts: StatisticsFacts = {
			...EMPTY_FACTS,
			bookings: [
				booking({ status: 'completed', started: 6, bookedMs: 6 * HOUR, revenueFen: 600 }),
				booking({ status: 'no_show', started: 2, bookedMs: 2 * HOUR }),
				booking({ status: 'cancelled', started: 2, bookedMs: 2 * HOUR }),
				booking({ status: 'rejected', started: 5, bookedMs: 5 * HOUR }),
				booking({ status: 'approved', started: 2, bookedMs: 2 * HOUR, recognised: true })
			]
		};
		const m = metricsTotal(facts);
		expect(m.bookings).toBe(10);
		expect(m.bookedHours).toBe(10);
		expect(m.noShowRate).toBeCloseTo(2 / 8);
		expect(m.cancellationRate).toBeCloseTo(2 / 12);
		expect(m.recognisedBookings).toBe(2);
		expect(m.revenueFen).toBe(600);
	});
	it('does not count a booking that only continues into the period, but counts its hours', () => {
		const m = metricsTotal({ ...EMPTY_FACTS, bookings: [booking({ started: 0, bookedMs: HOUR })] });
		expect(m.bookings).toBe(0);
		expect(m.bookedHours).toBe(1);
	});
	it('derives shared, cross-area hours and utilisation from usage and open time', () => {
		const m = metricsTotal({
			...EMPTY_FACTS,
			instruments: [{ key: 'x', instruments: 2, published: 1, fresh: 2, openMs: 100 * HOUR }],
			usage: [
				{ key: 'x', userArea: 'BJ', instrumentArea: 'BJ', outside: false, ms: 10 * HOUR },
				{ key: 'x', userArea: 'BJ', instrumentArea: 'BJ', outside: true, ms: 5 * HOUR },
				{ key: 'x', userArea: 'HE', instrumentArea: 'BJ', outside: true, ms: 5 * HOUR }
			]
		});
		expect(m.effectiveHours).toBe(20);
		expect(m.sharedHours).toBe(10);
		expect(m.crossAreaHours).toBe(5);
		expect(m.utilisation).toBeCloseTo(0.2);
		expect(m.opennessRate).toBe(0.5);
		expect(m.freshnessRate).toBe(1);
	});
	it('ranks groups by a metric, nulls last', () => {
		const byKey = metricsByKey({
			...EMPTY_FACTS,
			usage: [
				{ key: 'a', userArea: 'BJ', instrumentArea: 'BJ', outside: true, ms: HOUR },
				{ key: 'b', userArea: 'BJ', instrumentArea: 'BJ', outside: true, ms: 3 * HOUR }
			],
			instruments: [{ key: 'c', instruments: 1, published: 1, fresh: 1, openMs: 0 }]
		});
		const rows = [...byKey].map(([key, metrics]) => ({ key, metrics }));
		expect(rankBy(rows, 'effectiveHours').map((r) => r.key)).toEqual(['b', 'a', 'c']);
		expect(rankBy(rows, 'utilisation').map((r) => r.key)).toEqual(['a', 'b', 'c']);
	});
});

describe('flow matrix', () => {
	it('puts hours, accepted bookings and revenue in user area → instrument area cells', () => {
		const cells = flowMatrix(
			[booking({ userArea: 'HE', instrumentArea: 'BJ', started: 3, revenueFen: 300 }), booking({ userArea: 'HE', instrumentArea: 'BJ', status: 'cancelled', started: 4 })],
			[{ key: 'x', userArea: 'HE', instrumentArea: 'BJ', outside: true, ms: 2 * HOUR }]
		);
		expect(cells).toHaveLength(9);
		const heBj = cells.find((c) => c.from === 'HE' && c.to === 'BJ')!;
		expect(heBj).toMatchObject({ hours: 2, bookings: 3, revenueFen: 300 });
		expect(outInRatio(cells, 'BJ', (c) => c.revenueFen)).toEqual({ out: 300, in: 0 });
		expect(outInRatio(cells, 'HE', (c) => c.revenueFen)).toEqual({ out: 0, in: 300 });
	});
});

describe('open hours', () => {
	const weekdays = JSON.stringify([1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '08:00', end: '20:00' })));
	it('are opening hours minus closures', () => {
		const jan = parsePeriod('2026-01')!; // 22 weekdays
		expect(openMsOf(weekdays, 'Asia/Shanghai', [], jan)).toBe(22 * 12 * HOUR);
		const closure = { id: 1, kind: 'maintenance' as const, reason: 'x', recurrence: 'once' as const, start: shanghai('2026-01-05T00:00:00'), end: shanghai('2026-01-06T12:00:00') };
		expect(openMsOf(weekdays, 'Asia/Shanghai', [closure], jan)).toBe((22 * 12 - 16) * HOUR);
	});
	it('stop at now, skip retired instruments and judge freshness', () => {
		const jan = parsePeriod('2026-01')!;
		const now = shanghai('2026-01-03T00:00:00'); // Thu 1 and Fri 2 January have passed
		const rows = [
			{ id: 1, key: 'k', status: 'in_service', published: 1, openingHours: weekdays, timeZone: 'Asia/Shanghai', confirmedAt: now - 10 * 86_400_000 },
			{ id: 2, key: 'k', status: 'maintenance', published: 0, openingHours: weekdays, timeZone: 'Asia/Shanghai', confirmedAt: now - 100 * 86_400_000 },
			{ id: 3, key: 'k', status: 'retired', published: 1, openingHours: weekdays, timeZone: 'Asia/Shanghai', confirmedAt: now }
		];
		expect(instrumentFacts(rows, new Map(), jan, now, 90)).toEqual([{ key: 'k', instruments: 2, published: 1, fresh: 1, openMs: 2 * 2 * 12 * HOUR }]);
	});
});
