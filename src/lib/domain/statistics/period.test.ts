import { describe, expect, it } from 'vitest';
import { isMonthAligned, isYearAligned, yearStartOf, monthStartOf, monthStartsTouching, monthsOf, parsePeriod, previousPeriod } from './period';

const shanghai = (iso: string) => Date.parse(`${iso}+08:00`);

describe('statistics periods', () => {
	it('reads a month as Shanghai midnight to midnight', () => {
		const p = parsePeriod('2026-01')!;
		expect(p.start).toBe(shanghai('2026-01-01T00:00:00'));
		expect(p.end).toBe(shanghai('2026-02-01T00:00:00'));
	});
	it('reads quarters, years and inclusive custom ranges', () => {
		expect(parsePeriod('2026-Q4')!.end).toBe(shanghai('2027-01-01T00:00:00'));
		expect(parsePeriod('2025')!.start).toBe(shanghai('2025-01-01T00:00:00'));
		const c = parsePeriod('2026-01-31..2026-02-01')!;
		expect(c.end - c.start).toBe(2 * 86_400_000);
	});
	it('rejects malformed text, impossible days and empty ranges', () => {
		for (const bad of ['', '2026-13', '2026-Q5', '2026-02-30..2026-03-01', '2026-03-02..2026-03-01', 'x']) expect(parsePeriod(bad)).toBeNull();
	});
	it('splits a quarter into its months and a custom range into clipped months', () => {
		expect(monthsOf(parsePeriod('2026-Q1')!).map((m) => m.code)).toEqual(['2026-01', '2026-02', '2026-03']);
		const months = monthsOf(parsePeriod('2026-01-20..2026-02-10')!);
		expect(months[0].start).toBe(shanghai('2026-01-20T00:00:00'));
		expect(months[1].end).toBe(shanghai('2026-02-11T00:00:00'));
	});
	it('gives the previous period of the same kind', () => {
		expect(previousPeriod(parsePeriod('2026-Q1')!).code).toBe('2025-Q4');
		expect(previousPeriod(parsePeriod('2026-01')!).code).toBe('2025-12');
		expect(previousPeriod(parsePeriod('2026')!).code).toBe('2025');
		expect(previousPeriod(parsePeriod('2026-02-01..2026-02-10')!).code).toBe('2026-01-22..2026-01-31');
	});
	it('finds the local months a range touches, a month end counting in the next month', () => {
		expect(monthStartOf(shanghai('2026-01-31T23:59:59'))).toBe(shanghai('2026-01-01T00:00:00'));
		expect(monthStartOf(shanghai('2026-02-01T00:00:00'))).toBe(shanghai('2026-02-01T00:00:00'));
		expect(monthStartsTouching(shanghai('2025-12-31T22:00:00'), shanghai('2026-01-01T02:00:00'))).toEqual([shanghai('2025-12-01T00:00:00'), shanghai('2026-01-01T00:00:00')]);
		expect(monthStartsTouching(shanghai('2026-03-05T10:00:00'), shanghai('2026-03-05T10:00:00'))).toEqual([shanghai('2026-03-01T00:00:00')]);
	});
	it('knows which periods are whole years', () => {
		expect(isYearAligned(parsePeriod('2025')!)).toBe(true);
		expect(isYearAligned(parsePeriod('2024-01-01..2025-12-31')!)).toBe(true);
		expect(isYearAligned(parsePeriod('2026-Q1')!)).toBe(false);
		expect(yearStartOf(shanghai('2026-12-31T23:59:59'))).toBe(shanghai('2026-01-01T00:00:00'));
	});
	it('knows which periods lie on month boundaries', () => {
		expect(isMonthAligned(parsePeriod('2025')!)).toBe(true);
		expect(isMonthAligned(parsePeriod('2026-Q2')!)).toBe(true);
		expect(isMonthAligned(parsePeriod('2026-02-01..2026-03-31')!)).toBe(true);
		expect(isMonthAligned(parsePeriod('2026-02-01..2026-03-30')!)).toBe(false);
	});
});
