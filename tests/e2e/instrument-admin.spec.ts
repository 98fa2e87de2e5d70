// A lab manager lists instruments: by the form and by XLSX import (both then found in the catalogue);
// a file with a bad row shows the row-by-row report and imports nothing; another facility's manager
// cannot open the instrument.
import { expect, test, type Page } from './fixtures';
import ExcelJS from 'exceljs';
import { login } from './helpers';

const stamp = String(Date.now()).slice(-7);
const HEADER = ['中文名称 name_zh', '英文名称 name_en', '型号 model', '生产厂商 manufacturer', '仪器分类 category', '原值（元） value_yuan', '购置年份 purchase_year', '验收日期 acceptance_date', '资质认定 accreditations', '主要技术指标 specifications', '服务方式 modes', '状态 status', '每小时价格（元） price_hour_yuan', '是否发布 published'];

async function xlsx(rows: (string | number)[][]): Promise<Buffer> {
	const wb = new ExcelJS.Workbook();
	const sheet = wb.addWorksheet('instruments');
	sheet.addRow(HEADER);
	for (const r of rows) sheet.addRow(r);
	return Buffer.from(await wb.xlsx.writeBuffer());
}

async function catalogueFinds(page: Page, name: string): Promise<void> {
	await page.goto(`/instruments?q=${encodeURIComponent(name)}`);
	await expect(page.getByTestId('result-item').filter({ hasText: name })).toHaveCount(1);
}

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

test('a manager adds an instrument by the form and it appears in the catalogue', async ({ page }) => {
	const name = `表单新增热分析仪${stamp}`;
	await login(page, 'manager.bj@demo.jjj');
	await page.goto('/manage/instruments');
	await page.getByRole('link', { name: '新增仪器' }).click();
	await page.getByLabel('中文名称').fill(name);
	await page.getByLabel('英文名称').fill(`Thermal analyser ${stamp}`);
	await page.getByLabel('型号').fill('STA 449 F5');
	await page.getByLabel('生产厂商').fill('NETZSCH');
	await page.getByLabel('仪器分类').selectOption('01');
	await page.getByLabel('原值（元）').fill('12.345');
	await page.getByLabel('购置年份').fill('2025');
	await page.getByLabel('自主上机').check();
	await page.getByRole('button', { name: '保存' }).click();
	// a bad value is reported next to its field and nothing is created
	await expect(page.locator('#valueYuan-error')).toContainText('最多两位小数');
	await page.getByLabel('原值（元）').fill('1,280,000');
	await page.getByLabel('验收日期').fill('2025-06-03');
	await page.getByRole('button', { name: '保存' }).click();
	await expect(page).toHaveURL(/\/manage\/instruments\/\d+\?created/);
	await expect(page.getByRole('status')).toContainText('已创建仪器');
	const id = Number(/instruments\/(\d+)/.exec(page.url())![1]);

	await catalogueFinds(page, name);
	await page.goto(`/instruments/${id}`);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
	// the manager sees the history with the creation
	await expect(page.getByTestId('instrument-history')).toContainText('create');

	// the manager of another facility gets 403 and cannot change it
	await login(page, 'manager.tj@demo.jjj');
	const res = await page.goto(`/manage/instruments/${id}`);
	expect(res?.status()).toBe(403);
	// the refusal explains itself in the reader's language, with a title of its own
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('你无权访问此页面');
	await expect(page.locator('main')).toContainText('如需访问');
	await expect(page.locator('main')).not.toContainText('forbidden');
	await expect(page).toHaveTitle(/你无权访问此页面/);
	// a malformed id is a plain "page not found", without the English placeholder under it
	expect((await page.goto('/manage/instruments/abc/schedule'))?.status()).toBe(404);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('页面不存在');
	await expect(page.locator('main')).not.toContainText('not found');
	const api = await page.request.patch(`/api/v1/manage/instruments/${id}`, { data: { nameZh: '被改名' } });
	expect(api.status()).toBe(403);
	await catalogueFinds(page, name);
});

test('a manager imports instruments from an XLSX file and they appear in the catalogue', async ({ page }) => {
	const first = `导入测试电镜${stamp}`;
	const second = `导入测试光谱仪${stamp}`;
	await login(page, 'manager.bj@demo.jjj');
	await page.goto('/manage/instruments/import');
	await page.getByLabel(/文件/).setInputFiles({
		name: 'instruments.xlsx',
		mimeType: XLSX_MIME,
		buffer: await xlsx([
			[first, `Imported SEM ${stamp}`, 'SU5000', 'Hitachi', '01', 2600000, 2025, '2025-09-01', 'CMA', '分辨率 1 nm', 'self,assisted', 'in_service', 300, 1],
			[second, `Imported spectrometer ${stamp}`, 'iS50', 'Thermo Fisher', '分析仪器', '880000.50', 2024, '', '', '', '送样检测', '在用', '', '是']
		])
	});
	await page.getByRole('button', { name: '导入' }).click();
	await expect(page).toHaveURL(/\/manage\/instruments\?imported=2/);
	await expect(page.getByRole('status')).toContainText('已导入 2 台仪器');
	await catalogueFinds(page, first);
	await catalogueFinds(page, second);
});

test('a file with a bad row shows the row report and imports nothing', async ({ page }) => {
	const good = `不应导入的仪器${stamp}`;
	await login(page, 'manager.bj@demo.jjj');
	await page.goto('/manage/instruments/import');
	await page.getByLabel(/文件/).setInputFiles({
		name: 'bad.xlsx',
		mimeType: XLSX_MIME,
		buffer: await xlsx([
			[good, `Should not import ${stamp}`, 'OK-1', 'Maker', '01', 900000, 2024, '', '', '', 'self', '', '', 1],
			[`坏行${stamp}`, 'Bad row', 'BAD-1', 'Maker', '99', '12.345', 2024, '2024-13-40', '', '', 'fly', '', '', 1]
		])
	});
	await page.getByRole('button', { name: '导入' }).click();
	const report = page.getByTestId('import-report');
	await expect(report).toContainText('未导入任何仪器');
	const row3 = report.locator('tr[data-row="3"]');
	await expect(row3.filter({ hasText: '原值（元）' })).toContainText('最多两位小数');
	await expect(row3.filter({ hasText: '仪器分类' })).toHaveCount(1);
	await expect(row3.filter({ hasText: '验收日期' })).toHaveCount(1);
	await expect(row3.filter({ hasText: '服务方式' })).toHaveCount(1);
	await expect(report.locator('tr[data-row="2"]')).toHaveCount(0);
	await page.goto(`/instruments?q=${encodeURIComponent(good)}`);
	await expect(page.getByTestId('result-item')).toHaveCount(0);
});

test('stale listings show a badge and leave the to-do list when the facility re-confirms', async ({ page }) => {
	await login(page, 'manager.bj@demo.jjj');
	await page.goto('/manage/instruments');
	const item = page.getByTestId('todo-stale').first();
	await expect(item).toContainText('超过 90 天未确认');
	const staleLink = item.getByRole('link').first();
	const id = Number(/(\d+)$/.exec((await staleLink.getAttribute('href'))!)![1]);
	const facilityName = (await item.textContent())!.split('：')[0].trim();
	await page.goto(`/instruments/${id}`);
	await expect(page.getByTestId('freshness-badge')).toContainText('信息未更新（自 ');
	await page.goto('/manage/instruments');
	await page.getByTestId('todo-stale').filter({ hasText: facilityName }).getByRole('button', { name: '确认本平台全部仪器信息' }).click();
	await expect(page.getByRole('status')).toContainText('已确认');
	await expect(page.getByTestId('todo-stale').filter({ hasText: facilityName })).toHaveCount(0);
	await page.goto(`/instruments/${id}`);
	await expect(page.getByTestId('freshness-badge')).toHaveCount(0);
});
