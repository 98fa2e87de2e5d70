import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/app';
import { requireUser } from '$lib/server/auth/guards';
import { requestCaseRecognition, requestTraining } from '$lib/server/qualification/case.service';
import { instrumentQualification } from '$lib/server/qualification/self-operation.service';
import { findInstrumentBasics } from '$lib/server/qualification/qualification.repository';
import { walletOf } from '$lib/server/qualification/wallet.service';
import { parseId } from '$lib/server/qualification/qualification.schema';
import { ServiceError } from '$lib/server/booking/booking.errors';
import { translator } from '$lib/i18n/locale';
import { translateProblems } from '$lib/i18n/problems';

async function loadInstrument(url: URL, locale: 'zh-CN' | 'en') {
	const id = parseId(url.searchParams.get('instrument'));
	const instrument = id === null ? undefined : await findInstrumentBasics(getDb().kysely, id);
	if (!instrument) error(404, { message: translator(locale)('error.notFound'), code: 'not_found' });
	return instrument;
}

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const instrument = await loadInstrument(event.url, event.locals.locale);
	const [qualification, wallet] = await Promise.all([instrumentQualification(getDb(), user.id, instrument), walletOf(getDb(), user.id)]);
	const usable = wallet.items.filter((q) => q.status === 'valid' && q.type.id !== instrument.required_qualification_type_id);
	return { instrument, qualification, usable };
};

async function submit(event: Parameters<Actions[string]>[0], kind: 'recognition' | 'training') {
	const user = requireUser(event);
	const t = translator(event.locals.locale);
	const instrument = await loadInstrument(event.url, event.locals.locale);
	const form = await event.request.formData();
	const message = String(form.get('message') ?? '').trim();
	const values = { kind, message, qualificationId: String(form.get('qualificationId') ?? ''), scope: String(form.get('scope') ?? 'instrument') };
	try {
		if (kind === 'recognition') {
			const qualificationId = parseId(values.qualificationId);
			if (qualificationId === null) return fail(400, { values, problems: translateProblems(t, [{ code: 'case_not_your_qualification' }]) });
			await requestCaseRecognition(getDb(), user.id, { instrumentId: instrument.id, qualificationId, wholeFacility: values.scope === 'facility', message });
		} else {
			await requestTraining(getDb(), user.id, instrument.id, message);
		}
	} catch (e) {
		if (e instanceof ServiceError) return fail(e.status, { values, problems: translateProblems(t, e.problems.length ? e.problems : [{ code: 'qualification_forbidden' }]) });
		throw e;
	}
	redirect(303, `/qualifications?done=${kind === 'recognition' ? 'caseRequested' : 'trainingRequested'}`);
}

export const actions: Actions = {
	recognition: (event) => submit(event, 'recognition'),
	training: (event) => submit(event, 'training')
};
