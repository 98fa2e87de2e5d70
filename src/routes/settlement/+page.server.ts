import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/app';
import { requireManager } from '$lib/server/auth/guards';
import { completableBookings, completeBooking } from '$lib/server/pricing/charge.service';
import { claimable, createClaim, listClaims } from '$lib/server/voucher/settlement.service';
import { listOrdersForFacilities, recordPayment, saveTemplate, templateOf } from '$lib/server/service-order/service-order.service';
import { day, id, optionalYuan, runAction, yuan } from '$lib/server/voucher/form';

export const load: PageServerLoad = async (event) => {
	const { user, roles } = requireManager(event);
	const db = getDb();
	const facilities = await db.kysely.selectFrom('facilities').select(['id', 'name_zh', 'name_en']).where('id', 'in', roles.managedFacilityIds).orderBy('id').execute();
	return {
		facilities: await Promise.all(facilities.map(async (f) => ({ ...f, terms: await templateOf(db.kysely, f.id) }))),
		completable: await completableBookings(db, roles),
		claimable: await claimable(db, user, roles, 'provider'),
		claims: await listClaims(db, user, roles, 'provider'),
		orders: await listOrdersForFacilities(db, roles),
		completed: event.url.searchParams.get('completed'),
		saved: event.url.searchParams.get('saved')
	};
};

export const actions: Actions = {
	complete: async (event) => {
		const { user, roles } = requireManager(event);
		return runAction(event, 'complete', z.object({ bookingId: id, adjusted: optionalYuan.optional(), reason: z.string().max(500).default('') }), async (v) => {
			await completeBooking(getDb(), user, roles, v.bookingId, { adjustedFen: v.adjusted ?? null, reason: v.reason });
			return `/settlement?completed=${v.bookingId}`;
		});
	},
	claim: async (event) => {
		const { user, roles } = requireManager(event);
		return runAction(event, 'claim', z.object({ programmeId: id, facilityId: id, from: day, to: day }), async (v) => {
			const c = await createClaim(getDb(), user, roles, { kind: 'provider', programmeId: v.programmeId, facilityId: v.facilityId, periodFrom: v.from, periodTo: v.to + 86_400_000 });
			return `/settlement/claims/${c.id}`;
		});
	},
	payment: async (event) => {
		const { user, roles } = requireManager(event);
		return runAction(event, 'payment', z.object({ orderId: id, receiptNo: z.string().max(100), paid: yuan }), async (v) => {
			await recordPayment(getDb(), user, roles, v.orderId, v.receiptNo, v.paid);
			return `/settlement?saved=payment#orders`;
		});
	},
	template: async (event) => {
		const { user, roles } = requireManager(event);
		return runAction(event, 'template', z.object({ facilityId: id, ipTerms: z.string().max(4000), confidentialityTerms: z.string().max(4000) }), async (v) => {
			await saveTemplate(getDb(), user, roles, v.facilityId, v.ipTerms, v.confidentialityTerms);
			return `/settlement?saved=template#terms`;
		});
	}
};
