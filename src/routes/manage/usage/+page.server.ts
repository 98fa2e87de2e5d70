import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/app';
import { forbidden, requireUser, serviceErrorPage } from '$lib/server/auth/guards';
import type { Roles } from '$lib/server/auth/roles';
import { ServiceError } from '$lib/server/booking/booking.errors';
import { assignOperator, checkIn, checkOut, liftNoShowBlock, listInstrumentUsage, recordUsage, rotateCheckinCode, setNoShowMinutes, usageDesk } from '$lib/server/usage/usage.service';
import { localDate, parseLocalDateTime, zonedToUtc } from '$lib/domain/time/zone';
import { DISPLAY_ZONE } from '$lib/i18n/format';
import { translator } from '$lib/i18n/locale';
import { translateProblems } from '$lib/i18n/problems';

/** Managers and operators only: the page and every action check it. */
function requireStaff(event: Pick<RequestEvent, 'locals' | 'url'>): { user: NonNullable<App.Locals['user']>; roles: Roles } {
	const user = requireUser(event);
	const roles = event.locals.roles;
	if (roles.managedFacilityIds.length === 0 && (roles.operatedFacilityIds ?? []).length === 0) forbidden(event.locals);
	return { user, roles };
}

function dayWindow(date: string | null, now: number) {
	const day = date && /^\d{4}-\d{2}-\d{2}$/.test(date) ? date : localDate(now, DISPLAY_ZONE);
	const [y, m, d] = day.split('-').map(Number);
	const from = zonedToUtc(y, m, d, 0, 0, DISPLAY_ZONE);
	return { day, from, to: zonedToUtc(y, m, d + 1, 0, 0, DISPLAY_ZONE) };
}

export const load: PageServerLoad = async (event) => {
	const { user, roles } = requireStaff(event);
	const db = getDb();
	const now = Date.now();
	const window = dayWindow(event.url.searchParams.get('date'), now);
	const desk = await usageDesk(db, user, roles, window);
	const instrumentParam = Number(event.url.searchParams.get('instrument'));
	const instrumentFilter = Number.isSafeInteger(instrumentParam) && instrumentParam > 0 ? instrumentParam : null;
	let records = desk.records;
	if (instrumentFilter !== null) {
		try {
			records = await listInstrumentUsage(db, roles, instrumentFilter);
		} catch (e) {
			if (e instanceof ServiceError) serviceErrorPage(event.locals, e);
			throw e;
		}
	}
	const recordId = Number(event.url.searchParams.get('record'));
	return {
		...desk,
		records,
		instrumentFilter,
		day: window.day,
		now,
		recordBooking: desk.bookings.find((b) => b.id === recordId) ?? null,
		done: event.url.searchParams.get('done'),
		doneId: event.url.searchParams.get('id')
	};
};

type Handler = (ctx: { user: NonNullable<App.Locals['user']>; roles: Roles; form: FormData; id: number }) => Promise<unknown>;

/** One shape for every action: staff check, id, one service call, problems → 409, redirect back. */
function action(done: string, handler: Handler) {
	return async (event: RequestEvent) => {
		const { user, roles } = requireStaff(event);
		const t = translator(event.locals.locale);
		const form = await event.request.formData();
		const id = Number(form.get('id'));
		if (!Number.isSafeInteger(id) || id <= 0) return fail(400, { id, action: done, problems: translateProblems(t, [{ code: 'not_found' }]) });
		try {
			await handler({ user, roles, form, id });
		} catch (e) {
			if (e instanceof ServiceError) return fail(e.status, { id, action: done, problems: translateProblems(t, e.problems.length ? e.problems : [{ code: e.kind }]) });
			throw e;
		}
		const back = new URLSearchParams(event.url.search);
		back.delete('record');
		back.set('done', done);
		back.set('id', String(id));
		redirect(303, `/manage/usage?${back.toString()}`);
	};
}

const text = (form: FormData, name: string) => String(form.get(name) ?? '');

export const actions: Actions = {
	checkIn: action('checkIn', ({ user, roles, id }) => checkIn(getDb(), user, roles, id)),
	checkOut: action('checkOut', ({ user, roles, id }) => checkOut(getDb(), user, roles, id)),
	record: action('record', async ({ user, roles, form, id }) => {
		const start = parseLocalDateTime(text(form, 'start'), DISPLAY_ZONE);
		const end = parseLocalDateTime(text(form, 'end'), DISPLAY_ZONE);
		if (start === null || end === null) throw new ServiceError('conflict', [{ code: 'invalid_datetime' }]);
		return recordUsage(getDb(), user, roles, id, { start, end, notes: text(form, 'notes').slice(0, 500) });
	}),
	assign: action('assign', ({ user, roles, form, id }) => {
		const operator = Number(form.get('operator'));
		return assignOperator(getDb(), user, roles, id, Number.isSafeInteger(operator) && operator > 0 ? operator : null);
	}),
	rotate: action('rotate', ({ user, roles, id }) => rotateCheckinCode(getDb(), user, roles, id)),
	noShow: action('noShow', ({ user, roles, form, id }) => setNoShowMinutes(getDb(), user, roles, id, Number(form.get('minutes')))),
	lift: action('lift', ({ user, roles, form, id }) => liftNoShowBlock(getDb(), user, roles, id, text(form, 'note').slice(0, 500)))
};
