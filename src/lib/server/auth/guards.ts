// Guards for loads, actions and endpoints: each returns the user or throws the matching HTTP error.
import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import type { SessionUser } from './session';
import { isManager, managesFacility, type Roles } from './roles';
import { translator } from '../../i18n/locale';
import { translateProblems } from '../../i18n/problems';
import type { ServiceError } from '../booking/booking.errors';

/** 403 with the reader's-language explanation the error page shows under its heading. */
export function forbidden(locals: Pick<App.Locals, 'locale'>): never {
	error(403, { message: translator(locals.locale)('error.forbiddenDetail'), code: 'forbidden' });
}

/** A service's refusal as the error page in the reader's language (404, 403, or 409 with its problems). */
export function serviceErrorPage(locals: Pick<App.Locals, 'locale'>, e: ServiceError): never {
	const t = translator(locals.locale);
	if (e.kind === 'forbidden') forbidden(locals);
	const message = e.kind === 'not_found' ? t('error.notFound') : translateProblems(t, e.problems).map((p) => p.message).join('; ') || t('error.title');
	error(e.status, { message, code: e.kind });
}

/** Page guard: sends a visitor to the log-in page and back afterwards. */
export function requireUser(event: Pick<RequestEvent, 'locals' | 'url'>): SessionUser {
	const user = event.locals.user;
	if (!user) {
		const back = event.url.pathname + event.url.search;
		redirect(303, `/login?redirectTo=${encodeURIComponent(back)}`);
	}
	return user;
}

export function requireManager(event: Pick<RequestEvent, 'locals' | 'url'>): { user: SessionUser; roles: Roles } {
	const user = requireUser(event);
	if (!isManager(event.locals.roles)) forbidden(event.locals);
	return { user, roles: event.locals.roles };
}

export function requireFacilityManager(event: Pick<RequestEvent, 'locals' | 'url'>, facilityId: number): SessionUser {
	const user = requireUser(event);
	if (!managesFacility(event.locals.roles, facilityId)) forbidden(event.locals);
	return user;
}

/** Only same-site relative paths are followed after log-in (no open redirects, also not via "/\t/evil"). */
export function safeRedirectTarget(value: string | null | undefined): string {
	if (!value || !value.startsWith('/')) return '/';
	const base = 'http://portal.invalid';
	let url: URL;
	try {
		url = new URL(value, base);
	} catch {
		return '/';
	}
	return url.origin === base ? url.pathname + url.search + url.hash : '/';
}
