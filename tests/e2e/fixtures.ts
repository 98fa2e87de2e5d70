// The `test` every journey uses: Playwright's, with page.goto waiting until the page has hydrated.
// A field typed into before hydration can be reset by Svelte, and a form sent before it is sent
// without the values; the root layout marks <html data-hydrated> once the app is live.
import { test as base, expect, type Page } from '@playwright/test';

export async function waitForHydration(page: Page): Promise<void> {
	await page.locator('html[data-hydrated]').waitFor({ state: 'attached', timeout: 15_000 });
}

export const test = base.extend({
	page: async ({ page }, use) => {
		const goto = page.goto.bind(page);
		page.goto = async (url, options) => {
			const response = await goto(url, options);
			// pages that are not the portal's (about:blank, files, JSON) never hydrate
			const type = response?.headers()['content-type'] ?? '';
			if (!url.startsWith('about:') && type.includes('text/html')) await waitForHydration(page);
			return response;
		};
		await use(page);
	}
});

export { expect };
export type { Page };
