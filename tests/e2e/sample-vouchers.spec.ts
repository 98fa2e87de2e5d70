// Journey: researcher.he (a Hebei enterprise) asks the Beijing showcase FE-SEM for sample testing;
// the form shows the per-sample quote (outside rate, 2 free samples for enterprises) before sending, they pick the Hebei grant and the
// voucher share is reserved on it; withdrawing the request gives the share back.
import { expect, test } from './fixtures';
import { login, showcaseInstrumentId } from './helpers';

test('a sample request shows its quote and reserves the voucher share; withdrawal releases it', async ({ page, request }) => {
	const id = await showcaseInstrumentId(request);
	await login(page, 'researcher.he@demo.jjj');
	await page.goto('/vouchers');
	const grantRow = page.locator('[data-testid="my-grants"] tr').filter({ hasText: '河北省科技创新券' }).first();
	const grantId = (await grantRow.getAttribute('data-grant'))!;
	const balance = Number(await page.getByTestId(`grant-balance-${grantId}`).getAttribute('data-fen'));

	await page.goto(`/instruments/${id}`);
	const section = page.locator('#sample');
	await section.getByText('申请送样检测', { exact: true }).last().click();
	// demo price: ¥200 per sample for outside institutions, the first 2 samples a year free for enterprises
	await section.getByLabel('样品数量').fill('3');
	const fee = section.getByTestId('sample-quote-fee');
	await expect(fee).toHaveAttribute('data-fen', '20000');
	await expect(section.getByTestId('sample-quote')).toContainText('含公益免费 2 个样品');
	await expect(section.getByTestId('sample-quote')).toContainText('按外单位价格');
	await section.getByLabel('样品数量').fill('5');
	await expect(fee).toHaveAttribute('data-fen', '60000');
	await section.getByLabel('使用创新券').selectOption(grantId);
	const share = section.getByTestId('sample-quote-share');
	await expect(share).toHaveAttribute('data-fen', '30000');
	const shareFen = 30_000;
	await section.screenshot({ path: test.info().outputPath('sample-quote.png') });
	await section.getByLabel('样品类型').fill('锂电池正极材料粉末');
	await section.getByRole('button', { name: '提交申请' }).click();
	const created = page.getByTestId('sample-created');
	await expect(created).toBeVisible();
	const sampleId = (await created.textContent())!.match(/#(\d+)/)![1];

	await page.goto('/vouchers');
	await expect(page.getByTestId(`grant-balance-${grantId}`)).toHaveAttribute('data-fen', String(balance - shareFen));

	await page.goto('/samples');
	await page.locator(`tr[data-sample-id="${sampleId}"]`).getByRole('button', { name: /撤回|取消/ }).click();
	await page.goto('/vouchers');
	await expect(page.getByTestId(`grant-balance-${grantId}`)).toHaveAttribute('data-fen', String(balance));
});
