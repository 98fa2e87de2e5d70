// Form actions the /bookings page mounts for wait-list offers: accept (books the held time) and
// decline / leave. Errors use the page's { problems } shape.
import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { getDb } from '../app';
import { requireUser } from '../auth/guards';
import { ServiceError } from '../booking/booking.errors';
import { translator } from '../../i18n/locale';
import { translateProblems } from '../../i18n/problems';
import { acceptOffer, leaveWaitlist } from './waitlist.service';

async function run(event: RequestEvent, verb: 'accept' | 'leave') {
	const user = requireUser(event);
	const t = translator(event.locals.locale);
	const id = Number((await event.request.formData()).get('entryId'));
	if (!Number.isSafeInteger(id) || id <= 0) return fail(400, { problems: translateProblems(t, [{ code: 'not_found' }]) });
	try {
		if (verb === 'accept') await acceptOffer(getDb(), user, id);
		else await leaveWaitlist(getDb(), user, id);
	} catch (e) {
		if (e instanceof ServiceError) return fail(e.status, { problems: translateProblems(t, e.problems.length ? e.problems : [{ code: e.kind }]) });
		throw e;
	}
	redirect(303, `/bookings?waitlist=${verb === 'accept' ? 'accepted' : 'left'}#waitlist`);
}

export const acceptOfferAction = (event: RequestEvent) => run(event, 'accept');
export const leaveWaitlistAction = (event: RequestEvent) => run(event, 'leave');
