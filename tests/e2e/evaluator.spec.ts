// Evaluator journey: the flow matrix on the page equals the API's, the XLSX export read back with
// exceljs holds the same numbers, and a Tianjin evaluator is refused Beijing.
import { expect, test } from './fixtures';
import ExcelJS from 'exceljs';
import { login } from './helpers';

const AREAS = ['BJ', 'TJ', 'HE'];
const AREA_ZH: Record<string, string> = { BJ: '北京', TJ: '天津', HE: '河北' };

/** The last 60 days up to today (Asia/Shanghai) as a custom period: the demo's bookings lie there. */
function recentPeriod(): string {
	const day = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 10);
	return `${day(Date.now() - 60 * 86_400_000)}..${day(Date.now())}`;
}

test('an evaluator sees the same flow numbers on the page, in the API and in the XLSX export', async ({ page }) => {
	await login(page, 'evaluator@demo.jjj');
	await page.getByRole('link', { name: '绩效评价' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('开放共享绩效评价');
	const period = recentPeriod();
	await page.getByLabel('统计期').fill(period);
	await page.getByRole('button', { name: '查看' }).first().click();
	await expect(page).toHaveURL(/period=/);
	const matrix = page.getByTestId('flow-matrix');
	await expect(matrix).toBeVisible();

	const api = await page.request.get(`/api/v1/stats/flows?period=${encodeURIComponent(period)}`);
	expect(api.status()).toBe(200);
	const { cells } = (await api.json()) as { cells: { from: string; to: string; hours: number; bookings: number; revenueFen: number }[] };
	expect(cells).toHaveLength(9);
	expect(cells.reduce((n, c) => n + c.bookings, 0), 'the demo has bookings in the period').toBeGreaterThan(0);
	for (const c of cells) {
		const span = matrix.locator(`[data-flow="${c.from}-${c.to}"]`);
		await expect(span).toHaveAttribute('data-bookings', String(c.bookings));
		await expect(span).toHaveAttribute('data-hours', c.hours.toFixed(2));
		await expect(span).toHaveAttribute('data-revenue', (c.revenueFen / 100).toFixed(2));
	}
	await expect(page.locator('.chart svg').first()).toBeVisible(); // the Sankey diagram rendered

	const href = await page.getByTestId('flows-xlsx').getAttribute('href');
	const download = await page.request.get(href!);
	expect(download.status()).toBe(200);
	const workbook = new ExcelJS.Workbook();
	await workbook.xlsx.load((await download.body()) as unknown as ExcelJS.Buffer);
	const sheet = workbook.worksheets[0];
	const rows: Record<string, { hours: number; bookings: number; revenue: number }> = {};
	sheet.eachRow((row, n) => {
		if (n === 1) return;
		const v = row.values as unknown[];
		const from = AREAS.find((a) => AREA_ZH[a] === v[1])!;
		const to = AREAS.find((a) => AREA_ZH[a] === v[2])!;
		rows[`${from}-${to}`] = { hours: Number(v[3]), bookings: Number(v[4]), revenue: Number(v[5]) };
	});
	for (const c of cells) {
		const r = rows[`${c.from}-${c.to}`];
		expect(r, `${c.from}-${c.to} in the XLSX`).toBeTruthy();
		expect(r.bookings).toBe(c.bookings);
		expect(r.hours).toBeCloseTo(c.hours, 2);
		expect(r.revenue).toBeCloseTo(c.revenueFen / 100, 2);
	}
});

test('a Tianjin evaluator sees Tianjin and is refused Beijing', async ({ page }) => {
	await login(page, 'evaluator.tj@demo.jjj');
	const period = recentPeriod();
	expect((await page.request.get(`/api/v1/stats/flows?period=${encodeURIComponent(period)}&area=TJ`)).status()).toBe(200);
	const refused = await page.request.get(`/api/v1/stats/metrics?period=${encodeURIComponent(period)}&area=BJ`);
	expect(refused.status()).toBe(403);
	expect((await refused.json()).error.code).toBe('forbidden');
	expect((await page.request.get(`/api/v1/stats/scorecards?area=BJ`)).status()).toBe(403);
	const res = await page.goto(`/evaluate?area=BJ&period=${encodeURIComponent(period)}`);
	expect(res?.status()).toBe(403);
});

test('a researcher gets no evaluator data', async ({ page }) => {
	await login(page, 'researcher.bj@demo.jjj');
	expect((await page.request.get('/api/v1/stats/flows')).status()).toBe(403);
	expect((await page.goto('/evaluate'))?.status()).toBe(403);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('你无权访问此页面');
	await expect(page.locator('main')).toContainText('如需访问');
	await expect(page.getByRole('link', { name: '绩效评价' })).toHaveCount(0);
});
