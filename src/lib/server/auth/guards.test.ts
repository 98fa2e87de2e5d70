import { describe, expect, it } from 'vitest';
import { isHttpError, isRedirect } from '@sveltejs/kit';
import { forbidden, requireUser, safeRedirectTarget, serviceErrorPage } from './guards';
import { ServiceError } from '../booking/booking.errors';
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

describe('error pages in the reader\'s language', () => {
	const thrown = (fn: () => unknown) => {
		try {
			fn();
		} catch (e) {
			if (isHttpError(e)) return e;
			throw e;
		}
		throw new Error('nothing thrown');
	};

	it('explains a 403 in Chinese or English, never the bare code', () => {
		const zh = thrown(() => forbidden({ locale: 'zh-CN' }));
		expect(zh.status).toBe(403);
		expect(zh.body.code).toBe('forbidden');
		expect(zh.body.message).toContain('如需访问');
		const en = thrown(() => forbidden({ locale: 'en' }));
		expect(en.body.message).toContain('administrator');
		expect(en.body.message).not.toBe('forbidden');
	});

	it('maps a service refusal to 404, 403 or 409 with its translated problems', () => {
		const missing = thrown(() => serviceErrorPage({ locale: 'en' }, new ServiceError('not_found')));
		expect([missing.status, missing.body.message]).toEqual([404, 'Page not found']);
		const refused = thrown(() => serviceErrorPage({ locale: 'zh-CN' }, new ServiceError('forbidden')));
		expect(refused.status).toBe(403);
		expect(refused.body.message).toContain('如需访问');
		const conflict = thrown(() => serviceErrorPage({ locale: 'en' }, new ServiceError('conflict', [{ code: 'not_pending', params: { status: 'approved' } }])));
		expect(conflict.status).toBe(409);
		expect(conflict.body.message).not.toBe('conflict');
		expect(conflict.body.message.length).toBeGreaterThan(10);
	});
});
