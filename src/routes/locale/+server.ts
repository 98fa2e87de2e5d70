import { redirect, type RequestHandler } from '@sveltejs/kit';
import { isLocale, LOCALE_COOKIE } from '$lib/i18n/locale';
import { safeRedirectTarget } from '$lib/server/auth/guards';
import { getDb } from '$lib/server/app';

/** Remembers the chosen language in a cookie (and on the account when signed in). */
export const POST: RequestHandler = async ({ request, cookies, locals, url }) => {
	const form = await request.formData();
	const locale = form.get('locale');
	if (isLocale(locale)) {
		cookies.set(LOCALE_COOKIE, locale, { path: '/', httpOnly: false, sameSite: 'lax', secure: url.protocol === 'https:', maxAge: 365 * 86400 });
		if (locals.user) await getDb().kysely.updateTable('users').set({ locale }).where('id', '=', locals.user.id).execute();
	}
	redirect(303, safeRedirectTarget(String(form.get('redirectTo') ?? '/')));
};
