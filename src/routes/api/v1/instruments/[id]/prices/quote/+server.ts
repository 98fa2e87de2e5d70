import { json } from '@sveltejs/kit';
import { z } from 'zod';
import type { RequestHandler } from './$types';
import { getDb } from '$lib/server/app';
import { apiError, apiHandler } from '$lib/server/api/respond';
import { quoteFor } from '$lib/server/pricing/charge.service';

const querySchema = z.object({
	mode: z.enum(['self', 'assisted', 'sample']),
	start: z.iso.datetime({ offset: true }).optional(),
	end: z.iso.datetime({ offset: true }).optional(),
	samples: z.coerce.number().int().min(0).max(10_000).optional()
});

// The quote for the caller (internal or outside rate, free quota left); visitors get the outside rate.
export const GET: RequestHandler = apiHandler(async ({ params, url, locals }) => {
	const id = Number(params.id);
	if (!Number.isSafeInteger(id) || id <= 0) return apiError(404, 'not_found', 'instrument not found');
	const q = querySchema.parse(Object.fromEntries(url.searchParams));
	const start = q.start ? Date.parse(q.start) : 0;
	const end = q.end ? Date.parse(q.end) : 0;
	if (q.mode !== 'sample' && !(end > start)) return apiError(422, 'invalid_input', 'start and end are required for time modes');
	const exists = await getDb().kysely.selectFrom('instruments').select('id').where('id', '=', id).where('published', '=', 1).executeTakeFirst();
	if (!exists) return apiError(404, 'not_found', 'instrument not found');
	const r = await quoteFor(getDb(), locals.user, { instrumentId: id, mode: q.mode, start: start || Date.now(), end: end || Date.now(), samples: q.samples });
	return json({ feeFen: r.feeFen, unit: r.unit, rateFen: r.rateFen, quantity: r.quantity, freeQuantity: r.freeQuantity, internal: r.internal });
});
