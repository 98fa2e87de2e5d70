import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/app';
import { requireManager, serviceErrorPage } from '$lib/server/auth/guards';
import { ServiceError } from '$lib/server/booking/booking.errors';
import { applyCommand, getManagedInstrument, setInstrumentPhoto, updateInstrument, type InstrumentCommand } from '$lib/server/instrument-admin/instrument-admin.service';
import { invalidForm, parseId, rawFromForm, serviceFail, valuesOfRow } from '$lib/server/instrument-admin/instrument-admin.form';
import { deletePhoto, storePhoto } from '$lib/server/instrument-admin/photo.store';
import { listingStaleDays } from '$lib/server/instrument-admin/config';
import { instrumentHistory } from '$lib/server/audit/audit.service';
import { validateInstrument } from '$lib/domain/instrument/instrument-input';
import { confirmedAtOf, isStale } from '$lib/domain/instrument/freshness';
import { isRegisteredLate } from '$lib/domain/instrument/working-days';
import { localDate } from '$lib/domain/time/zone';
import { translator } from '$lib/i18n/locale';
import { translateProblems } from '$lib/i18n/problems';

function instrumentId(raw: string): number {
	const id = parseId(raw);
	if (id === null) error(404, { message: 'not found', code: 'not_found' });
	return id;
}

export const load: PageServerLoad = async (event) => {
	const { user, roles } = requireManager(event);
	const t = translator(event.locals.locale);
	const id = instrumentId(event.params.id);
	const db = getDb();
	let row;
	try {
		row = await getManagedInstrument(db, { userId: user.id, roles }, id);
	} catch (e) {
		if (e instanceof ServiceError) serviceErrorPage(event.locals, e);
		throw e;
	}
	const confirmedAt = confirmedAtOf(row);
	return {
		instrument: { id: row.id, name_zh: row.name_zh, name_en: row.name_en, photo_url: row.photo_url, published: row.published, status: row.status, created_at: row.created_at },
		values: valuesOfRow(row),
		confirmedAt,
		stale: isStale(confirmedAt, Date.now(), listingStaleDays()),
		lateRegistration: isRegisteredLate(row.acceptance_date, localDate(row.created_at, 'Asia/Shanghai')),
		history: await instrumentHistory(db, roles, id),
		created: event.url.searchParams.has('created'),
		saved: event.url.searchParams.has('saved'),
		photoSaved: event.url.searchParams.has('photo'),
		done: event.url.searchParams.has('done')
	};
};

const COMMANDS: InstrumentCommand[] = ['publish', 'unpublish', 'retire', 'reinstate'];

export const actions: Actions = {
	save: async (event) => {
		const { user, roles } = requireManager(event);
		const t = translator(event.locals.locale);
		const id = instrumentId(event.params.id);
		const { raw, values } = rawFromForm(await event.request.formData());
		const result = validateInstrument(raw, localDate(Date.now(), 'Asia/Shanghai'));
		if (!result.ok) return invalidForm(t, result.problems, values);
		try {
			await updateInstrument(getDb(), { userId: user.id, roles }, id, result.value);
		} catch (e) {
			return serviceFail(t, e, values);
		}
		redirect(303, `/manage/instruments/${id}?saved`);
	},
	photo: async (event) => {
		const { user, roles } = requireManager(event);
		const t = translator(event.locals.locale);
		const id = instrumentId(event.params.id);
		const actor = { userId: user.id, roles };
		// access first: nothing is written to disk for someone else's instrument
		try {
			await getManagedInstrument(getDb(), actor, id);
		} catch (e) {
			return serviceFail(t, e);
		}
		const file = (await event.request.formData()).get('photo');
		const bytes = file instanceof File ? new Uint8Array(await file.arrayBuffer()) : new Uint8Array();
		const stored = await storePhoto(id, bytes);
		if ('problem' in stored) return fail(400, { values: {}, issues: { photo: translateProblems(t, [{ code: stored.problem }])[0].message }, problems: [] as { code: string; message: string }[] });
		let previous: string | null;
		try {
			previous = await setInstrumentPhoto(getDb(), actor, id, stored.url);
		} catch (e) {
			await deletePhoto(id, stored.url);
			return serviceFail(t, e);
		}
		await deletePhoto(id, previous);
		redirect(303, `/manage/instruments/${id}?photo`);
	},
	removePhoto: async (event) => {
		const { user, roles } = requireManager(event);
		const t = translator(event.locals.locale);
		const id = instrumentId(event.params.id);
		let previous: string | null;
		try {
			previous = await setInstrumentPhoto(getDb(), { userId: user.id, roles }, id, null);
		} catch (e) {
			return serviceFail(t, e);
		}
		await deletePhoto(id, previous);
		redirect(303, `/manage/instruments/${id}?photo`);
	},
	command: async (event) => {
		const { user, roles } = requireManager(event);
		const t = translator(event.locals.locale);
		const id = instrumentId(event.params.id);
		const command = String((await event.request.formData()).get('command')) as InstrumentCommand;
		if (!COMMANDS.includes(command)) return serviceFail(t, new ServiceError('not_found'));
		try {
			await applyCommand(getDb(), { userId: user.id, roles }, id, command);
		} catch (e) {
			return serviceFail(t, e);
		}
		redirect(303, `/manage/instruments/${id}?done`);
	}
};
