import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/app';
import { requireManager } from '$lib/server/auth/guards';
import { actorOf } from '$lib/server/qualification/access';
import { createQualificationType, listQualificationTypes } from '$lib/server/qualification/qualification.service';
import { parseTypeForm } from '$lib/server/qualification/qualification.schema';
import { invalid, serviceFailure } from '$lib/server/qualification/form-result';
import { CATEGORIES } from '$lib/domain/catalogue/categories';
import { translator } from '$lib/i18n/locale';

export const load: PageServerLoad = async (event) => {
	const { user, roles } = requireManager(event);
	const db = getDb();
	const actor = await actorOf(db.kysely, user.id, roles);
	const [types, institutions] = await Promise.all([
		listQualificationTypes(db),
		db.kysely.selectFrom('institutions').select(['id', 'name_zh', 'name_en']).where('id', 'in', actor.managedInstitutionIds.length ? actor.managedInstitutionIds : [-1]).execute()
	]);
	return {
		types: types.filter((t) => actor.managedInstitutionIds.includes(t.institution_id)),
		institutions,
		categories: CATEGORIES,
		created: event.url.searchParams.get('created')
	};
};

export const actions: Actions = {
	create: async (event) => {
		const { user, roles } = requireManager(event);
		const t = translator(event.locals.locale);
		const parsed = parseTypeForm(await event.request.formData());
		if (!parsed.ok) return invalid(t, parsed.issues, parsed.raw);
		let id: number;
		try {
			id = await createQualificationType(getDb(), await actorOf(getDb().kysely, user.id, roles), parsed.value);
		} catch (e) {
			return serviceFailure(t, e, parsed.raw);
		}
		redirect(303, `/manage/qualifications/types?created=${id}`);
	}
};
