import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/app';
import { safeRedirectTarget } from '$lib/server/auth/guards';
import { setSessionCookie } from '$lib/server/auth/session';
import { AccountError, logIn } from '$lib/server/account/account.service';
import { loginSchema, parseForm, translateIssues } from '$lib/server/account/account.schema';
import { translator } from '$lib/i18n/locale';

export const load: PageServerLoad = async ({ locals, url }) => {
	const redirectTo = safeRedirectTarget(url.searchParams.get('redirectTo'));
	if (locals.user) redirect(303, redirectTo);
	return { redirectTo, demo: process.env.PORTAL_DEMO !== '0' };
};

export const actions: Actions = {
	default: async (event) => {
		const t = translator(event.locals.locale);
		const form = await event.request.formData();
		const redirectTo = safeRedirectTarget(String(form.get('redirectTo') ?? ''));
		const parsed = parseForm(loginSchema, form);
		if (!parsed.ok) return fail(400, { values: parsed.values, issues: translateIssues(t, parsed.issues), message: null });
		let session;
		try {
			session = await logIn(getDb(), parsed.value, event.getClientAddress());
		} catch (e) {
			if (e instanceof AccountError) return fail(e.status, { values: parsed.values, issues: {} as Record<string, string>, message: t(e.messageKey) });
			throw e;
		}
		setSessionCookie(event.cookies, event.url, session.token, session.expiresAt);
		redirect(303, redirectTo);
	}
};
