// Journey of the 通用 model (pay in full, claim back): researcher.he (a Hebei enterprise) books the
// Tianjin FE-SEM (staff-assisted) with the Hebei 通用 voucher (40 %); manager.tj approves it, records
// the hour of use afterwards, and records the client's payment of the whole charge with a receipt
// number on the service order; the enterprise claims the subsidy back with the order and the receipt;
// the Hebei authority (evaluator.he) approves the line and marks the claim paid; the grant, the
// claim and the spending report (Hebei → Tianjin) all show the same amount.
import Database from 'better-sqlite3';
import type { APIRequestContext } from '@playwright/test';
import { expect, test } from './fixtures';
import { findFreeSlot, login, shanghaiLocal } from './helpers';

const port = Number(process.env.E2E_PORT ?? 4173);
const PROGRAMME = '河北省科技型中小企业创新券（通用·先付后补）';
const GRANT_FEN = 1_000_000;
const RATIO_BP = 4_000;

/** The demo's Tianjin FE-SEM (manager.tj's facility), which offers staff-assisted use. */
async function tianjinSemId(request: APIRequestContext): Promise<number> {
	const res = await request.get('/api/v1/instruments?q=' + encodeURIComponent('场发射扫描电子显微镜') + '&area=TJ&pageSize=100');
	expect(res.ok()).toBeTruthy();
	const item = (await res.json()).items.find((i: { model?: string }) => /Regulus 8230/.test(i.model ?? ''));
	expect(item, 'the demo has the Regulus 8230 FE-SEM in Tianjin').toBeTruthy();
	return item.id;
}

/**
 * Moves an approved booking to the hour that ended an hour ago: time passing, so its use can be
 * recorded, without waiting. The e2e server runs on its own SQLite file (playwright.config.ts).
 */
function moveIntoThePast(bookingId: number): { start: number; end: number } {
	const db = new Database(`data/e2e-${port}.db`);
	db.pragma('busy_timeout = 10000');
	const start = Math.floor(Date.now() / 60_000) * 60_000 - 2 * 3_600_000;
	db.prepare('update bookings set start_at = ?, end_at = ? where id = ?').run(start, start + 3_600_000, bookingId);
	db.close();
	return { start, end: start + 3_600_000 };
}

test('a Hebei 通用 voucher: the enterprise pays a Tianjin provider in full and claims the subsidy back from Hebei', async ({ page, request }) => {
	const id = await tianjinSemId(request);
	const prices = await (await request.get(`/api/v1/instruments/${id}/prices`)).json();
	const feeFen: number = prices.items.find((p: { mode: string }) => p.mode === 'assisted').outsideFen;
	const shareFen = Math.floor((RATIO_BP * feeFen * 2 + 10_000) / 20_000); // 40 %, half a fen up
	expect(shareFen).toBeGreaterThan(0);
	const slot = await findFreeSlot(request, id, 10, 60);

	// what the report says Hebei's vouchers paid in Tianjin before (the demo history has redemptions of past years)
	await login(page, 'evaluator.he@demo.jjj');
	await page.goto('/authority/vouchers');
	const reportLine = page.locator('[data-testid="spending-report"] li[data-issuer="HE"][data-provider="TJ"]');
	const hadLine = (await reportLine.count()) > 0;
	const before = { count: hadLine ? Number(await reportLine.getAttribute('data-count')) : 0, fen: hadLine ? Number(await reportLine.getAttribute('data-fen')) : 0 };

	// researcher.he sees the quote and the 通用 share, and sends the booking with the grant
	await login(page, 'researcher.he@demo.jjj');
	await page.goto('/vouchers');
	const grantRow = page.locator('[data-testid="my-grants"] tr').filter({ hasText: PROGRAMME });
	const grantId = (await grantRow.getAttribute('data-grant'))!;
	await expect(page.getByTestId(`grant-balance-${grantId}`)).toHaveAttribute('data-fen', String(GRANT_FEN));
	await page.goto(`/instruments/${id}`);
	await page.locator('#booking-start').fill(shanghaiLocal(slot.start));
	await page.locator('#booking-end').fill(shanghaiLocal(slot.end));
	await page.getByLabel(/代操作/).check();
	await expect(page.getByTestId('quote-fee')).toHaveAttribute('data-fen', String(feeFen));
	await page.getByTestId('quote').getByLabel('使用创新券').selectOption(grantId);
	await expect(page.getByTestId('quote-share')).toHaveAttribute('data-fen', String(shareFen));
	await page.locator('#booking-purpose').fill('电池隔膜截面形貌（通用券）');
	await page.getByRole('button', { name: '提交预约' }).click();
	const created = page.getByTestId('booking-created');
	await expect(created).toBeVisible();
	const bookingId = Number((await created.textContent())!.match(/#(\d+)/)![1]);
	await page.goto('/vouchers');
	await expect(page.getByTestId(`grant-balance-${grantId}`)).toHaveAttribute('data-fen', String(GRANT_FEN - shareFen));

	// manager.tj approves; the hour has passed; the manager records the use on the usage desk
	await login(page, 'manager.tj@demo.jjj');
	await page.goto('/manage');
	await page.locator(`tr[data-booking-id="${bookingId}"]`).getByRole('button', { name: '批准' }).click();
	await expect(page.getByRole('status')).toContainText(`#${bookingId}`);
	const used = moveIntoThePast(bookingId);
	await page.goto(`/manage/usage?date=${shanghaiLocal(used.start).slice(0, 10)}&record=${bookingId}#record`);
	const record = page.locator('#record');
	await expect(record).toContainText(`#${bookingId}`);
	await expect(record.locator('input[name="start"]')).toHaveValue(shanghaiLocal(used.start));
	await expect(record.locator('input[name="end"]')).toHaveValue(shanghaiLocal(used.end));
	await record.getByRole('button', { name: '保存' }).click();
	await expect(page.getByRole('status')).toContainText(`已保存预约 #${bookingId} 的使用记录`);

	// the service order carries the charge and the 通用 share; the client pays the whole charge
	await page.goto('/settlement#orders');
	const orderRow = page.locator('#orders tr[data-order]').filter({ has: page.locator('a', { hasText: new RegExp(`-0*${bookingId}$`) }) });
	const orderNumber = (await orderRow.getAttribute('data-order'))!;
	await expect(orderRow.locator('input[name="paid"]')).toHaveValue((feeFen / 100).toFixed(2));
	await orderRow.getByLabel('收据号').fill(`TJ-RCPT-${bookingId}`);
	await orderRow.getByRole('button', { name: '登记收款' }).click();
	await expect(page).toHaveURL(/saved=payment/);
	await page.locator('#orders a', { hasText: orderNumber }).click();
	await expect(page.getByTestId('order-number')).toHaveText(orderNumber);
	await expect(page.getByTestId('order-charge')).toHaveAttribute('data-fen', String(feeFen));
	await expect(page.getByTestId('order-voucher')).toHaveAttribute('data-fen', String(shareFen));
	await expect(page.getByTestId('order-client-pays')).toHaveAttribute('data-fen', String(feeFen));
	await expect(page.getByTestId('service-order')).toContainText(`TJ-RCPT-${bookingId}`);
	await expect(page.getByTestId('service-order')).toContainText('创新券补贴（通用）');

	// the enterprise claims the subsidy back with the order and the receipt
	await login(page, 'researcher.he@demo.jjj');
	await page.goto('/vouchers');
	const line = page.locator(`[data-testid="claimable-lines"] tr[data-order="${orderNumber}"]`);
	await expect(line).toContainText(`TJ-RCPT-${bookingId}`);
	const claimForm = page.locator('form[action="?/claim"]');
	await claimForm.locator('select[name="programmeId"]').selectOption({ label: PROGRAMME });
	await claimForm.getByRole('button', { name: '提交申请' }).click();
	await expect(page).toHaveURL(/\/settlement\/claims\/\d+$/);
	const claimUrl = page.url();
	await expect(page.getByTestId('claim-claimed')).toHaveAttribute('data-fen', String(shareFen));
	await expect(page.getByTestId('claim-status')).toHaveAttribute('data-status', 'submitted');
	const claimLine = page.getByTestId('claim-lines').locator('tr[data-line]');
	await expect(claimLine).toHaveCount(1);
	await expect(claimLine).toContainText(orderNumber);
	await expect(claimLine).toContainText(`TJ-RCPT-${bookingId}`);

	// the Hebei authority approves the line and pays the batch
	await login(page, 'evaluator.he@demo.jjj');
	await page.goto(claimUrl);
	await page.getByTestId('claim-lines').getByRole('button', { name: '核准' }).click();
	await expect(page.getByTestId('claim-approved')).toHaveAttribute('data-fen', String(shareFen));
	await page.getByLabel('拨付凭证号').fill(`HE-GEN-PAY-${bookingId}`);
	await page.getByRole('button', { name: '标记已拨付' }).click();
	await expect(page.getByTestId('claim-status')).toHaveAttribute('data-status', 'paid');

	// the report says where Hebei's vouchers were spent: in Tianjin, one more redemption of this amount
	await page.goto('/authority/vouchers');
	await expect(reportLine).toContainText(`河北创新券在天津兑付 ${before.count + 1} 笔`);
	await expect(reportLine).toHaveAttribute('data-fen', String(before.fen + shareFen));
	const yuan = new Intl.NumberFormat('zh-CN', { style: 'currency', currency: 'CNY', minimumFractionDigits: 2 }).format((before.fen + shareFen) / 100);
	await expect(reportLine).toContainText(yuan);

	// the enterprise's grant shows the same amount redeemed, and the claim paid
	await login(page, 'researcher.he@demo.jjj');
	await page.goto('/vouchers');
	await expect(page.getByTestId(`grant-redeemed-${grantId}`)).toHaveAttribute('data-fen', String(shareFen));
	await expect(page.getByTestId(`grant-balance-${grantId}`)).toHaveAttribute('data-fen', String(GRANT_FEN - shareFen));
	await page.goto(claimUrl);
	await expect(page.getByTestId('claim-status')).toHaveAttribute('data-status', 'paid');
	await expect(page.getByTestId('claim-approved')).toHaveAttribute('data-fen', String(shareFen));

	// the provider cannot claim a 通用 redemption, and another enterprise cannot see the claim
	await login(page, 'manager.tj@demo.jjj');
	await page.goto('/settlement');
	await expect(page.locator('[data-testid="claimable"] tbody tr').filter({ hasText: new RegExp(`#${bookingId}(?!\\d)`) })).toHaveCount(0);
	await login(page, 'researcher.bj@demo.jjj');
	expect((await page.goto(claimUrl))?.status()).toBe(404);
});

test('a Hebei 通用 voucher on sample testing: quote, order, receipt and claim line agree from the pages', async ({ page, request }) => {
	const id = await tianjinSemId(request);
	const rateFen: number = (await (await request.get(`/api/v1/instruments/${id}/prices/quote?mode=sample&samples=1`)).json()).rateFen;
	const feeFen = 2 * rateFen;
	const shareFen = Math.floor((RATIO_BP * feeFen * 2 + 10_000) / 20_000);

	// researcher.he asks for two samples to be tested, paying with the 通用 grant
	await login(page, 'researcher.he@demo.jjj');
	await page.goto('/vouchers');
	const grantId = (await page.locator('[data-testid="my-grants"] tr').filter({ hasText: PROGRAMME }).getAttribute('data-grant'))!;
	await page.goto(`/instruments/${id}`);
	const section = page.locator('#sample');
	await section.getByText('申请送样检测', { exact: true }).last().click();
	await section.getByLabel('样品数量').fill('2');
	await expect(section.getByTestId('sample-quote-fee')).toHaveAttribute('data-fen', String(feeFen));
	await section.getByLabel('使用创新券').selectOption(grantId);
	await expect(section.getByTestId('sample-quote-share')).toHaveAttribute('data-fen', String(shareFen));
	await section.getByLabel('样品类型').fill('隔膜涂层样品');
	await section.getByRole('button', { name: '提交申请' }).click();
	const created = page.getByTestId('sample-created');
	await expect(created).toBeVisible();
	const sampleId = (await created.textContent())!.match(/#(\d+)/)![1];

	// manager.tj sees the quote and the reserved share, accepts at the quoted price, tests and reports
	await login(page, 'manager.tj@demo.jjj');
	await page.goto('/manage/samples');
	const card = page.locator(`article[data-sample-id="${sampleId}"]`);
	await expect(card.getByTestId('sample-price-quote')).toHaveAttribute('data-fen', String(feeFen));
	await expect(card.getByTestId('sample-voucher')).toHaveAttribute('data-status', 'reserved');
	await expect(card.getByLabel('报价（元）')).toHaveValue((feeFen / 100).toFixed(2));
	await card.getByRole('button', { name: '接受' }).click();
	await expect(page.getByRole('status')).toContainText(`#${sampleId}`);
	await expect(card.getByTestId('sample-accepted-quote')).toHaveAttribute('data-fen', String(feeFen));
	const orderNumber = (await card.getByTestId('sample-order-link').textContent())!.trim();
	expect(orderNumber).toMatch(new RegExp(`-S0*${sampleId}$`));
	await card.getByRole('button', { name: '已收样' }).click();
	await expect(card.locator('[data-status="received"]')).toBeVisible();
	await card.getByRole('button', { name: '开始检测' }).click();
	await expect(card.locator('[data-status="testing"]')).toBeVisible();
	await card.getByLabel(/结果文件/).setInputFiles({ name: 'coating.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4 coating') });
	await card.getByRole('button', { name: '出具报告' }).click();
	await expect(card.getByTestId('sample-final-charge')).toHaveAttribute('data-fen', String(feeFen));
	await expect(card.getByTestId('sample-voucher')).toHaveAttribute('data-status', 'redeemed');
	await card.screenshot({ path: test.info().outputPath('manage-sample.png') });

	// the order shows the sample, the charge and the 通用 share; the client pays the whole charge
	await card.getByTestId('sample-order-link').click();
	await expect(page.getByTestId('order-sample')).toContainText(`#${sampleId}`);
	await expect(page.getByTestId('order-charge')).toHaveAttribute('data-fen', String(feeFen));
	await expect(page.getByTestId('order-voucher')).toHaveAttribute('data-fen', String(shareFen));
	await expect(page.getByTestId('order-client-pays')).toHaveAttribute('data-fen', String(feeFen));
	await page.goto('/settlement#orders');
	const orderRow = page.locator(`#orders tr[data-order="${orderNumber}"]`);
	await expect(orderRow.locator('input[name="paid"]')).toHaveValue((feeFen / 100).toFixed(2));
	await orderRow.getByLabel('收据号').fill(`TJ-RCPT-S${sampleId}`);
	await orderRow.getByRole('button', { name: '登记收款' }).click();
	await expect(page).toHaveURL(/saved=payment/);

	// the enterprise claims the sample line with its order and receipt
	await login(page, 'researcher.he@demo.jjj');
	await page.goto('/vouchers');
	await expect(page.locator(`[data-testid="claimable-lines"] tr[data-order="${orderNumber}"]`)).toContainText(`TJ-RCPT-S${sampleId}`);
	const claimForm = page.locator('form[action="?/claim"]');
	await claimForm.locator('select[name="programmeId"]').selectOption({ label: PROGRAMME });
	await claimForm.getByRole('button', { name: '提交申请' }).click();
	await expect(page).toHaveURL(/\/settlement\/claims\/\d+$/);
	const line = page.getByTestId('claim-lines').locator('tr[data-line]').filter({ hasText: orderNumber });
	await expect(line).toContainText(`送样 #${sampleId}`);
	await expect(line).toContainText(`TJ-RCPT-S${sampleId}`);
	await expect(line.locator('.money').last()).toHaveAttribute('data-fen', String(shareFen));
});
