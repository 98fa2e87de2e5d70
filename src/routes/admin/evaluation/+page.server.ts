import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { z } from 'zod';
import { getDb } from '$lib/server/app';
import { forbidden, requireUser, serviceErrorPage } from '$lib/server/auth/guards';
import { loadScheme, updateScheme } from '$lib/server/statistics/statistics.service';
import { ServiceError } from '$lib/server/booking/booking.errors';
import { DEFAULT_SCHEME, INDICATOR_SOURCES, type EvaluationScheme } from '$lib/domain/statistics/evaluation';
import { translator } from '$lib/i18n/locale';
import { translateProblems } from '$lib/i18n/problems';

function requireAdmin(event: Parameters<PageServerLoad>[0]) {
	const user = requireUser(event);
	if (!event.locals.roles.admin) forbidden(event.locals);
	return user;
}

export const load: PageServerLoad = async (event) => {
	requireAdmin(event);
	return { scheme: await loadScheme(getDb()), sources: INDICATOR_SOURCES, saved: event.url.searchParams.has('saved') };
};

const num = z.coerce.number().finite();

function readForm(form: FormData, base: EvaluationScheme): EvaluationScheme {
	return {
		indicators: base.indicators.map((ind, i) => ({
			...ind,
			source: z.enum(INDICATOR_SOURCES as [string, ...string[]]).parse(form.get(`source${i}`)) as EvaluationScheme['indicators'][number]['source'],
			weight: num.parse(form.get(`weight${i}`)),
			floor: num.parse(form.get(`floor${i}`)),
			target: num.parse(form.get(`target${i}`))
		})),
		cutoffs: { excellent: num.parse(form.get('excellent')), good: num.parse(form.get('good')), pass: num.parse(form.get('pass')) },
		benchmarks: {
			nationalEffectiveHours: num.parse(form.get('nationalEffectiveHours')),
			nationalExternalHours: num.parse(form.get('nationalExternalHours')),
			fullUseHours: num.parse(form.get('fullUseHours')),
			moeGeneralHours: num.parse(form.get('moeGeneralHours')),
			moeSpecialHours: num.parse(form.get('moeSpecialHours'))
		},
		staleDays: num.parse(form.get('staleDays'))
	};
}

export const actions: Actions = {
	save: async (event) => {
		const user = requireAdmin(event as never);
		const t = translator(event.locals.locale);
		const form = await event.request.formData();
		const values = Object.fromEntries([...form].map(([k, v]) => [k, String(v)]));
		let scheme: EvaluationScheme;
		try {
			scheme = readForm(form, await loadScheme(getDb()));
		} catch (e) {
			if (e instanceof z.ZodError) return fail(400, { values, issues: e.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) });
			throw e;
		}
		try {
			await updateScheme(getDb(), user, event.locals.roles, scheme);
		} catch (e) {
			if (e instanceof ServiceError && e.kind === 'conflict') return fail(409, { values, problems: translateProblems(t, e.problems as never) });
			if (e instanceof ServiceError) serviceErrorPage(event.locals, e);
			throw e;
		}
		redirect(303, '/admin/evaluation?saved=1');
	},
	reset: async (event) => {
		const user = requireAdmin(event as never);
		await updateScheme(getDb(), user, event.locals.roles, DEFAULT_SCHEME);
		redirect(303, '/admin/evaluation?saved=1');
	}
};
