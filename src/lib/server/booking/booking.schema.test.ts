import { describe, expect, it } from 'vitest';
import { parseBookingForm } from './booking.schema';

const form = (fields: Record<string, string>) => {
	const f = new FormData();
	for (const [k, v] of Object.entries(fields)) f.set(k, v);
	return f;
};

describe('parseBookingForm', () => {
	it('reads local wall time in the instrument zone as UTC instants', () => {
		const r = parseBookingForm(form({ start: '2026-11-30T09:00', end: '2026-11-30T10:30', mode: 'self', purpose: '形貌观察' }), 'Asia/Shanghai');
		expect(r.ok && r.value).toMatchObject({ start: Date.UTC(2026, 10, 30, 1, 0), end: Date.UTC(2026, 10, 30, 2, 30), mode: 'self' });
	});
	it('reports every field problem at once, a reversed range next to the end field included', () => {
		const r = parseBookingForm(form({ start: '2026-11-30T20:10', end: '2026-11-30T19:00', mode: 'self', purpose: 'x' }), 'Asia/Shanghai');
		expect(r.ok).toBe(false);
		expect(!r.ok && r.issues).toEqual({ purpose: 'purpose_required', end: 'invalid_range' });
	});
	it('refuses malformed dates and an unknown mode, and keeps what was typed', () => {
		const r = parseBookingForm(form({ start: '2026-02-31T09:00', end: 'soon', mode: 'sample', purpose: '测试' }), 'Asia/Shanghai');
		expect(!r.ok && r.issues).toEqual({ start: 'invalid_datetime', end: 'invalid_datetime', mode: 'invalid_mode' });
		expect(r.raw.end).toBe('soon');
	});
});
