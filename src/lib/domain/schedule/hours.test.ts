import { describe, expect, it } from 'vitest';
import { minutesOfDay, validateOpeningHours } from './hours';
import { openIntervals } from '../booking/opening-hours';

const codes = (r: { problems: { code: string }[] }) => r.problems.map((p) => p.code);

describe('validateOpeningHours', () => {
	it('accepts several ranges a day, including ranges that only touch and one ending at 24:00', () => {
		const r = validateOpeningHours([
			{ weekday: 1, start: '13:00', end: '24:00' },
			{ weekday: 1, start: '08:00', end: '13:00' },
			{ weekday: 2, start: '00:00', end: '06:30' }
		]);
		expect(r.problems).toEqual([]);
		expect(r.hours.map((h) => `${h.weekday} ${h.start}`)).toEqual(['1 08:00', '1 13:00', '2 00:00']);
	});
	it('rejects overlapping ranges in one day but not the same times on different days', () => {
		const r = validateOpeningHours([
			{ weekday: 3, start: '08:00', end: '12:00' },
			{ weekday: 3, start: '11:59', end: '14:00' },
			{ weekday: 4, start: '11:00', end: '14:00' }
		]);
		expect(r.problems).toEqual([{ code: 'hours_overlap', params: { weekday: 3, row: 2 } }]);
	});
	it('rejects an end that is not after the start, and malformed times', () => {
		expect(codes(validateOpeningHours([{ weekday: 1, start: '09:00', end: '09:00' }]))).toEqual(['hours_end_not_after_start']);
		expect(codes(validateOpeningHours([{ weekday: 1, start: '9:00', end: '10:00' }]))).toEqual(['hours_invalid_time']);
		expect(codes(validateOpeningHours([{ weekday: 1, start: '24:00', end: '24:00' }]))).toEqual(['hours_invalid_time']);
		expect(codes(validateOpeningHours([{ weekday: 1, start: '08:00', end: '24:01' }]))).toEqual(['hours_invalid_time']);
		expect(codes(validateOpeningHours([{ weekday: 8, start: '08:00', end: '09:00' }]))).toEqual(['hours_invalid_weekday']);
	});
	it('reads 24:00 only as an end', () => {
		expect(minutesOfDay('24:00', true)).toBe(1440);
		expect(minutesOfDay('24:00')).toBeNaN();
		expect(minutesOfDay('23:59')).toBe(1439);
	});
});

describe('opening hours in Asia/Shanghai seen in UTC', () => {
	it('opening 07:00–09:00 on a Shanghai Tuesday spans 23:00 Monday to 01:00 Tuesday UTC', () => {
		// Tuesday 2026-12-01 in Shanghai
		const open = openIntervals([{ weekday: 2, start: '07:00', end: '09:00' }], Date.UTC(2026, 10, 30), Date.UTC(2026, 11, 2), 'Asia/Shanghai');
		expect(open).toEqual([{ start: Date.UTC(2026, 10, 30, 23, 0), end: Date.UTC(2026, 11, 1, 1, 0) }]);
	});
	it('a window that starts at UTC midnight keeps the part of the range after it', () => {
		const open = openIntervals([{ weekday: 2, start: '07:00', end: '09:00' }], Date.UTC(2026, 11, 1), Date.UTC(2026, 11, 2), 'Asia/Shanghai');
		expect(open).toEqual([{ start: Date.UTC(2026, 11, 1, 0, 0), end: Date.UTC(2026, 11, 1, 1, 0) }]);
	});
	it('24:00 ends at Shanghai midnight, 16:00 UTC', () => {
		const open = openIntervals([{ weekday: 2, start: '20:00', end: '24:00' }], Date.UTC(2026, 11, 1), Date.UTC(2026, 11, 2), 'Asia/Shanghai');
		expect(open).toEqual([{ start: Date.UTC(2026, 11, 1, 12, 0), end: Date.UTC(2026, 11, 1, 16, 0) }]);
	});
});
