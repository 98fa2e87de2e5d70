import { expect, test } from './fixtures';
import { findFreeSlot, login, shanghaiLocal, showcaseInstrumentId } from './helpers';

/** How the portal shows an instant in zh-CN: "2027/01/04 09:00". */
const shown = (ms: number) => shanghaiLocal(ms).replace('T', ' ').replaceAll('-', '/');
/** The start of a shown range ("2027/01/04 09:00 –"): other bookings may end at this instant. */
const startsAt = (ms: number) => `${shown(ms)} –`;
/** How iCalendar writes a UTC instant: "20270104T010000Z". */
const icsUtc = (ms: number) => new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

test('researcher books → manager is notified and approves → researcher is notified; calendar links work', async ({ page, request }) => {
	const id = await showcaseInstrumentId(request);
	const slot = await findFreeSlot(request, id, 3, 60);

	await login(page, 'researcher.he@demo.jjj');
	await page.goto(`/instruments/${id}`);
	await page.locator('#booking-start').fill(shanghaiLocal(slot.start));
	await page.locator('#booking-end').fill(shanghaiLocal(slot.end));
	await page.getByLabel(/自主上机/).check();
	await page.locator('#booking-purpose').fill('通知测试');
	await page.getByRole('button', { name: '提交预约' }).click();
	const created = page.getByTestId('booking-created');
	await expect(created).toContainText('等待仪器管理员审批');
	const bookingId = (await created.textContent())!.match(/#(\d+)/)![1];

	// "add to calendar" on the booking row downloads a one-event .ics at the UTC instant
	await page.goto('/bookings');
	const link = page.locator(`tr[data-booking-id="${bookingId}"]`).getByRole('link', { name: '添加到日历' });
	const ics = await page.request.get((await link.getAttribute('href'))!);
	expect(ics.status()).toBe(200);
	expect(ics.headers()['content-type']).toContain('text/calendar');
	expect(await ics.text()).toContain(`DTSTART:${icsUtc(slot.start)}`);

	// the manager sees the request in the bell and on the notifications page
	await login(page, 'manager.bj@demo.jjj');
	const bell = page.locator('header a.bell');
	await expect(bell.locator('[data-unread]')).toBeVisible();
	await bell.click();
	await expect(page).toHaveURL(/\/notifications$/);
	const request1 = page.locator('[data-notification-kind="booking_requested"]').filter({ hasText: startsAt(slot.start) });
	await expect(request1).toContainText('新的预约申请');
	await request1.getByRole('button', { name: '标为已读' }).click();
	await expect(page.locator('[data-notification-kind="booking_requested"]').filter({ hasText: startsAt(slot.start) }).locator('.badge')).toHaveCount(0);

	await page.goto('/manage');
	await page.locator(`tr[data-booking-id="${bookingId}"]`).getByRole('button', { name: '批准' }).click();
	await expect(page.getByRole('status')).toContainText(`#${bookingId}`);

	// the researcher is told, in the header and on the page, and through the API
	await login(page, 'researcher.he@demo.jjj');
	await expect(page.locator('header a.bell [data-unread]')).toBeVisible();
	await page.goto('/notifications');
	const approved = page.locator('[data-notification-kind="booking_approved"]').filter({ hasText: startsAt(slot.start) });
	await expect(approved).toContainText('预约已批准');
	const api = await page.request.get('/api/v1/me/notifications?unread=1');
	const body = await api.json();
	const item = body.items.find((n: { kind: string; entityId: number }) => n.kind === 'booking_approved' && n.entityId === Number(bookingId));
	expect(item).toBeTruthy();
	const read = await page.request.post(`/api/v1/me/notifications/${item.id}/read`);
	expect(read.status()).toBe(200);
	expect((await read.json()).unread).toBe(body.unread - 1);

	// the personal feed: created on /feeds, readable at its URL, a wrong token is 404
	await page.goto('/account');
	await page.getByRole('link', { name: '管理日历订阅' }).click();
	await page.locator('form').filter({ has: page.locator('input[name="scope"][value="user"]') }).getByRole('button').click();
	const url = (await page.locator('[data-feed-url]').textContent())!.trim();
	const feed = await page.request.get(url);
	expect(feed.status()).toBe(200);
	expect(await feed.text()).toContain(`DTSTART:${icsUtc(slot.start)}`);
	const wrong = url.replace(/\/feeds\/(.)/, (_, c) => `/feeds/${c === 'A' ? 'B' : 'A'}`);
	expect((await page.request.get(wrong)).status()).toBe(404);

	// without SMTP the mails wait in the outbox, where the admin reads them
	await login(page, 'admin@demo.jjj');
	await page.goto('/admin/outbox');
	await expect(page.locator('tr').filter({ hasText: 'researcher.he@demo.jjj' }).filter({ hasText: '预约已批准' }).first()).toBeVisible();
});
