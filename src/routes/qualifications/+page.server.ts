import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/app';
import { requireUser } from '$lib/server/auth/guards';
import { myWallet } from '$lib/server/qualification/wallet.service';
import { withdrawCase } from '$lib/server/qualification/case.service';
import { parseId } from '$lib/server/qualification/qualification.schema';
import { ServiceError } from '$lib/server/booking/booking.errors';
import { translator } from '$lib/i18n/locale';
import { translateProblems } from '$lib/i18n/problems';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const wallet = await myWallet(getDb(), user.id);
	return { ...wallet, done: event.url.searchParams.get('done') };
};

export const actions: Actions = {
	withdraw: async (event) => {
		const user = requireUser(event);
		const id = parseId((await event.request.formData()).get('id'));
		const t = translator(event.locals.locale);
		if (id === null) return fail(400, { problems: translateProblems(t, [{ code: 'case_wrong_status' }]) });
		try {
			await withdrawCase(getDb(), user.id, id);
		} catch (e) {
			if (e instanceof ServiceError) return fail(e.status, { problems: translateProblems(t, e.problems.length ? e.problems : [{ code: 'qualification_forbidden' }]) });
			throw e;
		}
		redirect(303, '/qualifications?done=withdrawn');
	}
};
