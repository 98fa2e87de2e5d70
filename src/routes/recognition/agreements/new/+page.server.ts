import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/app';
import { requireUser } from '$lib/server/auth/guards';
import { actorOf, mayPropose } from '$lib/server/qualification/access';
import { proposalOptions, proposeAgreement } from '$lib/server/qualification/agreement.service';
import { MAPPING_ROWS, parseProposalForm } from '$lib/server/qualification/qualification.schema';
import { invalid, serviceFailure } from '$lib/server/qualification/form-result';
import { QUALIFICATION_ZONE } from '$lib/domain/qualification/grant-rules';
import { localDate } from '$lib/domain/time/zone';
import { translator } from '$lib/i18n/locale';

async function proposer(event: Parameters<PageServerLoad>[0] | Parameters<Actions[string]>[0]) {
	const user = requireUser(event);
	const actor = await actorOf(getDb().kysely, user.id, event.locals.roles);
	if (!mayPropose(actor)) error(403, { message: translator(event.locals.locale)('problem.agreement_forbidden'), code: 'forbidden' });
	return actor;
}

export const load: PageServerLoad = async (event) => {
	const actor = await proposer(event);
	return { ...(await proposalOptions(getDb(), actor)), rows: MAPPING_ROWS, today: localDate(Date.now(), QUALIFICATION_ZONE) };
};

export const actions: Actions = {
	propose: async (event) => {
		const actor = await proposer(event);
		const t = translator(event.locals.locale);
		const parsed = parseProposalForm(await event.request.formData());
		if (!parsed.ok) return invalid(t, parsed.issues, parsed.raw);
		let id: number;
		try {
			id = await proposeAgreement(getDb(), actor, parsed.value);
		} catch (e) {
			return serviceFailure(t, e, parsed.raw);
		}
		redirect(303, `/recognition/agreements/${id}?done=propose`);
	}
};
