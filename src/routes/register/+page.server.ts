import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/app';
import { safeRedirectTarget } from '$lib/server/auth/guards';
import { setSessionCookie } from '$lib/server/auth/session';
import { AccountError, listInstitutionsByArea, registerUser } from '$lib/server/account/account.service';
import { parseForm, registerSchema, translateIssues } from '$lib/server/account/account.schema';
import { translator } from '$lib/i18n/locale';

export const load: PageServerLoad = async ({ locals, url }) => {
	const redirectTo = safeRedirectTarget(url.searchParams.get('redirectTo'));
	if (locals.user) redirect(303, redirectTo);
	return { redirectTo, areas: await listInstitutionsByArea(getDb()) };
};

export const actions: Actions = {
	default: async (event) => {
		const t = translator(event.locals.locale);
		const form = await event.request.formData();
		const redirectTo = safeRedirectTarget(String(form.get('redirectTo') ?? ''));
		const parsed = parseForm(registerSchema, form);
		if (!parsed.ok) return fail(400, { values: parsed.values, issues: translateIssues(t, parsed.issues), message: null });
		let session;
		try {
			session = await registerUser(getDb(), { ...parsed.value, locale: event.locals.locale }, event.getClientAddress());
		} catch (e) {
			if (e instanceof AccountError) {
				const issues: Record<string, string> = e.field ? { [e.field]: t(e.messageKey) } : {};
				return fail(e.status, { values: parsed.values, issues, message: e.field ? null : t(e.messageKey) });
			}
			throw e;
		}
		setSessionCookie(event.cookies, event.url, session.token, session.expiresAt);
		redirect(303, redirectTo);
	}
};
