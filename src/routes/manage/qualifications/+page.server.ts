import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/app';
import { requireManager } from '$lib/server/auth/guards';
import { actorOf, type QualificationActor } from '$lib/server/qualification/access';
import { closeTrainingRequest, decideCase, managerInbox, revokeCase } from '$lib/server/qualification/case.service';
import { parseId } from '$lib/server/qualification/qualification.schema';
import { endOfDay } from '$lib/domain/qualification/grant-rules';
import { ServiceError } from '$lib/server/booking/booking.errors';
import { serviceFailure } from '$lib/server/qualification/form-result';
import { translator } from '$lib/i18n/locale';

export const load: PageServerLoad = async (event) => {
	const { user, roles } = requireManager(event);
	const db = getDb();
	const inbox = await managerInbox(db, await actorOf(db.kysely, user.id, roles));
	return { ...inbox, done: event.url.searchParams.get('done') };
};

type Run = (actor: QualificationActor, id: number, form: FormData) => Promise<unknown>;

/** Every action: the manager check first, then the id, one service call, and back to the inbox. */
function action(run: Run, done: string): Actions[string] {
	return async (event) => {
		const { user, roles } = requireManager(event);
		const t = translator(event.locals.locale);
		const form = await event.request.formData();
		const values = { id: String(form.get('id') ?? ''), reason: String(form.get('reason') ?? ''), expiresOn: String(form.get('expiresOn') ?? '') };
		try {
			const id = parseId(form.get('id'));
			if (id === null) throw new ServiceError('not_found');
			await run(await actorOf(getDb().kysely, user.id, roles), id, form);
		} catch (e) {
			return serviceFailure(t, e, values);
		}
		redirect(303, `/manage/qualifications?done=${done}`);
	};
}

const reason = (form: FormData) => String(form.get('reason') ?? '');

export const actions: Actions = {
	accept: action((actor, id, form) => decideCase(getDb(), actor, id, { accept: true, expiresAt: endOfDay(String(form.get('expiresOn') ?? '')) }), 'caseAccepted'),
	refuse: action((actor, id, form) => decideCase(getDb(), actor, id, { accept: false, reason: reason(form) }), 'caseRefused'),
	revoke: action((actor, id, form) => revokeCase(getDb(), actor, id, reason(form)), 'caseRevoked'),
	trained: action((actor, id, form) => closeTrainingRequest(getDb(), actor, id, 'done', reason(form)), 'trainingDone'),
	decline: action((actor, id, form) => closeTrainingRequest(getDb(), actor, id, 'declined', reason(form)), 'trainingDeclined')
};
