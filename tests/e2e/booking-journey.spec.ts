import { expect, test } from './fixtures';
import { findFreeSlot, login, shanghaiLocal, showcaseInstrumentId } from './helpers';

test('a Hebei researcher books a Beijing instrument, the Beijing manager approves, Tianjin cannot overlap', async ({ page, request }) => {
	const id = await showcaseInstrumentId(request);
	const slot = await findFreeSlot(request, id, 2, 60);
	// the server-rendered page is titled with the instrument's name (before any script runs)
	const { instrument } = await (await request.get(`/api/v1/instruments/${id}`)).json();
	const html = await (await request.get(`/instruments/${id}`)).text();
	const escaped = (instrument.name.zh as string).replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
	expect(html).toContain(`<title>${escaped} · `);

	// researcher.he books the Beijing instrument through the plain form
	await login(page, 'researcher.he@demo.jjj');
	await page.goto(`/instruments/${id}`);
	await expect(page.locator('.fc-timegrid')).toBeVisible();
	await page.locator('#booking-start').fill(shanghaiLocal(slot.start));
	await page.locator('#booking-end').fill(shanghaiLocal(slot.end));
	await page.getByLabel(/自主上机/).check();
	await page.locator('#booking-purpose').fill('样品断面形貌观察');
	await page.getByRole('button', { name: '提交预约' }).click();
	const created = page.getByTestId('booking-created');
	await expect(created).toContainText('等待仪器管理员审批');
	const bookingId = (await created.textContent())!.match(/#(\d+)/)![1];
	// the calendar opens at the booked week and shows it as the researcher's own
	await expect(page.locator('.fc-event.mine').first()).toBeAttached();

	await page.goto('/bookings');
	const row = page.locator(`tr[data-booking-id="${bookingId}"]`);
	await expect(row.locator('[data-status]')).toHaveAttribute('data-status', 'requested');

	// researcher.tj cannot book an overlapping range
	await login(page, 'researcher.tj@demo.jjj');
	await page.goto(`/instruments/${id}`);
	await page.locator('#booking-start').fill(shanghaiLocal(slot.start + 30 * 60_000));
	await page.locator('#booking-end').fill(shanghaiLocal(slot.end + 30 * 60_000));
	await page.locator('#booking-purpose').fill('重叠测试');
	await page.getByRole('button', { name: '提交预约' }).click();
	await expect(page.getByTestId('booking-problems')).toContainText('所选时间与已有预约冲突');

	// manager.bj sees the request with its cross-area mark and approves it
	await login(page, 'manager.bj@demo.jjj');
	await page.goto('/manage');
	const pending = page.locator(`tr[data-booking-id="${bookingId}"]`);
	await expect(pending).toContainText('跨区域');
	await pending.getByRole('button', { name: '批准' }).click();
	await expect(page.getByRole('status')).toContainText(`#${bookingId}`);

	// the manager's calendar shows the booker's name
	await page.goto(`/instruments/${id}?date=${shanghaiLocal(slot.start).slice(0, 10)}`);
	await expect(page.locator('.fc-event').filter({ hasText: `#${bookingId}` }).first()).toBeAttached();

	// researcher.he sees it approved
	await login(page, 'researcher.he@demo.jjj');
	await page.goto('/bookings');
	await expect(page.locator(`tr[data-booking-id="${bookingId}"] [data-status]`)).toHaveAttribute('data-status', 'approved');
});

test('broken booking rules are all shown at once, translated, and nothing is saved', async ({ page, request }) => {
	const id = await showcaseInstrumentId(request);
	await login(page, 'researcher.bj@demo.jjj');
	await page.goto(`/instruments/${id}`);
	// a Sunday night, off the slot grid, far too long
	const sunday = new Date();
	sunday.setUTCDate(sunday.getUTCDate() + ((7 - sunday.getUTCDay()) % 7) + 7);
	const day = sunday.toISOString().slice(0, 10);
	await page.locator('#booking-start').fill(`${day}T20:10`);
	await page.locator('#booking-end').fill(`${day}T23:50`);
	await page.locator('#booking-purpose').fill('测试');
	await page.getByRole('button', { name: '提交预约' }).click();
	const problems = page.getByTestId('booking-problems');
	await expect(problems).toContainText('不在仪器开放时间内');
	await expect(problems).toContainText('时间粒度');
	await page.goto('/bookings');
	await expect(page.getByText(`${day} 20:10`)).toHaveCount(0);
});

test('a visitor sees the calendar without names and is asked to log in to book', async ({ page, request }) => {
	const id = await showcaseInstrumentId(request);
	await page.context().clearCookies();
	await page.goto(`/instruments/${id}`);
	await expect(page.getByRole('link', { name: '登录后即可预约' })).toBeVisible();
	const res = await request.get(`/api/v1/instruments/${id}/availability?from=${new Date().toISOString()}&to=${new Date(Date.now() + 14 * 86_400_000).toISOString()}`);
	const body = await res.json();
	for (const b of body.busy) expect(b.userName).toBeUndefined();
});
