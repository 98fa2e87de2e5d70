import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/app';
import { requireManager } from '$lib/server/auth/guards';
import { ServiceError } from '$lib/server/booking/booking.errors';
import { acceptSample, advanceSample, listManagedSamples, rejectSample, reportSample, scheduleSample } from '$lib/server/sample/sample.service';
import { SAMPLE_STATUSES, type SampleStatusName } from '$lib/domain/usage/sample-status';
import { parseLocalDateTime } from '$lib/domain/time/zone';
import { DISPLAY_ZONE } from '$lib/i18n/format';
import { translator } from '$lib/i18n/locale';
import { translateProblems } from '$lib/i18n/problems';

export const load: PageServerLoad = async (event) => {
	const { roles } = requireManager(event);
	const wanted = event.url.searchParams.get('status');
	const status = SAMPLE_STATUSES.includes(wanted as SampleStatusName) ? (wanted as SampleStatusName) : undefined;
	return { samples: await listManagedSamples(getDb(), roles, status), status: status ?? '', updated: event.url.searchParams.get('updated') };
};

type Ctx = { user: NonNullable<App.Locals['user']>; roles: App.Locals['roles']; form: FormData; id: number };

/** Manager check, id, one service call; problems → 409 next to the row; redirect back. */
function action(handler: (ctx: Ctx) => Promise<unknown>) {
	return async (event: RequestEvent) => {
		const { user, roles } = requireManager(event);
		const t = translator(event.locals.locale);
		const form = await event.request.formData();
		const id = Number(form.get('id'));
		if (!Number.isSafeInteger(id) || id <= 0) return fail(400, { id, problems: translateProblems(t, [{ code: 'not_found' }]) });
		try {
			await handler({ user, roles, form, id });
		} catch (e) {
			if (e instanceof ServiceError) return fail(e.status, { id, problems: translateProblems(t, e.problems.length ? e.problems : [{ code: e.kind }]) });
			throw e;
		}
		const back = new URLSearchParams(event.url.search);
		back.set('updated', String(id));
		redirect(303, `/manage/samples?${back.toString()}`);
	};
}

/** "12.50" yuan → 1250 fen; NaN for anything else. */
function yuanToFen(value: string): number {
	if (!/^\d{1,9}(\.\d{1,2})?$/.test(value.trim())) return NaN;
	return Math.round(Number(value.trim()) * 100);
}

export const actions: Actions = {
	accept: action(({ user, roles, form, id }) => acceptSample(getDb(), user, roles, id, yuanToFen(String(form.get('quote') ?? '')))),
	reject: action(({ user, roles, form, id }) => rejectSample(getDb(), user, roles, id, String(form.get('reason') ?? '').slice(0, 500))),
	schedule: action(({ user, roles, form, id }) => {
		const start = parseLocalDateTime(String(form.get('start') ?? ''), DISPLAY_ZONE);
		const end = parseLocalDateTime(String(form.get('end') ?? ''), DISPLAY_ZONE);
		if (start === null || end === null) throw new ServiceError('conflict', [{ code: 'invalid_datetime' }]);
		return scheduleSample(getDb(), user, roles, id, start, end);
	}),
	received: action(({ user, roles, id }) => advanceSample(getDb(), user, roles, id, 'received')),
	testing: action(({ user, roles, id }) => advanceSample(getDb(), user, roles, id, 'testing')),
	report: action(async ({ user, roles, form, id }) => {
		const file = form.get('result');
		const result = file instanceof File && file.size > 0 ? { name: file.name, type: file.type, bytes: new Uint8Array(await file.arrayBuffer()) } : null;
		return reportSample(getDb(), user, roles, id, result);
	})
};
