import { fail } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { getDb } from '$lib/server/app';
import { requireUser } from '$lib/server/auth/guards';
import { ServiceError } from '$lib/server/booking/booking.errors';
import { feedStatus, resetFeedToken } from '$lib/server/calendar-feed/calendar-feed.service';

export const load: PageServerLoad = async (event) => {
	const user = requireUser(event);
	const db = getDb();
	const facilityIds = event.locals.roles.managedFacilityIds;
	const instruments = facilityIds.length
		? await db.kysely.selectFrom('instruments').select(['id', 'name_zh', 'name_en']).where('facility_id', 'in', facilityIds).where('status', '!=', 'retired').orderBy('id').limit(500).execute()
		: [];
	const mine = await feedStatus(db, 'user', [user.id]);
	const theirs = await feedStatus(db, 'instrument', instruments.map((i) => i.id));
	return {
		mine: mine.get(user.id) ?? null,
		instruments: instruments.map((i) => ({ ...i, createdAt: theirs.get(i.id) ?? null }))
	};
};

const resetSchema = z.object({ scope: z.enum(['user', 'instrument']), subjectId: z.coerce.number().int().nonnegative() });

export const actions: Actions = {
	reset: async (event) => {
		const user = requireUser(event);
		const parsed = resetSchema.safeParse(Object.fromEntries(await event.request.formData()));
		if (!parsed.success) return fail(400, { issues: parsed.error.flatten().fieldErrors });
		const { scope, subjectId } = parsed.data;
		try {
			const token = await resetFeedToken(getDb(), user, event.locals.roles, scope, scope === 'user' ? user.id : subjectId);
			return { scope, subjectId, url: `${event.url.origin}/feeds/${token}.ics` };
		} catch (e) {
			if (e instanceof ServiceError) return fail(e.status, { problems: [e.kind] });
			throw e;
		}
	}
};
