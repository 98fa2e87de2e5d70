import { json } from '@sveltejs/kit';
import { z } from 'zod';
import type { RequestHandler } from './$types';
import { getDb } from '$lib/server/app';
import { apiError, apiHandler } from '$lib/server/api/respond';
import { getAvailability } from '$lib/server/booking/availability.service';
import { ServiceError } from '$lib/server/booking/booking.errors';
import { serviceErrorResponse } from '$lib/server/api/booking.json';
import { translator } from '$lib/i18n/locale';
import { translateProblems } from '$lib/i18n/problems';

const query = z.object({
	from: z.iso.datetime({ offset: true }),
	to: z.iso.datetime({ offset: true })
});

// A week's answer has a few dozen instants, mostly the same slot boundaries for every instrument:
// each text is made once (toISOString was ~5 % of the request) and kept in a bounded map.
const isoTexts = new Map<number, string>();
function iso(ms: number): string {
	let text = isoTexts.get(ms);
	if (text === undefined) {
		if (isoTexts.size >= 20_000) isoTexts.clear();
		isoTexts.set(ms, (text = new Date(ms).toISOString()));
	}
	return text;
}

export const GET: RequestHandler = apiHandler(async ({ params, url, locals }) => {
	const t = translator(locals.locale);
	const id = Number(params.id);
	if (!Number.isSafeInteger(id) || id <= 0) return apiError(404, 'not_found', t('error.notFound'));
	const parsed = query.safeParse({ from: url.searchParams.get('from') ?? undefined, to: url.searchParams.get('to') ?? undefined });
	if (!parsed.success) return apiError(422, 'invalid_input', t('problem.invalid_datetime'), parsed.error.issues);
	try {
		const a = await getAvailability(getDb(), id, Date.parse(parsed.data.from), Date.parse(parsed.data.to), {
			userId: locals.user?.id ?? null,
			roles: locals.roles
		});
		return json(
			{
				instrumentId: a.instrumentId,
				timeZone: a.timeZone,
				from: parsed.data.from,
				to: parsed.data.to,
				open: a.open.map((o) => ({ start: iso(o.start), end: iso(o.end) })),
				busy: a.busy.map((b) => ({ ...b, start: iso(b.start), end: iso(b.end) })),
				closures: a.closures.map((c) => ({ ...c, start: iso(c.start), end: iso(c.end) })) // schedule capability
			},
			{ headers: { 'cache-control': 'no-store' } }
		);
	} catch (e) {
		if (e instanceof ServiceError && e.kind === 'conflict') {
			return apiError(422, 'invalid_input', t('problem.invalid_window', { days: 62 }), { problems: translateProblems(t, e.problems) });
		}
		if (e instanceof ServiceError) return serviceErrorResponse(e, t);
		throw e;
	}
});
