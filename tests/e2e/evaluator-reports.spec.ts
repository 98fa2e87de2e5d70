// Evaluator reports: the national instrument records downloaded as XLSX and read back with exceljs
// hold the API's records, whose yearly hours add up to the metrics; an institution's quarterly
// report shows the API's numbers and its XLSX holds them too; a Tianjin evaluator is refused
// Beijing and a researcher gets nothing.
import { expect, test } from './fixtures';
import ExcelJS from 'exceljs';
import { login } from './helpers';

/** Last calendar year in Asia/Shanghai: the demo's history covers it whole. */
const lastYear = () => new Date(Date.now() + 8 * 3600_000).getUTCFullYear() - 1;
const DEMO_PEOPLE = ['陈思远', '王晓明'];

async function readXlsx(body: Buffer): Promise<ExcelJS.Workbook> {
	const workbook = new ExcelJS.Workbook();
	await workbook.xlsx.load(body as unknown as ExcelJS.Buffer);
	return workbook;
}

test('an evaluator downloads the national records as XLSX, and they hold the API’s records and the metrics’ hours', async ({ page }) => {
	const year = lastYear();
	await login(page, 'evaluator@demo.jjj');
	await page.goto(`/evaluate?period=${year}`);
	await page.getByRole('link', { name: '国家平台报送' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('国家平台仪器信息报送');
	await page.getByLabel('区域').selectOption('TJ');
	await page.getByRole('button', { name: '查看' }).first().click();
	await expect(page).toHaveURL(new RegExp(`period=${year}.*area=TJ`));
	await expect(page.getByTestId('national-preview')).toBeVisible();
	await expect(page.getByTestId('national-fields')).toContainText('产地国别');

	const api = await page.request.get(`/api/v1/stats/national-records?period=${year}&area=TJ`);
	expect(api.status()).toBe(200);
	const body = (await api.json()) as { year: number; fields: { code: string; zh: string }[]; items: Record<string, string | number | null>[] };
	expect(body.year).toBe(year);
	expect(body.items.length, 'Tianjin has instruments').toBeGreaterThan(0);
	expect(body.items.every((r) => String(r.region).startsWith('天津'))).toBe(true);

	const href = await page.getByTestId('national-xlsx').getAttribute('href');
	const download = await page.request.get(href!);
	expect(download.status()).toBe(200);
	expect(download.headers()['content-type']).toContain('spreadsheetml');
	const workbook = await readXlsx(await download.body());
	const sheet = workbook.worksheets[0];
	const header = (sheet.getRow(1).values as unknown[]).slice(1);
	expect(header).toEqual(body.fields.map((f) => f.zh));
	const col = (code: string) => body.fields.findIndex((f) => f.code === code) + 1;
	expect(sheet.rowCount - 1).toBe(body.items.length);
	// one comparison for the whole sheet (thousands of single expects would crawl under tracing)
	const fromSheet = body.items.map((_, n) => {
		const row = sheet.getRow(n + 2);
		return [row.getCell(col('platform_id')).value, row.getCell(col('name_zh')).value, row.getCell(col('run_hours')).value, row.getCell(col('external_hours')).value, row.getCell(col('revenue_wan')).value];
	});
	expect(fromSheet).toEqual(body.items.map((r) => [r.platform_id, r.name_zh, r.run_hours, r.external_hours, r.revenue_wan]));
	expect(workbook.worksheets[1].getRow(1).getCell(1).value).toBe('字段');

	const metrics = await (await page.request.get(`/api/v1/stats/metrics?period=${year}&area=TJ`)).json();
	const hours = body.items.reduce((n, r) => n + Number(r.run_hours), 0);
	expect(hours, 'the year has hours').toBeGreaterThan(0);
	expect(Math.abs(hours - metrics.total.effectiveHours)).toBeLessThan(0.005 * body.items.length + 0.01);
	const shared = body.items.reduce((n, r) => n + Number(r.external_hours), 0);
	expect(Math.abs(shared - metrics.total.sharedHours)).toBeLessThan(0.005 * body.items.length + 0.01);

	const text = JSON.stringify(body) + header.join();
	for (const name of DEMO_PEOPLE) expect(text).not.toContain(name);
});

test('an evaluator prints an institution’s quarterly report, and its XLSX holds the numbers the API gives', async ({ page }) => {
	const quarter = `${lastYear()}-Q4`;
	await login(page, 'evaluator@demo.jjj');
	await page.goto(`/evaluate?period=${quarter}&area=BJ`);
	await page.getByRole('link', { name: '季度报告' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('单位季度报告');
	await expect(page.getByLabel('季度')).toHaveValue(quarter);
	const first = page.getByTestId('report-institutions').locator('tbody tr th a').first();
	const name = (await first.textContent())!.trim();
	await first.click();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(`${name} · ${quarter} 季度报告`);
	const id = /\/evaluate\/reports\/(\d+)/.exec(page.url())![1];

	const metrics = await (await page.request.get(`/api/v1/stats/metrics?period=${quarter}&area=BJ&institution=${id}`)).json();
	expect(metrics.total.effectiveHours, 'the institution was used in the quarter').toBeGreaterThan(0);
	await expect(page.getByTestId('report-summary').locator('[data-metric="effectiveHours"]')).toHaveText(metrics.total.effectiveHours.toFixed(2));
	await expect(page.getByTestId('report-summary').locator('[data-metric="bookings"]')).toHaveText(String(metrics.total.bookings));
	const usageRecords = Number(await page.getByTestId('report-summary').locator('[data-metric="usageRecords"]').textContent());

	const download = await page.request.get((await page.getByTestId('report-xlsx').getAttribute('href'))!);
	expect(download.status()).toBe(200);
	const workbook = await readXlsx(await download.body());
	expect(workbook.worksheets.map((s) => s.name)).toEqual(['概况', '分月情况', '平台', '仪器', '服务的外单位', '上机记录']);
	const summary = workbook.getWorksheet('概况')!;
	const rows = new Map<string, unknown[]>();
	summary.eachRow((row) => rows.set(String((row.values as unknown[])[1]), (row.values as unknown[]).slice(2)));
	expect(Number(rows.get('有效机时 (h)')![0])).toBeCloseTo(metrics.total.effectiveHours, 2);
	expect(Number(rows.get('共享机时 (h)')![0])).toBeCloseTo(metrics.total.sharedHours, 2);
	expect(Number(rows.get('服务收入 (元)')![0])).toBeCloseTo(metrics.total.revenueFen / 100, 2);
	expect(Number(rows.get('有效机时 (h)')![1])).toBeCloseTo(metrics.previous.effectiveHours, 2);
	expect(workbook.getWorksheet('上机记录')!.rowCount - 1).toBe(usageRecords);
	const months = workbook.getWorksheet('分月情况')!;
	let monthHours = 0;
	months.eachRow((row, n) => {
		if (n > 1) monthHours += Number((row.values as unknown[])[3]);
	});
	expect(monthHours).toBeCloseTo(metrics.total.effectiveHours, 1);
	const csv = await page.request.get(`/evaluate/reports/${id}/export?period=${quarter}&area=BJ&format=csv&table=usage`);
	expect(csv.status()).toBe(200);
	const csvText = await csv.text();
	expect(csvText.trim().split('\r\n')).toHaveLength(usageRecords + 1);
	for (const person of DEMO_PEOPLE) expect(csvText).not.toContain(person);
});

test('a Tianjin evaluator is refused Beijing records and reports, and a researcher gets none', async ({ page }) => {
	const year = lastYear();
	await login(page, 'evaluator.tj@demo.jjj');
	const refused = await page.request.get(`/api/v1/stats/national-records?period=${year}&area=BJ`);
	expect(refused.status()).toBe(403);
	expect((await refused.json()).error.code).toBe('forbidden');
	expect((await page.request.get(`/evaluate/national/export?period=${year}&area=BJ&format=xlsx`)).status()).toBe(403);
	expect((await page.request.get(`/api/v1/stats/national-records?period=${year}-Q1`)).status()).toBe(422);
	const own = await (await page.request.get(`/api/v1/stats/national-records?period=${year}`)).json();
	expect(own.items.length).toBeGreaterThan(0);
	expect(own.items.every((r: { region: string }) => r.region.startsWith('天津'))).toBe(true);
	expect((await page.goto(`/evaluate/reports?area=BJ`))?.status()).toBe(403);

	await login(page, 'researcher.bj@demo.jjj');
	expect((await page.request.get(`/api/v1/stats/national-records?period=${year}`)).status()).toBe(403);
	expect((await page.request.get(`/evaluate/national/export?period=${year}&format=csv`)).status()).toBe(403);
	expect((await page.goto('/evaluate/national'))?.status()).toBe(403);
	expect((await page.goto('/evaluate/reports'))?.status()).toBe(403);
});
