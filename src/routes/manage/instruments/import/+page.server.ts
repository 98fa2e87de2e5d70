import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/app';
import { requireManager } from '$lib/server/auth/guards';
import { managesFacility } from '$lib/server/auth/roles';
import { listFacilities } from '$lib/server/instrument-admin/instrument-admin.repository';
import { importInstruments } from '$lib/server/instrument-admin/import.service';
import { parseId, serviceFail } from '$lib/server/instrument-admin/instrument-admin.form';
import { translator, type MessageKey } from '$lib/i18n/locale';
import { problemMessage } from '$lib/i18n/problems';

export const load: PageServerLoad = async (event) => {
	const { roles } = requireManager(event);
	return { facilities: await listFacilities(getDb().kysely, roles.managedFacilityIds) };
};

export const actions: Actions = {
	default: async (event) => {
		const { user, roles } = requireManager(event);
		const t = translator(event.locals.locale);
		const form = await event.request.formData();
		const facilityId = parseId(form.get('facilityId'));
		const file = form.get('file');
		if (facilityId === null || !managesFacility(roles, facilityId)) {
			return fail(403, { facilityId: String(form.get('facilityId') ?? ''), report: [{ row: 0, field: '', message: problemMessage(t, { code: 'instrument_facility_required' }) }], problems: [] as { message: string }[] });
		}
		const bytes = file instanceof File ? new Uint8Array(await file.arrayBuffer()) : new Uint8Array();
		let outcome;
		try {
			outcome = await importInstruments(getDb(), { userId: user.id, roles }, facilityId, { name: file instanceof File ? file.name : '', bytes });
		} catch (e) {
			return serviceFail(t, e);
		}
		if (!outcome.ok) {
			const report = outcome.problems.map((p) => ({
				row: p.row,
				field: p.field ? t(`instrumentAdmin.field.${p.field}` as MessageKey) : '',
				message: problemMessage(t, p)
			}));
			return fail(400, { facilityId: String(facilityId), report, problems: [] as { message: string }[] });
		}
		redirect(303, `/manage/instruments?imported=${outcome.ids.length}`);
	}
};
