import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '$lib/server/app';
import { apiError, apiHandler } from '$lib/server/api/respond';
import { myGrants } from '$lib/server/voucher/grant.service';
import { translator } from '$lib/i18n/locale';

// The caller's enterprise's grants, with balances. Nobody else's.
export const GET: RequestHandler = apiHandler(async ({ locals }) => {
	if (!locals.user) return apiError(401, 'unauthorized', translator(locals.locale)('error.unauthorized'));
	const grants = await myGrants(getDb(), locals.user);
	return json({
		items: grants.map((g) => ({
			id: g.id,
			programmeId: g.programme_id,
			programme: { zh: g.programme_zh, en: g.programme_en },
			issuerArea: g.issuer_area,
			status: g.status,
			requestedFen: g.requested_fen,
			amountFen: g.amount_fen,
			reservedFen: g.reserved_fen,
			redeemedFen: g.redeemed_fen,
			balanceFen: g.balance_fen,
			expiresAt: new Date(g.expires_at).toISOString()
		}))
	});
});
