import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/app';
import { requireUser } from '$lib/server/auth/guards';
import { ServiceError } from '$lib/server/booking/booking.errors';
import { cancelSample, listMySamples, requestSample } from '$lib/server/sample/sample.service';
import { sampleRequestSchema } from '$lib/server/usage/usage.json';
import { translator } from '$lib/i18n/locale';
import { problemMessage, translateProblems } from '$lib/i18n/problems';
import { pricingForInstrumentPage } from '$lib/server/pricing/page-context'; // sample vouchers

const FIELD_PROBLEM: Record<string, string> = { sampleCount: 'sample_count', sampleKind: 'sample_kind_required', wantedDate: 'invalid_date', instrumentId: 'not_found' };

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const db = getDb();
	const instrumentId = Number(event.url.searchParams.get('instrument'));
	const instrument =
		Number.isSafeInteger(instrumentId) && instrumentId > 0
			? ((await db.kysely.selectFrom('instruments').select(['id', 'name_zh', 'name_en', 'modes', 'facility_id', 'institution_id', 'area_code', 'timezone', 'price_hour_fen']).where('id', '=', instrumentId).where('published', '=', 1).executeTakeFirst()) ?? null)
			: null;
	const offersSample = instrument !== null && instrument.modes.split(',').includes('sample'); // sample vouchers
	return {
		pricing: offersSample ? await pricingForInstrumentPage(db, user, instrument!) : null, // sample vouchers: quote and grants
		samples: await listMySamples(db, user),
		instrument: instrument && instrument.modes.split(',').includes('sample') ? instrument : null,
		created: event.url.searchParams.get('created'),
		cancelled: event.url.searchParams.get('cancelled')
	};
};

export const actions: Actions = {
	request: async (event) => {
		const user = requireUser(event);
		const t = translator(event.locals.locale);
		const form = await event.request.formData();
		const raw = Object.fromEntries(['instrumentId', 'sampleCount', 'sampleKind', 'hazards', 'wantedDate', 'notes', 'voucherGrantId' /* sample vouchers */].map((k) => [k, String(form.get(k) ?? '')]));
		const parsed = sampleRequestSchema.safeParse(raw);
		if (!parsed.success) {
			const issues: Record<string, string> = {};
			for (const issue of parsed.error.issues) {
				const field = String(issue.path[0] ?? '');
				issues[field] ??= problemMessage(t, { code: FIELD_PROBLEM[field] ?? 'invalid_input' });
			}
			return fail(400, { values: raw, issues, problems: [] as { code: string; message: string }[] });
		}
		let id: number;
		try {
			id = (await requestSample(getDb(), user, { ...parsed.data, wantedDate: parsed.data.wantedDate ?? null })).id; // sample vouchers: voucherGrantId parsed with the rest
		} catch (e) {
			if (e instanceof ServiceError && e.kind === 'conflict') return fail(409, { values: raw, issues: {} as Record<string, string>, problems: translateProblems(t, e.problems) });
			if (e instanceof ServiceError) error(e.status, { message: t('error.notFound'), code: e.kind });
			throw e;
		}
		redirect(303, `/samples?created=${id}`);
	},
	cancel: async (event) => {
		const user = requireUser(event);
		const t = translator(event.locals.locale);
		const id = Number((await event.request.formData()).get('id'));
		if (!Number.isSafeInteger(id) || id <= 0) error(404, { message: t('error.notFound'), code: 'not_found' });
		try {
			await cancelSample(getDb(), user, id);
		} catch (e) {
			if (e instanceof ServiceError && e.kind === 'conflict') return fail(409, { values: {} as Record<string, string>, issues: {} as Record<string, string>, problems: translateProblems(t, e.problems) });
			if (e instanceof ServiceError) error(e.status, { message: t('error.notFound'), code: e.kind });
			throw e;
		}
		redirect(303, `/samples?cancelled=${id}`);
	}
};
