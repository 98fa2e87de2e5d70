import { error } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/app';
import { requireUser } from '$lib/server/auth/guards';
import { claimDetail, markPaid, reviewLine } from '$lib/server/voucher/settlement.service';
import { ServiceError } from '$lib/server/booking/booking.errors';
import { id, runAction } from '$lib/server/voucher/form';

function claimId(raw: string): number {
	const n = Number(raw);
	if (!Number.isSafeInteger(n) || n <= 0) error(404, { message: 'not found', code: 'not_found' });
	return n;
}

// The claimant (provider managers or the enterprise) and the issuing authority see a claim; nobody else.
export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	try {
		return await claimDetail(getDb(), user, event.locals.roles, claimId(event.params.id));
	} catch (e) {
		if (e instanceof ServiceError) error(404, { message: 'not found', code: 'not_found' });
		throw e;
	}
};

export const actions: Actions = {
	review: async (event) => {
		const user = requireUser(event);
		const cid = claimId(event.params.id);
		return runAction(event, 'review', z.object({ lineId: id, decision: z.enum(['approved', 'rejected']), reason: z.string().max(500).default('') }), async (v) => {
			await reviewLine(getDb(), user, event.locals.roles, v.lineId, v.decision, v.reason);
			return `/settlement/claims/${cid}`;
		});
	},
	paid: async (event) => {
		const user = requireUser(event);
		const cid = claimId(event.params.id);
		return runAction(event, 'paid', z.object({ reference: z.string().max(200) }), async (v) => {
			await markPaid(getDb(), user, event.locals.roles, cid, v.reference);
			return `/settlement/claims/${cid}`;
		});
	}
};
