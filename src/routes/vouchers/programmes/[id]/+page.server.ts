import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/app';
import { publicProgramme } from '$lib/server/voucher/programme.service';

// Public: the programme and its shared-resource list (共享资源清单) are published for everybody.
export const load: PageServerLoad = async ({ params }) => {
	const programmeId = Number(params.id);
	const found = Number.isSafeInteger(programmeId) && programmeId > 0 ? await publicProgramme(getDb(), programmeId) : null;
	if (!found) error(404, { message: 'not found', code: 'not_found' });
	return found;
};
