import { expect, test, type Page } from './fixtures';
import { findFreeSlot, login as helperLogin, shanghaiLocal, showcaseInstrumentId } from './helpers';

/** Leaves the page first, so no in-flight request of the previous user (the calendar's polling) sets its cookie again. */
async function login(page: Page, email: string) {
	await page.goto('about:blank');
	await helperLogin(page, email);
}

async function fillSelfBooking(page: Page, slot: { start: number; end: number }) {
	await page.locator('#booking-start').fill(shanghaiLocal(slot.start));
	await page.locator('#booking-end').fill(shanghaiLocal(slot.end));
	await page.getByRole('radio', { name: '自主上机' }).check();
	await page.locator('#booking-purpose').fill('镀层断面形貌观察');
	await page.getByRole('button', { name: '提交预约' }).click();
}

async function actOnAgreement(page: Page, agreementId: string, action: '暂停协议' | '恢复协议', reason?: string) {
	await login(page, 'admin@demo.jjj');
	await page.goto(`/recognition/agreements/${agreementId}`);
	if (reason) await page.locator('#reason-suspend').fill(reason);
	await page.getByRole('button', { name: action }).click();
	await expect(page.getByTestId('agreement-status')).toHaveAttribute('data-status', action === '暂停协议' ? 'suspended' : 'active');
}

test('a Hebei researcher self-operates a Beijing SEM under an area agreement; once it is suspended the request is refused with the reason and an assisted booking is offered', async ({ page, request }) => {
	const id = await showcaseInstrumentId(request);

	// researcher.he holds Yanshan University's SEM qualification; the HE → BJ area agreement makes it count
	await login(page, 'researcher.he@demo.jjj');
	await page.goto('/qualifications');
	await expect(page.locator('article[data-qualification-id]').filter({ hasText: 'SEM-YSU' })).toContainText('清华大学 SEM-THU');
	await page.goto(`/instruments/${id}`);
	const notice = page.getByTestId('self-operation');
	await expect(notice).toHaveAttribute('data-allowed', 'true');
	await expect(notice).toContainText(/你可以自主上机，因为你持有的燕山大学 SEM-YSU 资质依据区域互认协议 #\d+ 在本平台有效/);
	const agreementId = (await notice.textContent())!.match(/协议 #(\d+)/)![1];

	const first = await findFreeSlot(request, id, 2, 60);
	await fillSelfBooking(page, first);
	await expect(page.getByTestId('booking-created')).toContainText('等待仪器管理员审批');
	const firstBookingId = (await page.getByTestId('booking-created').textContent())!.match(/#(\d+)/)![1];

	// the API says the same in English
	const api = await page.request.get(`/api/v1/instruments/${id}/self-operation?at=${new Date(first.start).toISOString()}`, { headers: { 'accept-language': 'en' } });
	expect(api.ok()).toBeTruthy();
	const decision = await api.json();
	expect(decision.allowed).toBe(true);
	expect(decision.basis).toMatchObject({ kind: 'agreement', agreementId: Number(agreementId) });

	try {
		// the platform admin suspends the agreement (acting for either side)
		await actOnAgreement(page, agreementId, '暂停协议', '复核双方培训考核标准');

		// the same kind of request is now refused, with the reason, and a staff-assisted booking is offered
		await login(page, 'researcher.he@demo.jjj');
		await page.goto(`/instruments/${id}`);
		await expect(page.getByTestId('self-operation')).toHaveAttribute('data-allowed', 'false');
		await expect(page.getByTestId('self-operation')).toContainText(`互认协议 #${agreementId} 已暂停`);
		const second = await findFreeSlot(request, id, 2, 60);
		await fillSelfBooking(page, second);
		const problems = page.getByTestId('booking-problems');
		await expect(problems).toContainText('不能自主上机');
		await expect(problems).toContainText(`你持有的燕山大学 SEM-YSU 资质所依据的互认协议 #${agreementId} 已暂停`);
		const alternatives = page.getByTestId('qualification-alternatives');
		await expect(alternatives.getByRole('link', { name: /个案认可/ })).toBeVisible();
		await expect(alternatives.getByRole('link', { name: /培训/ })).toBeVisible();
		await alternatives.getByRole('button', { name: '以相同时间改为代操作预约' }).click();
		await expect(page.getByTestId('booking-created')).toBeVisible();

		// the booking made under the agreement is flagged in the wallet
		await page.goto('/qualifications');
		await expect(page.locator(`[data-testid="flagged-bookings"] li[data-booking-id="${firstBookingId}"]`)).toContainText('互认协议已暂停');
	} finally {
		// leave the demo as it was for other journeys
		await actOnAgreement(page, agreementId, '恢复协议');
	}
});

test('the public recognition page lists who recognises whom, and the agreement API is public', async ({ page, request }) => {
	await page.context().clearCookies();
	await page.goto('/recognition');
	await expect(page.getByRole('heading', { name: '资质互认' })).toBeVisible();
	await expect(page.locator('tr[data-agreement-id]').filter({ hasText: '河北' }).filter({ hasText: '北京' }).first()).toContainText('SEM-YSU');
	const res = await request.get('/api/v1/agreements?status=active');
	expect(res.ok()).toBeTruthy();
	const body = await res.json();
	expect(body.items.some((g: { kind: string; sideA: { area?: string }; sideB: { area?: string } }) => g.kind === 'area' && g.sideA.area === 'HE' && g.sideB.area === 'BJ')).toBe(true);
	const types = await (await request.get('/api/v1/qualification-types')).json();
	expect(types.items.map((t: { code: string }) => t.code)).toEqual(expect.arrayContaining(['SEM-THU', 'SEM-YSU', 'SEM-L2']));
	const mine = await request.get('/api/v1/me/qualifications');
	expect(mine.status()).toBe(401);
});
