import { expect, test } from './fixtures';
import { apiLogin, findFreeSlot, showcaseInstrumentId } from './helpers';

test('20 concurrent requests for overlapping ranges: exactly one booking wins', async ({ playwright, baseURL }) => {
	const request = await playwright.request.newContext({ baseURL });
	await apiLogin(request, baseURL!, 'researcher.bj@demo.jjj');
	const id = await showcaseInstrumentId(request);
	const slot = await findFreeSlot(request, id, 3, 120);

	const responses = await Promise.all(
		Array.from({ length: 20 }, (_, n) => {
			// overlapping ranges: each starts on the hour or half past inside the same two-hour window
			const start = slot.start + (n % 2) * 30 * 60_000;
			const end = start + 60 * 60_000;
			return request.post('/api/v1/bookings', {
				data: { instrumentId: id, start: new Date(start).toISOString(), end: new Date(end).toISOString(), mode: 'self', purpose: `并发测试 ${n}` }
			});
		})
	);
	const statuses = responses.map((r) => r.status());
	expect(statuses.filter((s) => s === 201)).toHaveLength(1);
	expect(statuses.filter((s) => s === 409)).toHaveLength(19);
	for (const r of responses.filter((r) => r.status() === 409)) {
		const body = await r.json();
		expect(body.error.code).toBe('booking_rejected');
		expect(body.error.details.problems.map((p: { code: string }) => p.code)).toContain('overlaps_booking');
	}

	// afterwards no two active bookings overlap in that window
	const avail = await request.get(`/api/v1/instruments/${id}/availability?from=${new Date(slot.start - 86_400_000).toISOString()}&to=${new Date(slot.end + 86_400_000).toISOString()}`);
	const busy = (await avail.json()).busy.map((b: { start: string; end: string }) => ({ s: Date.parse(b.start), e: Date.parse(b.end) }));
	for (let a = 0; a < busy.length; a++) for (let b = a + 1; b < busy.length; b++) expect(busy[a].s < busy[b].e && busy[b].s < busy[a].e).toBe(false);

	// checking in days before the start, with a wrong code, is refused with a JSON problem list
	const winner = (await responses.find((r) => r.status() === 201)!.json()).booking;
	const early = await request.post(`/api/v1/bookings/${winner.id}/check-in`, { data: { code: 'WRONG1' } });
	expect(early.status()).toBe(409);
	expect((await early.json()).error.details.problems.length).toBeGreaterThan(0);
	await request.dispose();
});

test('the API answers errors as JSON, never HTML', async ({ request }) => {
	const unauth = await request.post('/api/v1/bookings', { data: {} });
	expect(unauth.status()).toBe(401);
	expect((await unauth.json()).error.code).toBe('unauthorized');
	const missing = await request.get('/api/v1/nothing-here');
	expect(missing.status()).toBe(404);
	expect((await missing.json()).error).toBeTruthy();
	const bad = await request.get('/api/v1/instruments/1/availability?from=yesterday&to=x');
	expect(bad.status()).toBe(422);
	const badToken = await request.get('/api/v1/me/bookings', { headers: { authorization: 'Bearer jjj_nope' } });
	expect(badToken.status()).toBe(401);
	for (const action of ['check-in', 'check-out']) {
		const anonymous = await request.post(`/api/v1/bookings/1/${action}`, { data: { code: 'ABC123' } });
		expect(anonymous.status()).toBe(401);
		expect((await anonymous.json()).error.code).toBe('unauthorized');
	}
});
