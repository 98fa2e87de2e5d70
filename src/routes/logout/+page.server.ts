import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/app';
import { deleteSessionCookie } from '$lib/server/auth/session';
import { logOut } from '$lib/server/account/account.service';

// Logging out changes state, so only a POST does it; a GET (a link, a prefetch) just goes home.
export const load: PageServerLoad = async () => {
	redirect(303, '/');
};

export const actions: Actions = {
	default: async ({ locals, cookies, url }) => {
		await logOut(getDb(), locals.sessionId);
		deleteSessionCookie(cookies, url);
		redirect(303, '/');
	}
};
