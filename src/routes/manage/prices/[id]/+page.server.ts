import { error } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/app';
import { requireFacilityManager, requireUser } from '$lib/server/auth/guards';
import { instrumentPrices, removeRule, saveRule } from '$lib/server/pricing/price.service';
import { INSTITUTION_KINDS, PRICE_MODES } from '$lib/domain/pricing/price-rules';
import { runAction, yuan } from '$lib/server/voucher/form';

async function instrumentOf(raw: string) {
	const n = Number(raw);
	const row = Number.isSafeInteger(n) && n > 0 ? await getDb().kysely.selectFrom('instruments').select(['id', 'facility_id', 'name_zh', 'name_en', 'modes', 'price_hour_fen']).where('id', '=', n).executeTakeFirst() : undefined;
	if (!row) error(404, { message: 'not found', code: 'not_found' });
	return row;
}

export const load: PageServerLoad = async (event) => {
	requireUser(event);
	const instrument = await instrumentOf(event.params.id);
	requireFacilityManager(event, instrument.facility_id);
	return { instrument, prices: (await instrumentPrices(getDb(), instrument.id)) ?? [], kinds: INSTITUTION_KINDS, saved: event.url.searchParams.get('saved') };
};

const ruleSchema = z.object({
	mode: z.enum(PRICE_MODES as ['self', 'assisted', 'sample']),
	unit: z.enum(['hour', 'sample']),
	internal: yuan,
	outside: yuan,
	minBilledMinutes: z.coerce.number().int().default(1),
	freeQuotaPerYear: z.coerce.number().int().default(0),
	__all: z.record(z.string(), z.array(z.string()))
});

export const actions: Actions = {
	save: async (event) => {
		const user = requireUser(event);
		const instrument = await instrumentOf(event.params.id);
		requireFacilityManager(event, instrument.facility_id);
		return runAction(event, 'save', ruleSchema, async (v) => {
			const freeKinds = (v.__all.freeKinds ?? []) as (typeof INSTITUTION_KINDS)[number][];
			await saveRule(getDb(), user, event.locals.roles, instrument.id, { mode: v.mode, unit: v.unit, internalFen: v.internal, outsideFen: v.outside, minBilledMinutes: v.minBilledMinutes, freeQuotaPerYear: v.freeQuotaPerYear, freeKinds });
			return `/manage/prices/${instrument.id}?saved=${v.mode}`;
		});
	},
	remove: async (event) => {
		const user = requireUser(event);
		const instrument = await instrumentOf(event.params.id);
		requireFacilityManager(event, instrument.facility_id);
		return runAction(event, 'remove', z.object({ mode: z.enum(['self', 'assisted', 'sample']) }), async (v) => {
			await removeRule(getDb(), user, event.locals.roles, instrument.id, v.mode);
			return `/manage/prices/${instrument.id}`;
		});
	}
};
