import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/app';
import { getInstrumentDetail } from '$lib/server/catalogue/catalogue.service';
import { openingWeekLines, type InstrumentDetail } from '$lib/server/catalogue/instrument-facts';
import { catalogueVersion } from '$lib/server/catalogue/catalogue-cache';
import { createBooking } from '$lib/server/booking/booking.service';
import { parseBookingForm } from '$lib/server/booking/booking.schema';
import { ServiceError } from '$lib/server/booking/booking.errors';
import { localDate } from '$lib/domain/time/zone';
import { managesFacility } from '$lib/server/auth/roles';
import { requireUser } from '$lib/server/auth/guards';
import { translator, type Locale } from '$lib/i18n/locale';
import { problemMessage, translateProblems } from '$lib/i18n/problems';
import { instrumentQualification } from '$lib/server/qualification/self-operation.service';
import { pricingForInstrumentPage } from '$lib/server/pricing/page-context'; // voucher: prices, quote, grants
import { instrumentHistory } from '$lib/server/audit/audit.service'; // instrument-admin
import { bookRecurringAction, joinWaitlistAction } from '$lib/server/schedule/instrument-actions'; // schedule
import { ownCheckinPanel } from '$lib/server/usage/usage.service'; // usage

function parseId(raw: string): number {
	const id = Number(raw);
	if (!Number.isSafeInteger(id) || id <= 0) error(404, { message: 'not found', code: 'not_found' });
	return id;
}

/**
 * The fields the page shows: page data is serialised into the HTML for the browser, so the rest of
 * the row (search and import columns, the raw opening hours, ids the page does not link) stays here.
 */
function shownInstrument(i: InstrumentDetail, locale: Locale) {
	return {
		id: i.id,
		name_zh: i.name_zh,
		name_en: i.name_en,
		model: i.model,
		manufacturer: i.manufacturer,
		category_name: i.category_name,
		facility_id: i.facility_id,
		// the facility, institution and city in the reader's language only (both names of the instrument are shown)
		facility_name: locale === 'en' ? i.facility_name_en : i.facility_name_zh,
		institution_name: locale === 'en' ? i.institution_name_en : i.institution_name_zh,
		area_code: i.area_code,
		city_name: locale === 'en' ? i.city_name_en : i.city_name_zh,
		value_fen: i.value_fen,
		purchase_year: i.purchase_year,
		status: i.status,
		modeList: i.modeList,
		price_hour_fen: i.price_hour_fen,
		specifications: i.specifications,
		photo_url: i.photo_url,
		confirmed_at: i.confirmed_at,
		created_at: i.created_at,
		timezone: i.timezone,
		approval_mode: i.approval_mode,
		cross_area_needs_approval: i.cross_area_needs_approval,
		slot_minutes: i.slot_minutes,
		min_minutes: i.min_minutes,
		max_minutes: i.max_minutes,
		notice_minutes: i.notice_minutes,
		horizon_days: i.horizon_days,
		cancel_deadline_minutes: i.cancel_deadline_minutes,
		buffer_minutes: i.buffer_minutes,
		max_week_minutes: i.max_week_minutes,
		max_future_bookings: i.max_future_bookings
	};
}

export const load: PageServerLoad = async ({ params, locals, url }) => {
	const db = getDb();
	const version = await catalogueVersion(db.kysely); // one read for the instrument and its prices
	const instrument = await getInstrumentDetail(db, parseId(params.id), locals.locale, version);
	if (!instrument) error(404, { message: translator(locals.locale)('error.notFound'), code: 'not_found' });
	const isInstrumentManager = managesFacility(locals.roles, instrument.facility_id);
	// independent reads, together
	const [qualification, pricing, history, checkable] = await Promise.all([
		// qualification: the required type and "may I self-operate, and why" (decided now; booking re-decides at the start)
		instrumentQualification(db, locals.user?.id ?? null, instrument),
		pricingForInstrumentPage(db, locals.user, instrument, Date.now(), version), // voucher: prices, quote, grants
		// instrument-admin: the audit history (instrument and its bookings), for its managers only
		isInstrumentManager ? instrumentHistory(db, locals.roles, instrument.id) : null,
		locals.user ? ownCheckinPanel(db, locals.user.id, instrument.id) : [] // usage: my bookings to check in/out now
	]);
	return {
		instrument: shownInstrument(instrument, locals.locale),
		openingWeek: openingWeekLines(instrument.opening_hours), // seven lines, Monday first
		isInstrumentManager,
		signedIn: locals.user !== null,
		qualification,
		pricing,
		calendarDate: /^\d{4}-\d{2}-\d{2}$/.test(url.searchParams.get('date') ?? '') ? url.searchParams.get('date') : null,
		created: url.searchParams.get('created'),
		createdStatus: url.searchParams.get('status'),
		instrumentHistory: history,
		checkable
	};
};

export const actions: Actions = {
	book: async (event) => {
		const user = requireUser(event);
		const db = getDb();
		const id = parseId(event.params.id);
		const t = translator(event.locals.locale);
		const instrument = await getInstrumentDetail(db, id);
		if (!instrument) error(404, { message: t('error.notFound'), code: 'not_found' });
		const parsed = parseBookingForm(await event.request.formData(), instrument.timezone);
		if (!parsed.ok) {
			const issues = Object.fromEntries(Object.entries(parsed.issues).map(([field, code]) => [field, problemMessage(t, { code })]));
			return fail(400, { values: parsed.raw, issues, problems: [] as { code: string; message: string }[] });
		}
		let booking;
		try {
			booking = await createBooking(db, user, { instrumentId: id, ...parsed.value });
		} catch (e) {
			if (e instanceof ServiceError && e.kind === 'conflict') {
				return fail(409, { values: parsed.raw, issues: {} as Record<string, string>, problems: translateProblems(t, e.problems) });
			}
			throw e;
		}
		redirect(303, `/instruments/${id}?created=${booking.id}&status=${booking.status}&date=${localDate(booking.start_at, instrument.timezone)}#booking`);
	},
	// schedule capability: a weekly series (all or nothing) and the wait list
	bookRecurring: bookRecurringAction,
	joinWaitlist: joinWaitlistAction
};
