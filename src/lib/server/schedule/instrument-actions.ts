// Form actions the instrument page mounts for the schedule capability: a weekly recurring booking
// and joining the wait list. Same shape as the page's own ?/book action (parse → one service call →
// fail(409, { problems }) → redirect).
import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { getDb } from '../app';
import { requireUser } from '../auth/guards';
import { ServiceError } from '../booking/booking.errors';
import { parseBookingForm } from '../booking/booking.schema';
import { getInstrumentDetail } from '../catalogue/catalogue.service';
import { localDate } from '../../domain/time/zone';
import { translator } from '../../i18n/locale';
import { problemMessage, translateProblems } from '../../i18n/problems';
import { createRecurringBookings, RecurringConflict } from './recurring.service';
import { joinWaitlist } from './waitlist.service';
import { MAX_OCCURRENCES, type Repeat } from '../../domain/schedule/recurrence';

async function prepare(event: RequestEvent) {
	const user = requireUser(event);
	const id = Number(event.params.id);
	if (!Number.isSafeInteger(id) || id <= 0) error(404, { message: 'not found', code: 'not_found' });
	const t = translator(event.locals.locale);
	const instrument = await getInstrumentDetail(getDb(), id);
	if (!instrument) error(404, { message: t('error.notFound'), code: 'not_found' });
	const form = await event.request.formData();
	return { user, id, t, instrument, form, parsed: parseBookingForm(form, instrument.timezone) };
}

function invalid(t: ReturnType<typeof translator>, raw: Record<string, string>, issues: Record<string, string>) {
	const text = Object.fromEntries(Object.entries(issues).map(([field, code]) => [field, problemMessage(t, { code })]));
	return fail(400, { values: raw, issues: text, problems: [] as { code: string; message: string }[] });
}

/** ?/bookRecurring: the form's range repeated weekly, `repeatCount` times or until `repeatUntil`. */
export async function bookRecurringAction(event: RequestEvent) {
	const { user, id, t, instrument, form, parsed } = await prepare(event);
	const count = String(form.get('repeatCount') ?? '').trim();
	const until = String(form.get('repeatUntil') ?? '').trim();
	const raw: Record<string, string> = { ...parsed.raw, repeat: 'on', repeatCount: count, repeatUntil: until };
	const repeat: Repeat | null = /^\d{4}-\d{2}-\d{2}$/.test(until)
		? { untilDate: until }
		: /^\d+$/.test(count) && Number(count) >= 2 && Number(count) <= MAX_OCCURRENCES
			? { count: Number(count) }
			: null;
	const issues: Record<string, string> = parsed.ok ? {} : { ...parsed.issues };
	if (!repeat) issues.repeatCount = 'recurrence_too_short';
	if (!parsed.ok || !repeat) return invalid(t, raw, issues);
	let first;
	try {
		const series = await createRecurringBookings(getDb(), user, { instrumentId: id, ...parsed.value }, repeat);
		first = series[0];
	} catch (e) {
		if (e instanceof RecurringConflict) {
			const occurrences = e.occurrences.map((o) => ({ index: o.index, date: o.date, problems: translateProblems(t, o.problems) }));
			return fail(409, { values: raw, issues: {} as Record<string, string>, problems: [] as { code: string; message: string }[], occurrences });
		}
		if (e instanceof ServiceError && e.kind === 'conflict') {
			return fail(409, { values: raw, issues: {} as Record<string, string>, problems: translateProblems(t, e.problems) });
		}
		throw e;
	}
	redirect(303, `/instruments/${id}?created=${first.id}&status=${first.status}&date=${localDate(first.start_at, instrument.timezone)}#booking`);
}

/** ?/joinWaitlist: waits for the form's range, which is taken now. */
export async function joinWaitlistAction(event: RequestEvent) {
	const { user, id, t, parsed } = await prepare(event);
	if (!parsed.ok) return invalid(t, parsed.raw, parsed.issues);
	try {
		await joinWaitlist(getDb(), user, { instrumentId: id, ...parsed.value });
	} catch (e) {
		if (e instanceof ServiceError && e.kind === 'conflict') {
			return fail(409, { values: parsed.raw, issues: {} as Record<string, string>, problems: translateProblems(t, e.problems) });
		}
		throw e;
	}
	redirect(303, '/bookings?waitlist=joined#waitlist');
}
