import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/app';
import { requireManager } from '$lib/server/auth/guards';
import { actorOf } from '$lib/server/qualification/access';
import { listQualificationTypes, setInstrumentRequirement } from '$lib/server/qualification/qualification.service';
import { listInstrumentsOfFacilities } from '$lib/server/qualification/qualification.repository';
import { parseId } from '$lib/server/qualification/qualification.schema';
import { serviceFailure } from '$lib/server/qualification/form-result';
import { ServiceError } from '$lib/server/booking/booking.errors';
import { translator } from '$lib/i18n/locale';

export const load: PageServerLoad = async (event) => {
	const { user, roles } = requireManager(event);
	const db = getDb();
	const actor = await actorOf(db.kysely, user.id, roles);
	const [instruments, types] = await Promise.all([listInstrumentsOfFacilities(db.kysely, roles.managedFacilityIds), listQualificationTypes(db)]);
	return {
		instruments,
		types: types.filter((t) => actor.managedInstitutionIds.includes(t.institution_id)),
		done: event.url.searchParams.get('done'),
		flagged: event.url.searchParams.get('flagged')
	};
};

export const actions: Actions = {
	set: async (event) => {
		const { user, roles } = requireManager(event);
		const t = translator(event.locals.locale);
		const form = await event.request.formData();
		const values = { instrumentId: String(form.get('instrumentId') ?? ''), typeId: String(form.get('typeId') ?? '') };
		let flagged = 0;
		try {
			const instrumentId = parseId(values.instrumentId);
			const typeId = values.typeId === '' ? null : parseId(values.typeId);
			if (instrumentId === null || (values.typeId !== '' && typeId === null)) throw new ServiceError('not_found');
			flagged = (await setInstrumentRequirement(getDb(), await actorOf(getDb().kysely, user.id, roles), instrumentId, typeId)).flaggedBookingIds.length;
		} catch (e) {
			return serviceFailure(t, e, values);
		}
		redirect(303, `/manage/qualifications/requirements?done=requirementSet&flagged=${flagged}`);
	}
};
