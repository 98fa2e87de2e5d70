import { describe, expect, it } from 'vitest';
import { canCancel, checkBooking, initialStatus, type BookingFacts, type BookingPolicy } from './booking-rules';
import { DEFAULT_OPENING_HOURS } from './opening-hours';

const H = 3_600_000;
const M = 60_000;
// "now" is Friday 2026-11-27 10:00 Shanghai; Monday 2026-11-30 09:00 Shanghai = 01:00Z.
const now = Date.UTC(2026, 10, 27, 2, 0);
const mon9 = Date.UTC(2026, 10, 30, 1, 0);

const policy: BookingPolicy = {
	slotMinutes: 30,
	minMinutes: 30,
	maxMinutes: 240,
	noticeMinutes: 60,
	horizonDays: 30,
	cancelDeadlineMinutes: 120,
	approvalMode: 'manager',
	crossAreaNeedsApproval: true
};
const facts = (over: Partial<BookingFacts> = {}): BookingFacts => ({
	now,
	timeZone: 'Asia/Shanghai',
	policy,
	openingHours: DEFAULT_OPENING_HOURS,
	instrumentStatus: 'in_service',
	published: true,
	modes: ['self', 'assisted', 'sample'],
	busy: [],
	...over
});
const req = (start: number, end: number, mode: 'self' | 'assisted' = 'self') => ({ start, end, mode, purpose: 'XRD 物相分析' });
const codes = (r: { problems: { code: string }[] }) => r.problems.map((p) => p.code).sort();

describe('checkBooking', () => {
	it('accepts a well-formed request inside opening hours', () => {
		expect(checkBooking(req(mon9, mon9 + H), facts()).problems).toEqual([]);
	});
	it('accepts a booking that ends exactly at closing time and rejects one a slot later', () => {
		const close = Date.UTC(2026, 10, 30, 4, 0); // 12:00 local
		expect(codes(checkBooking(req(close - H, close), facts()))).toEqual([]);
		expect(codes(checkBooking(req(close - H, close + 30 * M), facts()))).toEqual(['outside_opening_hours']);
	});
	it('accepts a booking that starts exactly when another ends', () => {
		expect(codes(checkBooking(req(mon9 + H, mon9 + 2 * H), facts({ busy: [{ start: mon9, end: mon9 + H }] })))).toEqual([]);
	});
	it('rejects a booking that overlaps another by one slot', () => {
		expect(codes(checkBooking(req(mon9 + 30 * M, mon9 + 2 * H), facts({ busy: [{ start: mon9, end: mon9 + H }] })))).toEqual(['overlaps_booking']);
	});
	it('reports every broken rule at once', () => {
		const r = checkBooking({ start: now - 10 * M, end: now + 9 * H - 10 * M, mode: 'self', purpose: '' }, facts({ modes: ['sample'] }));
		expect(codes(r)).toEqual(['in_past', 'mode_not_offered', 'not_on_slot', 'outside_opening_hours', 'purpose_required', 'too_long'].sort());
	});
	it('enforces the notice period at its exact boundary', () => {
		const slot = Date.UTC(2026, 10, 27, 3, 0); // 11:00 local, 60 minutes after now
		expect(codes(checkBooking(req(slot, slot + H), facts()))).toEqual([]);
		expect(codes(checkBooking(req(slot, slot + H), facts({ now: now + 1 })))).toEqual(['too_short_notice']);
	});
	it('enforces minimum and maximum length at their boundaries', () => {
		expect(codes(checkBooking(req(mon9, mon9 + 30 * M), facts()))).toEqual([]);
		expect(codes(checkBooking(req(mon9, mon9 + 30 * M), facts({ policy: { ...policy, minMinutes: 60 } })))).toEqual(['too_short']);
		const afternoon = Date.UTC(2026, 10, 30, 5, 30); // 13:30 local
		expect(codes(checkBooking(req(afternoon, afternoon + 4 * H), facts()))).toEqual([]);
		expect(codes(checkBooking(req(afternoon, afternoon + 4 * H), facts({ policy: { ...policy, maxMinutes: 210 } })))).toEqual(['too_long']);
	});
	it('enforces the booking horizon', () => {
		const far = mon9 + 40 * 24 * H;
		expect(codes(checkBooking(req(far, far + H), facts()))).toContain('beyond_horizon');
	});
	it('rejects ranges off the slot grid and empty or reversed ranges', () => {
		expect(codes(checkBooking(req(mon9 + 15 * M, mon9 + 75 * M), facts()))).toEqual(['not_on_slot']);
		expect(codes(checkBooking(req(mon9, mon9), facts()))).toEqual(['invalid_range']);
		expect(codes(checkBooking(req(mon9 + H, mon9), facts()))).toEqual(['invalid_range']);
	});
	it('rejects instruments under maintenance or unpublished', () => {
		expect(codes(checkBooking(req(mon9, mon9 + H), facts({ instrumentStatus: 'maintenance' })))).toEqual(['instrument_unavailable']);
		expect(codes(checkBooking(req(mon9, mon9 + H), facts({ published: false })))).toEqual(['instrument_unavailable']);
	});
});

describe('initialStatus', () => {
	const base = { userAreaCode: 'BJ', instrumentAreaCode: 'BJ', userInstitutionId: 1, instrumentInstitutionId: 2 };
	it('approves at once on automatic instruments for same-area users', () => {
		expect(initialStatus({ ...base, policy: { ...policy, approvalMode: 'auto' } })).toBe('approved');
	});
	it('sends cross-area bookings to a manager even on automatic instruments', () => {
		expect(initialStatus({ ...base, userAreaCode: 'HE', policy: { ...policy, approvalMode: 'auto' } })).toBe('requested');
		expect(initialStatus({ ...base, userAreaCode: 'HE', policy: { ...policy, approvalMode: 'auto', crossAreaNeedsApproval: false } })).toBe('approved');
	});
	it('approves own staff only on auto_internal', () => {
		expect(initialStatus({ ...base, policy: { ...policy, approvalMode: 'auto_internal' } })).toBe('requested');
		expect(initialStatus({ ...base, userInstitutionId: 2, policy: { ...policy, approvalMode: 'auto_internal' } })).toBe('approved');
	});
});

describe('canCancel', () => {
	it('allows cancelling up to the deadline and not a millisecond after', () => {
		expect(canCancel(mon9, mon9 - 120 * M, policy)).toBe(true);
		expect(canCancel(mon9, mon9 - 120 * M + 1, policy)).toBe(false);
	});
});
