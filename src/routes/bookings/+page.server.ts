import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/app';
import { requireUser } from '$lib/server/auth/guards';
import { cancelOwnBooking, listMyBookings } from '$lib/server/booking/booking.service';
import { ServiceError } from '$lib/server/booking/booking.errors';
import { translator } from '$lib/i18n/locale';
import { translateProblems } from '$lib/i18n/problems';
import { listMyWaitlist } from '$lib/server/schedule/waitlist.service'; // schedule: wait list
import { acceptOfferAction, leaveWaitlistAction } from '$lib/server/schedule/waitlist-actions'; // schedule: wait list

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const lists = await listMyBookings(getDb(), user);
	return {
		...lists,
		cancelled: event.url.searchParams.get('cancelled'),
		waitlist: await listMyWaitlist(getDb(), user), // schedule: wait-list entries and offers
		waitlistStatus: event.url.searchParams.get('waitlist')
	};
};

export const actions: Actions = {
	cancel: async (event) => {
		const user = requireUser(event);
		const t = translator(event.locals.locale);
		const id = Number((await event.request.formData()).get('id'));
		if (!Number.isSafeInteger(id) || id <= 0) return fail(400, { problems: translateProblems(t, [{ code: 'not_found' }]) });
		try {
			await cancelOwnBooking(getDb(), user, id);
		} catch (e) {
			if (e instanceof ServiceError) return fail(e.status, { problems: translateProblems(t, e.problems.length ? e.problems : [{ code: e.kind }]) });
			throw e;
		}
		redirect(303, `/bookings?cancelled=${id}`);
	},
	// schedule capability: wait-list offers
	acceptOffer: acceptOfferAction,
	leaveWaitlist: leaveWaitlistAction
};
