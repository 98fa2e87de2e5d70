import { defineConfig } from '@playwright/test';

// Browsers are not downloaded: Debian's chromium is used (override with PLAYWRIGHT_CHROMIUM).
const executablePath = process.env.PLAYWRIGHT_CHROMIUM ?? '/usr/bin/chromium';
const pgUrl = process.env.TEST_DATABASE_URL;

const launchOptions = {
	executablePath,
	args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']
};

const serverEnv = (databaseUrl: string, port: number) => ({
	DATABASE_URL: databaseUrl,
	E2E_RESET_DATABASE: '1',
	PORT: String(port),
	ORIGIN: `http://localhost:${port}`,
	LOGIN_LIMIT_PER_IP: '1000'
});

export default defineConfig({
	testDir: 'tests/e2e',
	timeout: 60_000,
	expect: { timeout: 10_000 },
	fullyParallel: false,
	workers: 1,
	retries: 0,
	reporter: [['list']],
	use: { headless: true, launchOptions, locale: 'zh-CN', timezoneId: 'America/New_York', trace: 'retain-on-failure' },
	projects: [
		{ name: 'sqlite', use: { baseURL: 'http://localhost:4173' } },
		...(pgUrl ? [{ name: 'postgres', testMatch: /concurrency\.spec\.ts/, use: { baseURL: 'http://localhost:4174' } }] : [])
	],
	webServer: [
		{
			command: 'node scripts/e2e-server.js',
			url: 'http://localhost:4173/healthz',
			timeout: 180_000,
			reuseExistingServer: false,
			stdout: 'pipe',
			env: serverEnv('data/e2e.db', 4173)
		},
		...(pgUrl
			? [
					{
						command: 'node scripts/e2e-server.js',
						url: 'http://localhost:4174/healthz',
						timeout: 180_000,
						reuseExistingServer: false,
						stdout: 'pipe' as const,
						env: serverEnv(pgUrl.replace(/\/[^/?]*(\?.*)?$/, '/jjj_e2e$1'), 4174)
					}
				]
			: [])
	]
});
