import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/app';
import { listQualificationTypes } from '$lib/server/qualification/qualification.service';
import { CATEGORIES } from '$lib/domain/catalogue/categories';

/** Public: every qualification type, by area and institution. */
export const load: PageServerLoad = async () => ({ types: await listQualificationTypes(getDb()), categories: CATEGORIES });
