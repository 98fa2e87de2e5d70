import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit';
import { getDb, initApp } from '$lib/server/app';
import { deleteSessionCookie, SESSION_COOKIE, setSessionCookie } from '$lib/server/auth/session';
import { authenticateBearer, authenticateSession } from '$lib/server/auth/credential-cache';
import { NO_ROLES } from '$lib/server/auth/roles';
import { LOCALE_COOKIE, negotiateLocale, translator } from '$lib/i18n/locale';
import { apiError } from '$lib/server/api/respond';

export const init: ServerInit = async () => {
	await initApp();
};

export const handle: Handle = async ({ event, resolve }) => {
	const db = getDb();
	event.locals.user = null;
	event.locals.sessionId = null;
	event.locals.roles = NO_ROLES;
	event.locals.authVia = null;
	event.locals.locale = negotiateLocale(event.cookies.get(LOCALE_COOKIE), event.request.headers.get('accept-language'));

	const isApi = event.url.pathname.startsWith('/api/');
	const bearer = event.request.headers.get('authorization');
	if (isApi && bearer?.toLowerCase().startsWith('bearer ')) {
		const found = await authenticateBearer(db, bearer.slice(7).trim());
		if (!found) return apiError(401, 'invalid_token', translator(event.locals.locale)('error.unauthorized'));
		event.locals.user = found.user;
		event.locals.roles = found.roles;
		event.locals.authVia = 'token';
	} else {
		const token = event.cookies.get(SESSION_COOKIE);
		if (token) {
			const result = await authenticateSession(db, token);
			if (result) {
				event.locals.user = result.user;
				event.locals.roles = result.roles;
				event.locals.sessionId = result.sessionId;
				event.locals.authVia = 'session';
				// Re-send the cookie only when the expiry moved (Lucia's sliding window), not on every request.
				if (result.renewed) setSessionCookie(event.cookies, event.url, token, result.expiresAt);
			} else {
				deleteSessionCookie(event.cookies, event.url);
			}
		}
	}

	const response = await resolve(event, {
		transformPageChunk: ({ html }) => html.replace('%lang%', event.locals.locale)
	});
	response.headers.set('X-Content-Type-Options', 'nosniff');
	response.headers.set('Referrer-Policy', 'strict-origin-when-cross-origin');
	response.headers.set('X-Frame-Options', 'DENY');
	response.headers.set('Permissions-Policy', 'camera=(), microphone=(), geolocation=()');
	response.headers.set('Cross-Origin-Opener-Policy', 'same-origin');
	if (event.url.protocol === 'https:') {
		response.headers.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
	}
	return response;
};

export const handleError: HandleServerError = ({ error, event, status }) => {
	if (status !== 404) console.error(`[${event.request.method} ${event.url.pathname}]`, error);
	const t = translator(event.locals.locale ?? 'zh-CN');
	return { message: status === 404 ? t('error.notFound') : t('error.internal'), code: status === 404 ? 'not_found' : 'internal' };
};
