import Database from 'better-sqlite3';
import { expect, test } from './fixtures';
import { apiLogin, findFreeSlot, login, showcaseInstrumentId } from './helpers';

const port = Number(process.env.E2E_PORT ?? 4173);

/**
 * Moves a booking so that it started five minutes ago: time passing, without waiting for it. The
 * e2e server runs on its own SQLite file (playwright.config.ts), which this test may touch.
 */
function startFiveMinutesAgo(bookingId: number): void {
	const db = new Database(`data/e2e-${port}.db`);
	db.pragma('busy_timeout = 10000');
	const start = Math.floor(Date.now() / 60_000) * 60_000 - 5 * 60_000;
	db.prepare('update bookings set start_at = ?, end_at = ? where id = ?').run(start, start + 60 * 60_000, bookingId);
	db.close();
}

test('the manager checks a researcher in and out, and the usage record shows on the instrument’s usage list', async ({ page, request, baseURL }) => {
	const id = await showcaseInstrumentId(request);
	const slot = await findFreeSlot(request, id, 3, 60);
	await apiLogin(request, baseURL!, 'researcher.bj@demo.jjj');
	const res = await request.post('/api/v1/bookings', {
		data: { instrumentId: id, start: new Date(slot.start).toISOString(), end: new Date(slot.end).toISOString(), mode: 'assisted', purpose: '代操作形貌观察' }
	});
	expect(res.status()).toBe(201);
	const bookingId: number = (await res.json()).booking.id;

	await login(page, 'manager.bj@demo.jjj');
	await page.goto('/manage');
	await page.locator(`tr[data-booking-id="${bookingId}"]`).getByRole('button', { name: '批准' }).click();
	await expect(page.getByRole('status')).toContainText(`#${bookingId}`);

	startFiveMinutesAgo(bookingId);
	await page.getByRole('link', { name: '使用记录' }).first().click();
	await expect(page).toHaveURL(/\/manage\/usage/);
	const row = page.getByTestId('desk').locator(`tr[data-booking-id="${bookingId}"]`);
	await expect(row).toContainText('已批准');
	await row.getByRole('button', { name: '签到' }).click();
	await expect(page.getByRole('status')).toContainText(`已签到预约 #${bookingId}`);
	await expect(row).toContainText('使用中');
	await row.getByRole('button', { name: '签退' }).click();
	await expect(page.getByRole('status')).toContainText(`已签退预约 #${bookingId}`);
	await expect(row).toContainText('已完成');

	// the instrument page links its managers to the instrument's usage list, which shows the record
	await page.goto(`/instruments/${id}`);
	await page.getByTestId('usage-records-link').click();
	const record = page.getByTestId('usage-records').locator(`tr[data-booking-id="${bookingId}"]`);
	await expect(record).toContainText('签到/签退');

	// the researcher sees the booking completed; the API lists the record for managers only
	const list = await page.request.get(`/api/v1/instruments/${id}/usage-records`);
	expect(list.status()).toBe(200);
	expect((await list.json()).items.some((u: { bookingId: number }) => u.bookingId === bookingId)).toBe(true);
	expect((await request.get(`/api/v1/instruments/${id}/usage-records`)).status()).toBe(403);
});

test('a researcher requests sample testing and downloads the result the manager reported; others cannot', async ({ page, request, baseURL }) => {
	const id = await showcaseInstrumentId(request);
	await login(page, 'researcher.bj@demo.jjj');
	await page.goto(`/instruments/${id}`);
	const section = page.locator('#sample');
	await section.getByText('申请送样检测', { exact: true }).last().click();
	await section.getByLabel('样品数量').fill('2');
	await section.getByLabel('样品类型').fill('锂电池正极材料粉末');
	await section.getByLabel('危险性说明').fill('无');
	await section.getByRole('button', { name: '提交申请' }).click();
	const created = page.getByTestId('sample-created');
	await expect(created).toBeVisible();
	const sampleId = (await created.textContent())!.match(/#(\d+)/)![1];
	const mine = page.locator(`tr[data-sample-id="${sampleId}"]`);
	await expect(mine.locator('[data-status]')).toHaveAttribute('data-status', 'submitted');

	await login(page, 'manager.bj@demo.jjj');
	await page.goto('/manage/samples');
	const card = page.locator(`article[data-sample-id="${sampleId}"]`);
	await card.getByLabel('报价（元）').fill('480.50');
	await card.getByRole('button', { name: '接受' }).click();
	await expect(page.getByRole('status')).toContainText(`#${sampleId}`);
	await card.getByRole('button', { name: '已收样' }).click();
	await expect(card.locator('[data-status]')).toHaveAttribute('data-status', 'received');
	await card.getByRole('button', { name: '开始检测' }).click();
	await expect(card.locator('[data-status]')).toHaveAttribute('data-status', 'testing');
	await card.getByLabel(/结果文件/).setInputFiles({ name: 'XRD-report.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 e2e result') });
	await card.getByRole('button', { name: '出具报告' }).click();
	await expect(card.locator('[data-status]')).toHaveAttribute('data-status', 'reported');

	await login(page, 'researcher.bj@demo.jjj');
	await page.goto('/samples');
	await expect(mine).toContainText('¥480.50');
	const downloading = page.waitForEvent('download');
	await mine.getByTestId('sample-result-link').click();
	const download = await downloading;
	expect(download.suggestedFilename()).toBe('XRD-report.pdf');
	const body = await (await download.createReadStream()).toArray();
	expect(Buffer.concat(body).toString()).toBe('%PDF-1.4 e2e result');

	// another researcher and another facility's manager get 404
	await apiLogin(request, baseURL!, 'researcher.tj@demo.jjj');
	expect((await request.get(`/samples/${sampleId}/result`, { maxRedirects: 0 })).status()).toBe(404);
	await apiLogin(request, baseURL!, 'manager.tj@demo.jjj');
	expect((await request.get(`/samples/${sampleId}/result`, { maxRedirects: 0 })).status()).toBe(404);
});
