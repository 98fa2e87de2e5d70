import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/app';
import { requireManager } from '$lib/server/auth/guards';
import { approveBooking, listPendingRequests, rejectBooking } from '$lib/server/booking/booking.service';
import { ServiceError } from '$lib/server/booking/booking.errors';
import { translator } from '$lib/i18n/locale';
import { translateProblems } from '$lib/i18n/problems';

export const load: PageServerLoad = async (event) => {
	const { roles } = requireManager(event);
	const db = getDb();
	const [pending, facilities] = await Promise.all([
		listPendingRequests(db, roles),
		db.kysely.selectFrom('facilities').select(['id', 'name_zh', 'name_en', 'area_code']).where('id', 'in', roles.managedFacilityIds).orderBy('id').execute()
	]);
	return { pending, facilities, approved: event.url.searchParams.get('approved'), rejected: event.url.searchParams.get('rejected') };
};

async function decide(event: Parameters<Actions[string]>[0], verb: 'approve' | 'reject') {
	const { user, roles } = requireManager(event);
	const t = translator(event.locals.locale);
	const form = await event.request.formData();
	const id = Number(form.get('id'));
	const reason = String(form.get('reason') ?? '');
	if (!Number.isSafeInteger(id) || id <= 0) return fail(400, { id, problems: translateProblems(t, [{ code: 'not_found' }]) });
	try {
		if (verb === 'approve') await approveBooking(getDb(), user, roles, id);
		else await rejectBooking(getDb(), user, roles, id, reason);
	} catch (e) {
		if (e instanceof ServiceError) return fail(e.status, { id, problems: translateProblems(t, e.problems.length ? e.problems : [{ code: e.kind }]) });
		throw e;
	}
	redirect(303, `/manage?${verb === 'approve' ? 'approved' : 'rejected'}=${id}`);
}

export const actions: Actions = {
	approve: (event) => decide(event, 'approve'),
	reject: (event) => decide(event, 'reject')
};
