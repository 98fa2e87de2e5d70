// Guards for loads, actions and endpoints: each returns the user or throws the matching HTTP error.
import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import type { SessionUser } from './session';
import { isManager, managesFacility, type Roles } from './roles';

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
	if (!isManager(event.locals.roles)) error(403, { message: 'forbidden', code: 'forbidden' });
	return { user, roles: event.locals.roles };
}

export function requireFacilityManager(event: Pick<RequestEvent, 'locals' | 'url'>, facilityId: number): SessionUser {
	const user = requireUser(event);
	if (!managesFacility(event.locals.roles, facilityId)) error(403, { message: 'forbidden', code: 'forbidden' });
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
