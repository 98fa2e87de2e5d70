// checkBooking with the schedule facts: buffer, closures, wait-list holds and per-person limits.
import { describe, expect, it } from 'vitest';
import { checkBooking, type BookingFacts, type BookingPolicy } from '../booking/booking-rules';
import { DEFAULT_OPENING_HOURS } from '../booking/opening-hours';
import { closedIntervals } from './closures';

const H = 3_600_000;
const M = 60_000;
const now = Date.UTC(2026, 10, 27, 2, 0); // Friday 10:00 Shanghai
const mon9 = Date.UTC(2026, 10, 30, 1, 0); // Monday 09:00 Shanghai
const policy: BookingPolicy = {
	slotMinutes: 15,
	minMinutes: 15,
	maxMinutes: 240,
	noticeMinutes: 60,
	horizonDays: 30,
	cancelDeadlineMinutes: 120,
	approvalMode: 'manager',
	crossAreaNeedsApproval: true,
	bufferMinutes: 15
};
const facts = (over: Partial<BookingFacts> = {}): BookingFacts => ({
	now,
	timeZone: 'Asia/Shanghai',
	policy,
	openingHours: DEFAULT_OPENING_HOURS,
	instrumentStatus: 'in_service',
	published: true,
	modes: ['self', 'assisted'],
	busy: [],
	...over
});
const req = (start: number, end: number) => ({ start, end, mode: 'self' as const, purpose: 'XRD 物相分析' });
const codes = (r: { problems: { code: string }[] }) => r.problems.map((p) => p.code);

describe('buffer between bookings', () => {
	const other = { start: mon9 + H, end: mon9 + 2 * H }; // 10:00–11:00
	it('accepts a booking that ends exactly buffer minutes before another starts', () => {
		expect(codes(checkBooking(req(mon9, mon9 + 45 * M), facts({ busy: [other] })))).toEqual([]);
	});
	it('refuses one that ends a slot later, inside the buffer', () => {
		expect(checkBooking(req(mon9, mon9 + H), facts({ busy: [other] })).problems).toEqual([{ code: 'within_buffer', params: { minutes: 15 } }]);
	});
	it('accepts a booking starting exactly buffer minutes after another ends, refuses one a slot earlier', () => {
		expect(codes(checkBooking(req(mon9 + 2 * H + 15 * M, mon9 + 3 * H), facts({ busy: [other] })))).toEqual([]);
		expect(codes(checkBooking(req(mon9 + 2 * H, mon9 + 3 * H), facts({ busy: [other] })))).toEqual(['within_buffer']);
	});
	it('reports an overlap, not the buffer, when the ranges overlap', () => {
		expect(codes(checkBooking(req(mon9 + 30 * M, mon9 + 90 * M), facts({ busy: [other] })))).toEqual(['overlaps_booking']);
	});
	it('with no buffer, back-to-back bookings are fine', () => {
		expect(codes(checkBooking(req(mon9, mon9 + H), facts({ busy: [other], policy: { ...policy, bufferMinutes: 0 } })))).toEqual([]);
	});
});

describe('closures', () => {
	const closure = { id: 7, kind: 'maintenance' as const, reason: '更换灯丝', recurrence: 'once' as const, start: mon9 + H, end: mon9 + 2 * H };
	const closed = closedIntervals([closure], mon9 - 24 * H, mon9 + 24 * H, 'Asia/Shanghai');
	it('refuses a booking inside a closure with the reason', () => {
		expect(checkBooking(req(mon9 + 30 * M, mon9 + 90 * M), facts({ closures: closed })).problems).toEqual([{ code: 'closed', params: { reason: '更换灯丝', kind: 'maintenance' } }]);
	});
	it('accepts a booking that ends exactly when the closure starts, or starts when it ends', () => {
		expect(codes(checkBooking(req(mon9, mon9 + H), facts({ closures: closed })))).toEqual([]);
		expect(codes(checkBooking(req(mon9 + 2 * H, mon9 + 2 * H + 30 * M), facts({ closures: closed })))).toEqual([]);
	});
	it('refuses a weekly closure at its Shanghai time even when the UTC date differs', () => {
		// Tuesday 07:00–09:00 Shanghai is Monday 23:00Z–Tuesday 01:00Z; open 07:00–10:00 on Tuesdays
		const hours = [{ weekday: 2, start: '07:00', end: '10:00' }];
		const weekly = { id: 8, kind: 'other' as const, reason: '晨检', recurrence: 'weekly' as const, weekday: 2, startTime: '07:00', endTime: '09:00', fromDate: null, untilDate: null };
		const tue7 = Date.UTC(2026, 10, 30, 23, 0);
		const c = closedIntervals([weekly], tue7 - 24 * H, tue7 + 24 * H, 'Asia/Shanghai');
		const f = facts({ openingHours: hours, closures: c });
		expect(codes(checkBooking(req(tue7 + H, tue7 + 2 * H), f))).toEqual(['closed']);
		expect(codes(checkBooking(req(tue7 + 2 * H, tue7 + 3 * H), f))).toEqual([]);
	});
});

describe('wait-list holds and per-person limits', () => {
	it('refuses a range held for someone else on the wait list', () => {
		expect(codes(checkBooking(req(mon9, mon9 + H), facts({ held: [{ start: mon9 + 30 * M, end: mon9 + 90 * M }] })))).toEqual(['held_for_waitlist']);
	});
	it('refuses a booking past the weekly hours and future-booking limits', () => {
		const own = [{ start: mon9 + 24 * H, end: mon9 + 27 * H }];
		const p = { ...policy, maxWeekMinutes: 240, maxFutureBookings: 1 };
		expect(codes(checkBooking(req(mon9, mon9 + 2 * H), facts({ policy: p, ownBookings: own })))).toEqual(['future_limit', 'weekly_limit']);
		expect(codes(checkBooking(req(mon9, mon9 + H), facts({ policy: { ...p, maxFutureBookings: 2 }, ownBookings: own })))).toEqual([]);
	});
});
