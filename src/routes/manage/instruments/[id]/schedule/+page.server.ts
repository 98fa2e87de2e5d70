import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { getDb } from '$lib/server/app';
import { requireManager, serviceErrorPage } from '$lib/server/auth/guards';
import { ServiceError } from '$lib/server/booking/booking.errors';
import { scheduleForManager, setBookingRules, setOpeningHours, instrumentForManager } from '$lib/server/schedule/schedule.service';
import { createClosure, deleteClosure } from '$lib/server/schedule/closure.service';
import { parseClosureForm, parseHoursForm, parseResolutions, parseRulesForm } from '$lib/server/schedule/schedule.forms';
import { translator, type Translate } from '$lib/i18n/locale';
import type { MessageKey } from '$lib/i18n/messages.zh';
import { translateProblems, type CodedProblem } from '$lib/i18n/problems';

function parseId(raw: string): number {
	const id = Number(raw);
	if (!Number.isSafeInteger(id) || id <= 0) error(404, { message: 'not found', code: 'not_found' });
	return id;
}

/** ServiceError kinds not_found/forbidden become HTTP errors; conflicts are returned to the form. */
function rethrow(e: unknown, locals: App.Locals): never {
	if (e instanceof ServiceError && e.kind !== 'conflict') serviceErrorPage(locals, e);
	throw e;
}

/** Problems with a weekday number get the weekday's name. */
function translate(t: Translate, problems: CodedProblem[]) {
	return translateProblems(
		t,
		problems.map((p) => (typeof p.params?.weekday === 'number' ? { ...p, params: { ...p.params, weekday: t(`weekday.${p.params.weekday}` as MessageKey) } } : p))
	);
}

const issueText = (t: Translate, issues: Record<string, string>) =>
	Object.fromEntries(Object.entries(issues).map(([k, code]) => [k, code === 'invalid_datetime' ? t('problem.invalid_datetime') : t(`schedule.issue.${code}` as MessageKey)]));

export const load: PageServerLoad = async (event) => {
	const { roles } = requireManager(event);
	try {
		const schedule = await scheduleForManager(getDb(), roles, parseId(event.params.id));
		return { ...schedule, saved: event.url.searchParams.get('saved'), cancelled: event.url.searchParams.get('cancelled'), moved: event.url.searchParams.get('moved') };
	} catch (e) {
		rethrow(e, event.locals);
	}
};

async function context(event: RequestEvent) {
	const { user, roles } = requireManager(event);
	const id = parseId(event.params.id);
	const instrument = await instrumentForManager(getDb().kysely, roles, id).catch((e) => rethrow(e, event.locals));
	return { user, roles, id, instrument, t: translator(event.locals.locale), form: await event.request.formData() };
}

export const actions: Actions = {
	hours: async (event) => {
		const { user, roles, id, t, form } = await context(event);
		const hours = parseHoursForm(form);
		try {
			await setOpeningHours(getDb(), user, roles, id, hours);
		} catch (e) {
			if (e instanceof ServiceError && e.kind === 'conflict') return fail(400, { hours: { values: hours, problems: translate(t, e.problems) } });
			rethrow(e, event.locals);
		}
		redirect(303, `/manage/instruments/${id}/schedule?saved=hours#hours`);
	},
	rules: async (event) => {
		const { user, roles, id, t, form } = await context(event);
		const parsed = parseRulesForm(form);
		if (!parsed.ok) return fail(400, { rules: { values: parsed.raw, issues: issueText(t, parsed.issues) } });
		await setBookingRules(getDb(), user, roles, id, parsed.value).catch((e) => rethrow(e, event.locals));
		redirect(303, `/manage/instruments/${id}/schedule?saved=rules#rules`);
	},
	addClosure: async (event) => {
		const { user, roles, id, instrument, t, form } = await context(event);
		const parsed = parseClosureForm(form, instrument.timezone);
		if (!parsed.ok) return fail(400, { closure: { values: parsed.raw, issues: issueText(t, parsed.issues), problems: [], conflicts: [] } });
		const { resolutions, issues } = parseResolutions(form, instrument.timezone);
		const resolutionValues = Object.fromEntries([...form.entries()].filter(([k]) => /^(resolution|moveStart|moveEnd)_\d+$/.test(k)).map(([k, v]) => [k, String(v)]));
		try {
			const result = await createClosure(getDb(), user, roles, id, parsed.value, resolutions);
			if (result.status === 'conflicts') {
				// Nothing saved: the manager sees the bookings and decides for each.
				return fail(409, { closure: { values: parsed.raw, issues: issueText(t, issues), problems: [], conflicts: result.conflicts, resolutionValues } });
			}
			redirect(303, `/manage/instruments/${id}/schedule?saved=closure&cancelled=${result.cancelled.length}&moved=${result.moved.length}#closures`);
		} catch (e) {
			if (e instanceof ServiceError && e.kind === 'conflict') {
				return fail(409, { closure: { values: parsed.raw, issues: {}, problems: translate(t, e.problems), conflicts: [], resolutionValues } });
			}
			rethrow(e, event.locals);
		}
	},
	deleteClosure: async (event) => {
		const { user, roles, id, form } = await context(event);
		const closureId = Number(form.get('closureId'));
		if (!Number.isSafeInteger(closureId) || closureId <= 0) error(404, { message: 'not found', code: 'not_found' });
		await deleteClosure(getDb(), user, roles, closureId).catch((e) => rethrow(e, event.locals));
		redirect(303, `/manage/instruments/${id}/schedule?saved=closureDeleted#closures`);
	}
};
