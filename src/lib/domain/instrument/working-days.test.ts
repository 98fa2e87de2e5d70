import { describe, expect, it } from 'vitest';
import { WEEKDAYS_ONLY } from './china-holidays';
import { isIsoDay, isRegisteredLate, isWorkingDay, workingDaysBetween } from './working-days';

describe('isWorkingDay', () => {
	it('counts Monday to Friday and not the weekend (Mon–Fri calendar)', () => {
		expect(isWorkingDay('2027-03-01', WEEKDAYS_ONLY)).toBe(true); // Monday
		expect(isWorkingDay('2027-03-05', WEEKDAYS_ONLY)).toBe(true); // Friday
		expect(isWorkingDay('2027-03-06', WEEKDAYS_ONLY)).toBe(false); // Saturday
		expect(isWorkingDay('2027-03-07', WEEKDAYS_ONLY)).toBe(false); // Sunday
	});
	it('knows the 2026 National Day holiday and its make-up Saturday', () => {
		expect(isWorkingDay('2026-10-01')).toBe(false); // Thursday, holiday
		expect(isWorkingDay('2026-10-07')).toBe(false); // Wednesday, holiday
		expect(isWorkingDay('2026-10-08')).toBe(true);
		expect(isWorkingDay('2026-10-10')).toBe(true); // Saturday, make-up working day
		expect(isWorkingDay('2026-09-20')).toBe(true); // Sunday, make-up working day
	});
});

describe('workingDaysBetween', () => {
	it('counts the days after the first up to and including the last', () => {
		expect(workingDaysBetween('2027-03-01', '2027-03-01', WEEKDAYS_ONLY)).toBe(0);
		expect(workingDaysBetween('2027-03-01', '2027-03-02', WEEKDAYS_ONLY)).toBe(1);
		expect(workingDaysBetween('2027-03-05', '2027-03-08', WEEKDAYS_ONLY)).toBe(1); // Fri → Mon
		expect(workingDaysBetween('2027-03-08', '2027-03-01', WEEKDAYS_ONLY)).toBe(0);
	});
});

describe('isRegisteredLate', () => {
	// Accepted Monday 2027-03-01: Tue–Fri is 4, five more weeks make 29 by Friday 04-09, the 30th is Monday 04-12.
	it('is on time on the 30th working day and late on the 31st (Mon–Fri)', () => {
		expect(workingDaysBetween('2027-03-01', '2027-04-12', WEEKDAYS_ONLY)).toBe(30);
		expect(isRegisteredLate('2027-03-01', '2027-04-09', 30, WEEKDAYS_ONLY)).toBe(false);
		expect(isRegisteredLate('2027-03-01', '2027-04-12', 30, WEEKDAYS_ONLY)).toBe(false);
		expect(isRegisteredLate('2027-03-01', '2027-04-13', 30, WEEKDAYS_ONLY)).toBe(true);
	});
	it('stretches over public holidays: National Day 2026 adds the holiday week', () => {
		// Accepted 2026-09-21 (Mon). Working days: Sep 22–24 (3), Sep 28–30 (3), Oct 8–9 (2), Oct 10 Sat (1), …
		expect(workingDaysBetween('2026-09-21', '2026-10-10')).toBe(9);
		expect(workingDaysBetween('2026-09-21', '2026-10-10', WEEKDAYS_ONLY)).toBe(14);
	});
	it('never flags an instrument whose acceptance day is unknown', () => {
		expect(isRegisteredLate(null, '2030-01-01')).toBe(false);
	});
});

describe('isIsoDay', () => {
	it('accepts real days only', () => {
		expect(isIsoDay('2024-02-29')).toBe(true);
		expect(isIsoDay('2026-02-29')).toBe(false);
		expect(isIsoDay('2026-2-3')).toBe(false);
	});
});
