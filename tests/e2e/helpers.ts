import { expect, type APIRequestContext, type Page } from '@playwright/test';
import { waitForHydration } from './fixtures';

export const PASSWORD = 'demo-pass-2026';

export async function login(page: Page, email: string): Promise<void> {
	// Leave the current page first: a calendar request still in flight could set the old session cookie again.
	await page.goto('about:blank');
	await page.context().clearCookies();
	await page.goto('/login');
	await waitForHydration(page);
	await page.getByLabel(/邮箱|E-mail/i).fill(email);
	await page.getByLabel(/^(密码|Password)$/i).fill(PASSWORD);
	await page.locator('form').getByRole('button', { name: /登录|Log in/i }).click();
	await expect(page).not.toHaveURL(/\/login/);
}

/** Logs an API request context in through the log-in form (the session cookie is kept by the context). */
export async function apiLogin(request: APIRequestContext, baseURL: string, email: string): Promise<void> {
	const res = await request.post('/login', {
		form: { email, password: PASSWORD },
		headers: { origin: baseURL },
		maxRedirects: 0
	});
	expect([200, 303]).toContain(res.status());
	const me = await request.get('/api/v1/me/bookings');
	expect(me.status()).toBe(200);
}

/** The demo's showcase instrument: a Beijing FE-SEM run by manager.bj, approval by a manager. */
export async function showcaseInstrumentId(request: APIRequestContext): Promise<number> {
	const res = await request.get('/api/v1/instruments?q=' + encodeURIComponent('场发射扫描电子显微镜') + '&area=BJ&mode=self&pageSize=100');
	expect(res.ok()).toBeTruthy();
	const body = await res.json();
	const showcase = body.items.find((i: { showcase?: boolean; model?: string }) => i.showcase || /GeminiSEM 560/.test(i.model ?? ''));
	expect(showcase, 'the demo has a showcase FE-SEM in Beijing').toBeTruthy();
	return showcase.id;
}

const SH_OFFSET = 8 * 3600_000;

/** "YYYY-MM-DDTHH:MM" in Asia/Shanghai for an instant. */
export function shanghaiLocal(ms: number): string {
	return new Date(ms + SH_OFFSET).toISOString().slice(0, 16);
}

/** First free range of `minutes` at least `daysAhead` days from now inside opening hours. */
export async function findFreeSlot(request: APIRequestContext, instrumentId: number, daysAhead = 2, minutes = 60): Promise<{ start: number; end: number }> {
	const from = Date.now() + daysAhead * 86_400_000;
	const to = from + 14 * 86_400_000;
	const res = await request.get(`/api/v1/instruments/${instrumentId}/availability?from=${new Date(from).toISOString()}&to=${new Date(to).toISOString()}`);
	expect(res.ok()).toBeTruthy();
	const body = await res.json();
	const busy = body.busy.map((b: { start: string; end: string }) => ({ start: Date.parse(b.start), end: Date.parse(b.end) }));
	for (const o of body.open) {
		const openStart = Date.parse(o.start);
		const openEnd = Date.parse(o.end);
		// align to the hour
		let s = Math.ceil(openStart / 3_600_000) * 3_600_000;
		for (; s + minutes * 60_000 <= openEnd; s += 3_600_000) {
			const e = s + minutes * 60_000;
			if (!busy.some((b: { start: number; end: number }) => b.start < e && s < b.end)) return { start: s, end: e };
		}
	}
	throw new Error('no free slot found');
}
