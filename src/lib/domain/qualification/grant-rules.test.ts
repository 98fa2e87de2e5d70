import { describe, expect, it } from 'vitest';
import { dayStart, defaultLastDay, endOfDay, lastValidDay } from './grant-rules';

describe('grant dates in Asia/Shanghai', () => {
	it('turns "valid until a day" into the next local midnight and back', () => {
		const end = endOfDay('2027-06-30')!;
		expect(new Date(end).toISOString()).toBe('2027-06-30T16:00:00.000Z');
		expect(lastValidDay(end)).toBe('2027-06-30');
		expect(dayStart('2027-06-30')).toBe(Date.UTC(2027, 5, 29, 16, 0));
		expect(endOfDay('2027-12-31')).toBe(Date.UTC(2027, 11, 31, 16, 0));
	});

	it('rejects malformed and impossible days', () => {
		expect(dayStart('2027-02-30')).toBeNull();
		expect(endOfDay('30/06/2027')).toBeNull();
	});

	it('proposes a last valid day the given number of months on, clamping to month ends', () => {
		expect(defaultLastDay(dayStart('2027-01-15')!, 24)).toBe('2029-01-14');
		expect(defaultLastDay(dayStart('2027-01-31')!, 1)).toBe('2027-02-27');
	});
});
