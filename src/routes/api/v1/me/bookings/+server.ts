import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '$lib/server/app';
import { apiError, apiHandler } from '$lib/server/api/respond';
import { listUserBookings } from '$lib/server/booking/booking.repository';
import { translator } from '$lib/i18n/locale';

export const GET: RequestHandler = apiHandler(async ({ locals }) => {
	if (!locals.user) return apiError(401, 'unauthorized', translator(locals.locale)('error.unauthorized'));
	const rows = await listUserBookings(getDb().kysely, locals.user.id);
	return json({
		items: rows.map((r) => ({
			id: r.id,
			instrumentId: r.instrument_id,
			instrumentName: { zh: r.instrument_name_zh, en: r.instrument_name_en },
			mode: r.mode,
			start: new Date(r.start_at).toISOString(),
			end: new Date(r.end_at).toISOString(),
			status: r.status,
			purpose: r.purpose,
			project: r.project,
			quoteFen: r.quote_fen,
			decisionReason: r.decision_reason
		}))
	});
});
