import { expect, test } from './fixtures';
import { apiLogin, findFreeSlot, login, shanghaiLocal, showcaseInstrumentId } from './helpers';

test('a manager sets opening hours and closures; bookings under a closure are resolved; a researcher cannot book inside it', async ({ page, request, baseURL }) => {
	const id = await showcaseInstrumentId(request);
	// a free hour 3+ days ahead for the closure, and a booking someone already holds 5+ days ahead
	const closed = await findFreeSlot(request, id, 3, 60);
	await apiLogin(request, baseURL!, 'researcher.bj@demo.jjj');
	const held = await findFreeSlot(request, id, 5, 60);
	const created = await request.post('/api/v1/bookings', {
		data: { instrumentId: id, start: new Date(held.start).toISOString(), end: new Date(held.end).toISOString(), mode: 'self', purpose: '停机冲突测试' },
		headers: { origin: baseURL! }
	});
	expect(created.status()).toBe(201);
	const heldId = (await created.json()).booking.id;

	// manager.bj reaches the schedule page from the instrument page
	await login(page, 'manager.bj@demo.jjj');
	await page.goto(`/instruments/${id}`);
	await page.getByTestId('schedule-link').click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('开放时间与预约规则');

	// opening hours: add Saturday morning (the weekday rows stay as they are)
	await page.getByLabel('周六 1 开始').fill('09:00');
	await page.getByLabel('周六 1 结束').fill('12:00');
	await page.getByRole('button', { name: '保存开放时间' }).click();
	await expect(page.getByTestId('schedule-saved')).toHaveText('开放时间已保存。');
	await expect(page.getByLabel('周六 1 开始')).toHaveValue('09:00');
	// an overlapping range is refused with a translated message and nothing changes
	await page.getByLabel('周六 2 开始').fill('11:00');
	await page.getByLabel('周六 2 结束').fill('13:00');
	await page.getByRole('button', { name: '保存开放时间' }).click();
	await expect(page.getByTestId('hours-problems')).toContainText('周六第 2 行：与当天其他时段重叠');

	// a closure over a free hour saves at once
	await page.goto(`/manage/instruments/${id}/schedule`);
	await page.getByLabel('类型').selectOption('maintenance');
	await page.getByLabel('原因（将告知预约人）').fill('更换电子枪灯丝');
	await page.locator('#closure-start').fill(shanghaiLocal(closed.start));
	await page.locator('#closure-end').fill(shanghaiLocal(closed.end));
	await page.getByRole('button', { name: '保存停机' }).click();
	await expect(page.getByTestId('schedule-saved')).toHaveText('停机安排已保存。');
	await expect(page.getByTestId('closure-list')).toContainText('更换电子枪灯丝');

	// a closure over the held booking lists it first; the manager cancels it and confirms
	await page.getByLabel('原因（将告知预约人）').fill('真空系统故障');
	await page.getByLabel('类型').selectOption('outage');
	await page.locator('#closure-start').fill(shanghaiLocal(held.start - 30 * 60_000));
	await page.locator('#closure-end').fill(shanghaiLocal(held.end));
	await page.getByRole('button', { name: '保存停机' }).click();
	const conflicts = page.getByTestId('closure-conflicts');
	await expect(conflicts).toContainText(`预约 #${heldId}`);
	await expect(page.getByTestId('closure-list')).not.toContainText('真空系统故障');
	await conflicts.locator(`li[data-booking-id="${heldId}"]`).getByLabel('取消').check();
	await page.getByRole('button', { name: '确认保存停机并处理预约' }).click();
	await expect(page.getByTestId('schedule-saved')).toContainText('取消 1 个预约');

	// the holder sees the booking cancelled with the closure's reason
	await login(page, 'researcher.bj@demo.jjj');
	await page.goto('/bookings');
	const row = page.locator(`tr[data-booking-id="${heldId}"]`);
	await expect(row.locator('[data-status]')).toHaveAttribute('data-status', 'cancelled');
	await expect(row).toContainText('真空系统故障');

	// a researcher's attempt to book inside the closure is refused with the reason; the calendar shows it
	await login(page, 'researcher.tj@demo.jjj');
	await page.goto(`/instruments/${id}?date=${shanghaiLocal(closed.start).slice(0, 10)}`);
	await expect(page.locator('.fc-bg-event.closed-time').first()).toBeAttached();
	// the page lists the week with the Saturday morning the manager added
	await expect(page.locator('table.hours tr')).toHaveCount(7);
	await expect(page.locator('table.hours tr', { hasText: '周六' }).locator('td')).toHaveText('09:00–12:00');
	await expect(page.locator('table.hours tr', { hasText: '周日' }).locator('td')).toHaveText('不开放');
	await page.locator('#booking-start').fill(shanghaiLocal(closed.start));
	await page.locator('#booking-end').fill(shanghaiLocal(closed.end));
	await page.locator('#booking-purpose').fill('停机时段预约测试');
	await page.getByRole('button', { name: '提交预约' }).click();
	await expect(page.getByTestId('booking-problems')).toContainText('仪器在所选时间停机：更换电子枪灯丝');

	// the JSON API shows both closures to anyone
	const api = await request.get(`/api/v1/instruments/${id}/closures`);
	expect(api.ok()).toBeTruthy();
	const reasons = (await api.json()).items.map((c: { reason: string }) => c.reason);
	expect(reasons).toEqual(expect.arrayContaining(['更换电子枪灯丝', '真空系统故障']));
});
