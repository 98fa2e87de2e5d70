import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/app';
import { requireUser } from '$lib/server/auth/guards';
import { actorOf } from '$lib/server/qualification/access';
import { actOnAgreement, getAgreement } from '$lib/server/qualification/agreement.service';
import { parseId } from '$lib/server/qualification/qualification.schema';
import { serviceFailure } from '$lib/server/qualification/form-result';
import { ServiceError } from '$lib/server/booking/booking.errors';
import type { AgreementAction } from '$lib/domain/qualification/agreement-rules';
import { translator } from '$lib/i18n/locale';

function idOf(raw: string, locale: 'zh-CN' | 'en'): number {
	const id = parseId(raw);
	if (id === null) error(404, { message: translator(locale)('error.notFound'), code: 'not_found' });
	return id;
}

/** Public detail; the actions the signed-in person may take are worked out on the server. */
export const load: PageServerLoad = async ({ params, locals, url }) => {
	const db = getDb();
	const actor = locals.user ? await actorOf(db.kysely, locals.user.id, locals.roles) : null;
	try {
		const view = await getAgreement(db, idOf(params.id, locals.locale), actor);
		const people = await db.kysely
			.selectFrom('users')
			.select(['id', 'name'])
			.where('id', 'in', [view.agreement.proposed_by, view.agreement.accepted_by, view.agreement.status_by].filter((x): x is number => x !== null).concat(-1))
			.execute();
		return { ...view, people: Object.fromEntries(people.map((p) => [p.id, p.name])), done: url.searchParams.get('done'), flagged: url.searchParams.get('flagged') };
	} catch (e) {
		if (e instanceof ServiceError && e.kind === 'not_found') error(404, { message: translator(locals.locale)('error.notFound'), code: 'not_found' });
		throw e;
	}
};

function act(action: AgreementAction): Actions[string] {
	return async (event) => {
		const user = requireUser(event);
		const t = translator(event.locals.locale);
		const id = idOf(event.params.id ?? '', event.locals.locale);
		const reason = String((await event.request.formData()).get('reason') ?? '').trim();
		let flagged = 0;
		try {
			const result = await actOnAgreement(getDb(), await actorOf(getDb().kysely, user.id, event.locals.roles), id, action, reason);
			flagged = result.flaggedBookingIds.length;
		} catch (e) {
			return serviceFailure(t, e, { reason }, { action });
		}
		redirect(303, `/recognition/agreements/${id}?done=${action}&flagged=${flagged}`);
	};
}

export const actions: Actions = {
	accept: act('accept'),
	decline: act('decline'),
	withdraw: act('withdraw'),
	suspend: act('suspend'),
	resume: act('resume'),
	end: act('end')
};
