import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/app';
import { requireUser } from '$lib/server/auth/guards';
import { publicProgrammes } from '$lib/server/voucher/programme.service';
import { applyForGrant, myGrants } from '$lib/server/voucher/grant.service';
import { claimable, createClaim, listClaims } from '$lib/server/voucher/settlement.service';
import { listOrdersOfInstitution } from '$lib/server/service-order/service-order.service';
import { day, id, runAction, yuan } from '$lib/server/voucher/form';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const db = getDb();
	const institution = await db.kysely.selectFrom('institutions').select(['kind', 'area_code']).where('id', '=', user.institutionId).executeTakeFirst();
	return {
		isEnterprise: institution?.kind === 'enterprise',
		programmes: await publicProgrammes(db),
		grants: await myGrants(db, user),
		orders: await listOrdersOfInstitution(db, user),
		claims: await listClaims(db, user, event.locals.roles, 'enterprise'),
		claimable: await claimable(db, user, event.locals.roles, 'enterprise'),
		applied: event.url.searchParams.get('applied')
	};
};

export const actions: Actions = {
	apply: async (event) => {
		const user = requireUser(event);
		return runAction(event, 'apply', z.object({ programmeId: id, amount: yuan, purpose: z.string().max(500).default('') }), async (v) => {
			const g = await applyForGrant(getDb(), user, v.programmeId, v.amount, v.purpose);
			return `/vouchers?applied=${g.id}#grants`;
		});
	},
	claim: async (event) => {
		const user = requireUser(event);
		return runAction(event, 'claim', z.object({ programmeId: id, from: day, to: day }), async (v) => {
			const c = await createClaim(getDb(), user, event.locals.roles, { kind: 'enterprise', programmeId: v.programmeId, periodFrom: v.from, periodTo: v.to + 86_400_000 });
			return `/settlement/claims/${c.id}`;
		});
	}
};
