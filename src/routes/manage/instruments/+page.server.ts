import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/app';
import { requireManager } from '$lib/server/auth/guards';
import { applyCommand, confirmFacilityListings, listManaged, type InstrumentCommand } from '$lib/server/instrument-admin/instrument-admin.service';
import { parseId, serviceFail } from '$lib/server/instrument-admin/instrument-admin.form';
import { listingStaleDays } from '$lib/server/instrument-admin/config';
import { ServiceError } from '$lib/server/booking/booking.errors';
import { translator } from '$lib/i18n/locale';

export const load: PageServerLoad = async (event) => {
	const { user, roles } = requireManager(event);
	const staleDays = listingStaleDays();
	const { facilities, items } = await listManaged(getDb(), { userId: user.id, roles }, staleDays);
	return {
		facilities,
		items,
		staleDays,
		confirmed: event.url.searchParams.get('confirmed'),
		imported: event.url.searchParams.get('imported'),
		done: event.url.searchParams.has('done')
	};
};

const COMMANDS: InstrumentCommand[] = ['publish', 'unpublish', 'retire', 'reinstate'];

export const actions: Actions = {
	confirm: async (event) => {
		const { user, roles } = requireManager(event);
		const t = translator(event.locals.locale);
		const facilityId = parseId((await event.request.formData()).get('facilityId'));
		let count: number;
		try {
			count = await confirmFacilityListings(getDb(), { userId: user.id, roles }, facilityId ?? -1);
		} catch (e) {
			return serviceFail(t, e);
		}
		redirect(303, `/manage/instruments?confirmed=${count}`);
	},
	command: async (event) => {
		const { user, roles } = requireManager(event);
		const t = translator(event.locals.locale);
		const form = await event.request.formData();
		const id = parseId(form.get('id'));
		const command = String(form.get('command')) as InstrumentCommand;
		if (!COMMANDS.includes(command)) return serviceFail(t, new ServiceError('not_found'));
		try {
			await applyCommand(getDb(), { userId: user.id, roles }, id ?? -1, command);
		} catch (e) {
			return serviceFail(t, e);
		}
		const back = String(form.get('back') ?? '');
		redirect(303, back === 'edit' ? `/manage/instruments/${id}?done` : '/manage/instruments?done');
	}
};
