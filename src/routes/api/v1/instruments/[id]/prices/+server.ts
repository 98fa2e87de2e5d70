import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '$lib/server/app';
import { apiError, apiHandler } from '$lib/server/api/respond';
import { instrumentPrices } from '$lib/server/pricing/price.service';
import { priceJson } from '$lib/server/pricing/price.json';

// Public: the published prices of an instrument, per mode.
export const GET: RequestHandler = apiHandler(async ({ params }) => {
	const id = Number(params.id);
	const prices = Number.isSafeInteger(id) && id > 0 ? await instrumentPrices(getDb(), id) : null;
	if (!prices) return apiError(404, 'not_found', 'instrument not found');
	return json({ instrumentId: id, currency: 'CNY', rounding: 'fen, half up', items: prices.map(priceJson) }, { headers: { 'cache-control': 'public, max-age=60' } });
});
