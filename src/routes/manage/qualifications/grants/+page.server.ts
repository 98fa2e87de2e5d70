import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/app';
import { requireManager } from '$lib/server/auth/guards';
import { actorOf } from '$lib/server/qualification/access';
import { grantQualification, grantStatus, listManagedGrants, listQualificationTypes, revokeQualification } from '$lib/server/qualification/qualification.service';
import { parseGrantForm, parseId } from '$lib/server/qualification/qualification.schema';
import { invalid, serviceFailure } from '$lib/server/qualification/form-result';
import { defaultLastDay, QUALIFICATION_ZONE } from '$lib/domain/qualification/grant-rules';
import { localDate } from '$lib/domain/time/zone';
import { ServiceError } from '$lib/server/booking/booking.errors';
import { translator } from '$lib/i18n/locale';

export const load: PageServerLoad = async (event) => {
	const { user, roles } = requireManager(event);
	const db = getDb();
	const actor = await actorOf(db.kysely, user.id, roles);
	const now = Date.now();
	const [grants, types] = await Promise.all([listManagedGrants(db, actor), listQualificationTypes(db)]);
	const mine = types.filter((t) => actor.managedInstitutionIds.includes(t.institution_id));
	return {
		grants: grants.map((g) => ({ ...g, status: grantStatus(g, null, null, now), type: types.find((t) => t.id === g.type_id)! })),
		types: mine.map((t) => ({ ...t, defaultLastDay: defaultLastDay(now, t.validity_months) })),
		today: localDate(now, QUALIFICATION_ZONE),
		done: event.url.searchParams.get('done'),
		flagged: event.url.searchParams.get('flagged')
	};
};

export const actions: Actions = {
	grant: async (event) => {
		const { user, roles } = requireManager(event);
		const t = translator(event.locals.locale);
		const parsed = parseGrantForm(await event.request.formData());
		if (!parsed.ok) return invalid(t, parsed.issues, parsed.raw, { verb: 'grant' });
		try {
			await grantQualification(getDb(), await actorOf(getDb().kysely, user.id, roles), parsed.value);
		} catch (e) {
			return serviceFailure(t, e, parsed.raw, { verb: 'grant' });
		}
		redirect(303, '/manage/qualifications/grants?done=granted');
	},
	revoke: async (event) => {
		const { user, roles } = requireManager(event);
		const t = translator(event.locals.locale);
		const form = await event.request.formData();
		const values = { id: String(form.get('id') ?? ''), reason: String(form.get('reason') ?? '') };
		let flagged = 0;
		try {
			const id = parseId(values.id);
			if (id === null) throw new ServiceError('not_found');
			flagged = (await revokeQualification(getDb(), await actorOf(getDb().kysely, user.id, roles), id, values.reason)).flaggedBookingIds.length;
		} catch (e) {
			return serviceFailure(t, e, values, { verb: 'revoke' });
		}
		redirect(303, `/manage/qualifications/grants?done=revoked&flagged=${flagged}`);
	}
};
