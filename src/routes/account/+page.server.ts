import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/app';
import { requireUser } from '$lib/server/auth/guards';
import { AccountError, changeName, changePassword, createToken, getProfile, listTokens, revokeToken } from '$lib/server/account/account.service';
import { changeNameSchema, changePasswordSchema, createTokenSchema, parseForm, translateIssues } from '$lib/server/account/account.schema';
import { translator } from '$lib/i18n/locale';

type Issues = Record<string, string>;

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const db = getDb();
	const profile = await getProfile(db, user.id);
	if (!profile) error(404, { message: translator(event.locals.locale)('error.notFound'), code: 'not_found' });
	return { profile, tokens: await listTokens(db, user.id), saved: event.url.searchParams.get('saved') };
};

export const actions: Actions = {
	rename: async (event) => {
		const user = requireUser(event);
		const t = translator(event.locals.locale);
		const parsed = parseForm(changeNameSchema, await event.request.formData());
		if (!parsed.ok) return fail(400, { action: 'rename', values: parsed.values, issues: translateIssues(t, parsed.issues) as Issues });
		await changeName(getDb(), user.id, parsed.value.name);
		redirect(303, '/account?saved=name');
	},

	password: async (event) => {
		const user = requireUser(event);
		const t = translator(event.locals.locale);
		const parsed = parseForm(changePasswordSchema, await event.request.formData());
		if (!parsed.ok) return fail(400, { action: 'password', values: parsed.values, issues: translateIssues(t, parsed.issues) as Issues });
		try {
			await changePassword(getDb(), user.id, parsed.value, event.locals.sessionId);
		} catch (e) {
			if (e instanceof AccountError) return fail(e.status, { action: 'password', values: parsed.values, issues: { [e.field ?? 'current']: t(e.messageKey) } as Issues });
			throw e;
		}
		redirect(303, '/account?saved=password');
	},

	createToken: async (event) => {
		const user = requireUser(event);
		const t = translator(event.locals.locale);
		const parsed = parseForm(createTokenSchema, await event.request.formData());
		if (!parsed.ok) return fail(400, { action: 'createToken', values: parsed.values, issues: translateIssues(t, parsed.issues) as Issues });
		const { token } = await createToken(getDb(), user.id, parsed.value.name);
		// Not a redirect: the plain token lives only in this response and is never shown again.
		return { action: 'createToken', created: { name: parsed.value.name, token } };
	},

	revokeToken: async (event) => {
		const user = requireUser(event);
		const t = translator(event.locals.locale);
		const id = Number((await event.request.formData()).get('id'));
		try {
			if (!Number.isSafeInteger(id) || id <= 0) throw new AccountError(404, 'account.error.tokenNotFound');
			await revokeToken(getDb(), user.id, id);
		} catch (e) {
			if (e instanceof AccountError) return fail(e.status, { action: 'revokeToken', message: t(e.messageKey) });
			throw e;
		}
		redirect(303, '/account?saved=token');
	}
};
