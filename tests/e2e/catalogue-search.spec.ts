import { expect, test } from './fixtures';

test('a visitor searches 显微镜 and narrows the results to Tianjin', async ({ page }) => {
	await page.goto('/');
	await page.getByRole('searchbox').first().fill('显微镜');
	await page.getByRole('searchbox').first().press('Enter');
	await expect(page).toHaveURL(/\/instruments\?.*q=%E6%98%BE%E5%BE%AE%E9%95%9C/);
	const results = page.getByTestId('result-item');
	await expect(results.first()).toBeVisible();
	await expect(results.first()).toContainText('显微镜');

	await page.getByTestId('facet-area').getByRole('link', { name: /天津/ }).click();
	await expect(page).toHaveURL(/area=TJ/);
	await expect(results.first()).toBeVisible();
	const count = await results.count();
	for (let n = 0; n < count; n++) {
		await expect(results.nth(n)).toContainText('显微镜');
		await expect(results.nth(n)).toContainText('天津');
	}
});

test('two-character queries and abbreviations find full names', async ({ page }) => {
	await page.goto('/instruments?q=' + encodeURIComponent('电镜'));
	await expect(page.getByTestId('result-item').first()).toContainText('电子显微镜');
	await page.goto('/instruments?q=NMR');
	await expect(page.getByTestId('result-item').first()).toContainText('核磁共振');
});

test('the facilities page shows the 2017 counts of the paper', async ({ request }) => {
	const res = await request.get('/api/v1/facilities');
	const body = await res.json();
	expect(body.counts.byKind).toMatchObject({
		national_key_lab: 141,
		provincial_key_lab: 710,
		national_engineering_centre: 111,
		provincial_engineering_centre: 744,
		incubator: 197,
		maker_space: 103
	});
});

test('the portal switches to English and remembers it', async ({ page }) => {
	await page.goto('/instruments');
	await page.getByRole('button', { name: /语言|Language/ }).click();
	await expect(page.getByRole('link', { name: 'Instruments' }).first()).toBeVisible();
	await page.goto('/facilities');
	await expect(page.locator('html')).toHaveAttribute('lang', 'en');
});
