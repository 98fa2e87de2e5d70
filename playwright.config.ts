import { defineConfig } from '@playwright/test';

// Browsers are not downloaded: Debian's chromium is used (override with PLAYWRIGHT_CHROMIUM).
const executablePath = process.env.PLAYWRIGHT_CHROMIUM ?? '/usr/bin/chromium';
const pgUrl = process.env.TEST_DATABASE_URL;
// E2E_PORT lets two runs share a machine; the PostgreSQL server takes the next port.
const port = Number(process.env.E2E_PORT ?? 4173);
const pgPort = port + 1;

const launchOptions = {
	executablePath,
	args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']
};

const serverEnv = (databaseUrl: string, port: number) => ({
	DATABASE_URL: databaseUrl,
	E2E_RESET_DATABASE: '1',
	PORT: String(port),
	// every journey logs the demo accounts in again: lift the log-in limits for the shared test server
	LOGIN_LIMIT_PER_IP: '1000',
	LOGIN_LIMIT_PER_ACCOUNT: '1000',
	// journeys move approved bookings into the past to record their use; the minute no-show sweep
	// would mark such a booking a no-show (and release its voucher) if it ran in between
	NO_SHOW_SWEEP: '0'
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
		{ name: 'sqlite', use: { baseURL: `http://localhost:${port}` } },
		...(pgUrl ? [{ name: 'postgres', testMatch: /concurrency\.spec\.ts/, use: { baseURL: `http://localhost:${pgPort}` } }] : [])
	],
	webServer: [
		{
			command: 'node scripts/e2e-server.js',
			url: `http://localhost:${port}/healthz`,
			timeout: 180_000,
			reuseExistingServer: false,
			stdout: 'pipe',
			env: serverEnv(`data/e2e-${port}.db`, port)
		},
		...(pgUrl
			? [
					{
						command: 'node scripts/e2e-server.js',
						url: `http://localhost:${pgPort}/healthz`,
						timeout: 180_000,
						reuseExistingServer: false,
						stdout: 'pipe' as const,
						env: serverEnv(pgUrl.replace(/\/[^/?]*(\?.*)?$/, `/jjj_e2e_${pgPort}$1`), pgPort)
					}
				]
			: [])
	]
});
