import { describe, expect, it } from 'vitest';
import { checkInProblem, checkOutProblem, isNoShow, noShowDeadline } from './no-show';

const M = 60_000;
const H = 60 * M;
// Monday 2027-01-04 09:00 in Shanghai = 01:00 UTC
const start = Date.UTC(2027, 0, 4, 1, 0);
const booking = { status: 'approved', mode: 'self', start, end: start + 2 * H, noShowMinutes: 60 };

describe('no-show rule', () => {
	it('is not a no-show one millisecond before start + 60 minutes', () => {
		expect(isNoShow(booking, start + 60 * M - 1)).toBe(false);
	});
	it('is a no-show exactly at start + 60 minutes', () => {
		expect(isNoShow(booking, start + 60 * M)).toBe(true);
	});
	it('uses the instrument threshold', () => {
		expect(isNoShow({ ...booking, noShowMinutes: 15 }, start + 15 * M)).toBe(true);
		expect(isNoShow({ ...booking, noShowMinutes: 15 }, start + 15 * M - 1)).toBe(false);
	});
	it('never waits past the end of a booking shorter than the threshold', () => {
		const short = { ...booking, end: start + 30 * M };
		expect(noShowDeadline(short)).toBe(start + 30 * M);
		expect(isNoShow(short, start + 30 * M - 1)).toBe(false);
		expect(isNoShow(short, start + 30 * M)).toBe(true);
	});
	it('leaves checked-in, requested, cancelled and sample bookings alone', () => {
		for (const status of ['checked_in', 'requested', 'cancelled', 'completed', 'no_show']) {
			expect(isNoShow({ ...booking, status }, start + 5 * H)).toBe(false);
		}
		expect(isNoShow({ ...booking, mode: 'sample' }, start + 5 * H)).toBe(false);
	});
	it('works across the UTC day boundary (08:00 Shanghai is midnight UTC)', () => {
		const early = Date.UTC(2027, 0, 4, 0, 0) - 30 * M; // 07:30 Shanghai, 23:30 UTC the day before
		const b = { ...booking, start: early, end: early + 2 * H };
		expect(isNoShow(b, early + 60 * M - 1)).toBe(false);
		expect(isNoShow(b, early + 60 * M)).toBe(true);
	});
});

describe('check-in window', () => {
	it('opens exactly 15 minutes before the start', () => {
		expect(checkInProblem(booking, start - 15 * M - 1)?.code).toBe('checkin_too_early');
		expect(checkInProblem(booking, start - 15 * M)).toBeNull();
	});
	it('closes at the no-show deadline', () => {
		expect(checkInProblem(booking, start + 60 * M - 1)).toBeNull();
		expect(checkInProblem(booking, start + 60 * M)?.code).toBe('checkin_too_late');
	});
	it('only approved, non-sample bookings can be checked in', () => {
		expect(checkInProblem({ ...booking, status: 'requested' }, start)).toEqual({ code: 'not_checkinable', params: { status: 'requested' } });
		expect(checkInProblem({ ...booking, mode: 'sample' }, start)?.code).toBe('not_checkinable');
	});
	it('checks out only a checked-in booking', () => {
		expect(checkOutProblem({ status: 'checked_in' })).toBeNull();
		expect(checkOutProblem({ status: 'approved' })?.code).toBe('not_checked_in');
	});
});
