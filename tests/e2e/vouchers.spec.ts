// Journey: researcher.he (a Hebei enterprise) books the Beijing showcase FE-SEM (staff-assisted, ¥450/h)
// with the Hebei 通用通兑 voucher (50 %); manager.bj approves and completes it (the manager's
// "complete and charge" action on /settlement, since nothing checks the use in or out here: the
// final charge is the booked hour); manager.bj claims the redemption; the Hebei authority
// (evaluator.he) approves the line and marks the claim paid; the grant balance, the claim and the
// report all show the same ¥225.
import { expect, test } from './fixtures';
import { findFreeSlot, login, shanghaiLocal, showcaseInstrumentId } from './helpers';

const GRANT_FEN = 2_000_000;
const FEE_FEN = 45_000;
const SHARE_FEN = 22_500;

test('a Hebei voucher pays for Beijing instrument time and is settled with the Hebei authority', async ({ page, request }) => {
	const id = await showcaseInstrumentId(request);
	const prices = await (await request.get(`/api/v1/instruments/${id}/prices`)).json();
	expect(prices.items.find((p: { mode: string }) => p.mode === 'assisted').outsideFen).toBe(FEE_FEN);
	const facilityId: number = (await (await request.get(`/api/v1/instruments/${id}`)).json()).instrument.facility.id;
	const slot = await findFreeSlot(request, id, 9, 60);

	// what the report says Hebei's vouchers paid in Beijing before (the demo history has redemptions of past years)
	await login(page, 'evaluator.he@demo.jjj');
	await page.goto('/authority/vouchers');
	const reportLine = page.locator('[data-testid="spending-report"] li[data-issuer="HE"][data-provider="BJ"]');
	const reportedBefore = (await reportLine.count()) > 0 ? Number(await reportLine.getAttribute('data-fen')) : 0;

	// researcher.he sees the prices and the quote, picks the Hebei grant and sends the booking
	await login(page, 'researcher.he@demo.jjj');
	await page.goto(`/instruments/${id}`);
	await expect(page.getByTestId('price-outside-assisted')).toContainText('450');
	await page.locator('#booking-start').fill(shanghaiLocal(slot.start));
	await page.locator('#booking-end').fill(shanghaiLocal(slot.end));
	await page.getByLabel(/代操作/).check();
	await expect(page.getByTestId('quote-fee')).toHaveAttribute('data-fen', String(FEE_FEN));
	// the booking form's picker (the sample-testing form on the same page has its own)
	const grantSelect = page.getByTestId('quote').getByLabel('使用创新券');
	await grantSelect.selectOption((await grantSelect.locator('option', { hasText: '河北省科技创新券' }).getAttribute('value'))!);
	await expect(page.getByTestId('quote-share')).toHaveAttribute('data-fen', String(SHARE_FEN));
	await page.locator('#booking-purpose').fill('新材料断面形貌表征');
	await page.getByRole('button', { name: '提交预约' }).click();
	const created = page.getByTestId('booking-created');
	await expect(created).toBeVisible();
	const bookingId = (await created.textContent())!.match(/#(\d+)/)![1];

	// the share is reserved on the grant
	await page.goto('/vouchers');
	const grantRow = page.locator('[data-testid="my-grants"] tr').filter({ hasText: '河北省科技创新券' });
	const grantId = await grantRow.getAttribute('data-grant');
	await expect(page.getByTestId(`grant-balance-${grantId}`)).toHaveAttribute('data-fen', String(GRANT_FEN - SHARE_FEN));

	// manager.bj approves, then completes and charges the booked hour
	await login(page, 'manager.bj@demo.jjj');
	await page.goto('/manage');
	await page.locator(`tr[data-booking-id="${bookingId}"]`).getByRole('button', { name: '批准' }).click();
	await expect(page.getByRole('status')).toContainText(`#${bookingId}`);
	await page.goto('/settlement');
	await page.locator(`tr[data-booking="${bookingId}"]`).getByRole('button', { name: '完成' }).click();
	await expect(page.getByTestId('completed')).toContainText(`#${bookingId}`);

	// the service order shows the charge and the voucher part
	const orderLink = page.locator('#orders a').filter({ hasText: new RegExp(`-0*${bookingId}$`) });
	await orderLink.click();
	await expect(page.getByTestId('order-charge')).toHaveAttribute('data-fen', String(FEE_FEN));
	await expect(page.getByTestId('order-voucher')).toHaveAttribute('data-fen', String(SHARE_FEN));

	// the provider claims the redemption from the Hebei authority
	await page.goto('/settlement');
	const claimable = page.getByTestId('claimable');
	await expect(claimable).toContainText(`#${bookingId}`);
	const claimForm = page.locator('form[action="?/claim"]');
	await claimForm.locator('select[name="programmeId"]').selectOption({ label: '河北省科技创新券（通用通兑）' });
	await claimForm.locator('select[name="facilityId"]').selectOption(String(facilityId));
	await claimForm.getByRole('button', { name: '提交申请' }).click();
	await expect(page).toHaveURL(/\/settlement\/claims\/\d+$/);
	const claimUrl = page.url();
	await expect(page.getByTestId('claim-claimed')).toHaveAttribute('data-fen', String(SHARE_FEN));
	await expect(page.getByTestId('claim-status')).toHaveAttribute('data-status', 'submitted');

	// the Hebei authority reviews the line and pays the batch
	await login(page, 'evaluator.he@demo.jjj');
	await page.goto(claimUrl);
	await page.getByTestId('claim-lines').getByRole('button', { name: '核准' }).click();
	await expect(page.getByTestId('claim-approved')).toHaveAttribute('data-fen', String(SHARE_FEN));
	await page.getByLabel('拨付凭证号').fill('HE-PAY-0001');
	await page.getByRole('button', { name: '标记已拨付' }).click();
	await expect(page.getByTestId('claim-status')).toHaveAttribute('data-status', 'paid');

	// the report says where Hebei's vouchers were spent
	await page.goto('/authority/vouchers');
	await expect(reportLine).toContainText('河北创新券在北京兑付');
	await expect(reportLine).toHaveAttribute('data-fen', String(reportedBefore + SHARE_FEN));

	// the enterprise sees the same amount redeemed on its grant
	await login(page, 'researcher.he@demo.jjj');
	await page.goto('/vouchers');
	await expect(page.getByTestId(`grant-redeemed-${grantId}`)).toHaveAttribute('data-fen', String(SHARE_FEN));
	await expect(page.getByTestId(`grant-balance-${grantId}`)).toHaveAttribute('data-fen', String(GRANT_FEN - SHARE_FEN));

	// and nobody else sees the claim or the authority's pages
	await login(page, 'researcher.bj@demo.jjj');
	expect((await page.goto(claimUrl))?.status()).toBe(404);
	expect((await page.goto('/authority/vouchers'))?.status()).toBe(403);
	await login(page, 'manager.tj@demo.jjj');
	expect((await page.goto(claimUrl))?.status()).toBe(404);
	await login(page, 'evaluator.tj@demo.jjj');
	expect((await page.goto(claimUrl))?.status()).toBe(404);
	await page.goto('/authority/vouchers');
	await expect(page.locator('[data-testid="spending-report"] li[data-issuer="HE"]')).toHaveCount(0);
});
