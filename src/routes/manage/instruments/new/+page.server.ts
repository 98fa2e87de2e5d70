import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/app';
import { requireManager } from '$lib/server/auth/guards';
import { managesFacility } from '$lib/server/auth/roles';
import { createInstrument } from '$lib/server/instrument-admin/instrument-admin.service';
import { listFacilities } from '$lib/server/instrument-admin/instrument-admin.repository';
import { invalidForm, parseId, rawFromForm, serviceFail } from '$lib/server/instrument-admin/instrument-admin.form';
import { validateInstrument } from '$lib/domain/instrument/instrument-input';
import { localDate } from '$lib/domain/time/zone';
import { translator } from '$lib/i18n/locale';
import { problemMessage } from '$lib/i18n/problems';

export const load: PageServerLoad = async (event) => {
	const { roles } = requireManager(event);
	return { facilities: await listFacilities(getDb().kysely, roles.managedFacilityIds), facilityId: event.url.searchParams.get('facility') ?? '' };
};

export const actions: Actions = {
	save: async (event) => {
		const { user, roles } = requireManager(event);
		const t = translator(event.locals.locale);
		const form = await event.request.formData();
		const { raw, values } = rawFromForm(form);
		const facilityId = parseId(form.get('facilityId'));
		values.facilityId = String(form.get('facilityId') ?? '');
		const result = validateInstrument(raw, localDate(Date.now(), 'Asia/Shanghai'));
		if (!result.ok) return invalidForm(t, result.problems, values);
		if (facilityId === null || !managesFacility(roles, facilityId)) {
			return fail(403, { values, issues: { facilityId: problemMessage(t, { code: 'instrument_facility_required' }) }, problems: [] as { code: string; message: string }[] });
		}
		let id: number;
		try {
			id = await createInstrument(getDb(), { userId: user.id, roles }, facilityId, result.value);
		} catch (e) {
			return serviceFail(t, e, values);
		}
		redirect(303, `/manage/instruments/${id}?created`);
	}
};
