import { describe, expect, it } from 'vitest';
import { CHECKIN_CODE_ALPHABET, checkinCodeMatches, newCheckinCode } from './checkin-code';
import { canMoveSample, canScheduleSample } from './sample-status';

describe('check-in code', () => {
	it('has six characters without look-alikes', () => {
		let n = 0;
		const code = newCheckinCode((max) => n++ % max);
		expect(code).toHaveLength(6);
		expect(CHECKIN_CODE_ALPHABET).not.toMatch(/[01ILO]/);
	});
	it('matches regardless of case, spaces and dashes, never when empty', () => {
		expect(checkinCodeMatches(' abc-23x ', 'ABC23X')).toBe(true);
		expect(checkinCodeMatches('ABC23Y', 'ABC23X')).toBe(false);
		expect(checkinCodeMatches('   ', '')).toBe(false);
	});
});

describe('sample lifecycle', () => {
	it('goes submitted → accepted → received → testing → reported', () => {
		expect(canMoveSample('submitted', 'accepted')).toBe(true);
		expect(canMoveSample('accepted', 'received')).toBe(true);
		expect(canMoveSample('received', 'testing')).toBe(true);
		expect(canMoveSample('testing', 'reported')).toBe(true);
	});
	it('does not skip steps or leave a final state', () => {
		expect(canMoveSample('submitted', 'testing')).toBe(false);
		expect(canMoveSample('accepted', 'rejected')).toBe(false);
		expect(canMoveSample('reported', 'testing')).toBe(false);
		expect(canMoveSample('received', 'cancelled')).toBe(false);
	});
	it('schedules only once accepted and before the report', () => {
		expect(canScheduleSample('submitted')).toBe(false);
		expect(canScheduleSample('accepted')).toBe(true);
		expect(canScheduleSample('reported')).toBe(false);
	});
});
