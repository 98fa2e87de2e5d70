import { z } from 'zod';
import type { Actions, PageServerLoad, RequestEvent } from './$types';
import { getDb } from '$lib/server/app';
import { forbidden, requireUser } from '$lib/server/auth/guards';
import { authorityAreas } from '$lib/server/voucher/access';
import { authorityProgrammes, createProgramme, setProgrammeStatus } from '$lib/server/voucher/programme.service';
import { approveGrant, authorityGrants, rejectGrant } from '$lib/server/voucher/grant.service';
import { listClaims, spendingReport } from '$lib/server/voucher/settlement.service';
import { day, id, runAction, yuan } from '$lib/server/voucher/form';

/** The issuing authority of at least one area (admin, or an evaluator); everybody else gets 403. */
function requireAuthority(event: Pick<RequestEvent, 'locals' | 'url'>) {
	const user = requireUser(event);
	const areas = authorityAreas(event.locals.roles);
	if (areas.length === 0) forbidden(event.locals);
	return { user, roles: event.locals.roles, areas };
}

export const load: PageServerLoad = async (event) => {
	const { user, roles, areas } = requireAuthority(event);
	const db = getDb();
	return {
		areas,
		programmes: await authorityProgrammes(db, areas),
		grants: await authorityGrants(db, roles),
		claims: await listClaims(db, user, roles, 'authority'),
		report: await spendingReport(db, roles),
		created: event.url.searchParams.get('created')
	};
};

const ids = z.string().default('').transform((s, ctx) => {
	const parts = s.split(/[,，\s]+/).filter(Boolean);
	if (parts.some((p) => !/^\d{1,12}$/.test(p))) {
		ctx.addIssue({ code: 'custom', message: 'field_invalid' });
		return z.NEVER;
	}
	return parts.map(Number);
});

const programmeSchema = z.object({
	issuerArea: z.enum(['BJ', 'TJ', 'HE']),
	nameZh: z.string().max(200),
	nameEn: z.string().max(200).default(''),
	year: z.coerce.number().int(),
	budget: yuan,
	ratioPercent: z.coerce.number().min(0).max(100),
	cap: yuan,
	validFrom: day,
	validTo: day,
	model: z.enum(['general', 'exchange']),
	scope: z.enum(['own_area', 'list', 'all']),
	facilityIds: ids,
	institutionIds: ids
});

export const actions: Actions = {
	create: async (event) => {
		const { user, roles } = requireAuthority(event);
		return runAction(event, 'create', programmeSchema, async (v) => {
			const p = await createProgramme(getDb(), user, roles, { ...v, ratioBp: Math.round(v.ratioPercent * 100), budgetFen: v.budget, capFen: v.cap, validTo: v.validTo + 86_400_000 });
			return `/authority/vouchers?created=${p.id}`;
		});
	},
	approve: async (event) => {
		const { user, roles } = requireAuthority(event);
		return runAction(event, 'grants', z.object({ grantId: id, amount: yuan }), async (v) => {
			await approveGrant(getDb(), user, roles, v.grantId, v.amount);
			return '/authority/vouchers#grants';
		});
	},
	reject: async (event) => {
		const { user, roles } = requireAuthority(event);
		return runAction(event, 'grants', z.object({ grantId: id, reason: z.string().max(500).default('') }), async (v) => {
			await rejectGrant(getDb(), user, roles, v.grantId, v.reason);
			return '/authority/vouchers#grants';
		});
	},
	status: async (event) => {
		const { user, roles } = requireAuthority(event);
		return runAction(event, 'status', z.object({ programmeId: id, status: z.enum(['open', 'closed']) }), async (v) => {
			await setProgrammeStatus(getDb(), user, roles, v.programmeId, v.status);
			return '/authority/vouchers';
		});
	}
};
