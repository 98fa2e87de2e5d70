import { describe, expect, it } from 'vitest';
import { isRedirect } from '@sveltejs/kit';
import { requireUser, safeRedirectTarget } from './guards';
import { NO_ROLES } from './roles';
import type { SessionUser } from './session';

describe('safeRedirectTarget', () => {
	it('keeps same-site paths with their query and hash', () => {
		expect(safeRedirectTarget('/instruments/12?tab=calendar#booking')).toBe('/instruments/12?tab=calendar#booking');
		expect(safeRedirectTarget('/')).toBe('/');
	});

	it('falls back to the home page when there is no target', () => {
		expect(safeRedirectTarget(null)).toBe('/');
		expect(safeRedirectTarget(undefined)).toBe('/');
		expect(safeRedirectTarget('')).toBe('/');
	});

	it('refuses absolute and protocol-relative addresses to other sites', () => {
		for (const target of ['https://evil.example/', 'http://evil.example', '//evil.example/path', '/\\evil.example', 'javascript:alert(1)', 'evil.example']) {
			expect(safeRedirectTarget(target), target).toBe('/');
		}
	});

	it('refuses paths a browser would read as another host once it strips tabs and newlines', () => {
		// URL parsers drop ASCII tab and newline, so "/\t/evil.example" becomes "//evil.example".
		for (const target of ['/\t/evil.example', '/\n/evil.example', '/\r\n/evil.example', '/\t\\evil.example']) {
			expect(safeRedirectTarget(target), JSON.stringify(target)).toBe('/');
		}
	});
});

describe('requireUser', () => {
	const user: SessionUser = { id: 1, email: 'a@example.cn', name: 'A', institutionId: 1, institutionName: '单位', areaCode: 'BJ', locale: 'zh-CN' };
	const event = (signedIn: boolean) => ({
		locals: { user: signedIn ? user : null, sessionId: null, roles: NO_ROLES, locale: 'zh-CN' as const, authVia: null },
		url: new URL('http://localhost/bookings?page=2')
	});

	it('returns the signed-in user', () => {
		expect(requireUser(event(true))).toBe(user);
	});

	it('sends a visitor to the log-in page and back to where they were', () => {
		try {
			requireUser(event(false));
			expect.unreachable();
		} catch (e) {
			expect(isRedirect(e)).toBe(true);
			if (isRedirect(e)) {
				expect(e.status).toBe(303);
				expect(e.location).toBe('/login?redirectTo=%2Fbookings%3Fpage%3D2');
			}
		}
	});
});
