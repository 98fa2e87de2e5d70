import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '$lib/server/app';
import { apiHandler } from '$lib/server/api/respond';
import { publicProgramme, publicProgrammes } from '$lib/server/voucher/programme.service';

// Public: every voucher programme with its shared-resource list.
export const GET: RequestHandler = apiHandler(async () => {
	const db = getDb();
	const items = [];
	for (const p of await publicProgrammes(db)) {
		const detail = await publicProgramme(db, p.id);
		items.push({
			id: p.id,
			issuerArea: p.issuer_area,
			name: { zh: p.name_zh, en: p.name_en },
			year: p.year,
			budgetFen: p.budget_fen,
			ratioBp: p.ratio_bp,
			capFen: p.cap_fen,
			validFrom: new Date(p.valid_from).toISOString(),
			validTo: new Date(p.valid_to).toISOString(),
			model: p.model,
			scope: p.scope,
			status: p.status,
			providers: (detail?.providers ?? []).map((r) => ({ facilityId: r.facility_id, institutionId: r.institution_id, area: r.facility_area ?? r.institution_area }))
		});
	}
	return json({ items });
});
