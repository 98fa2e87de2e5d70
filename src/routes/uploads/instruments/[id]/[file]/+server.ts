// An instrument's photo: anyone may see a published instrument's photo, only its managers an unpublished one's.
import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '$lib/server/app';
import { managesFacility } from '$lib/server/auth/roles';
import { parseId } from '$lib/server/instrument-admin/instrument-admin.form';
import { photoFileOf, readPhoto } from '$lib/server/instrument-admin/photo.store';

export const GET: RequestHandler = async ({ params, locals }) => {
	const id = parseId(params.id);
	const notFound = () => error(404, { message: 'not found', code: 'not_found' });
	if (id === null) notFound();
	const instrument = await getDb().kysely.selectFrom('instruments').select(['facility_id', 'published', 'photo_url']).where('id', '=', id!).executeTakeFirst();
	if (!instrument) notFound();
	const manager = managesFacility(locals.roles, instrument!.facility_id);
	if (!instrument!.published && !manager) notFound();
	// only the current photo is served: a replaced one is gone for everybody
	if (photoFileOf(id!, instrument!.photo_url) !== params.file) notFound();
	const photo = await readPhoto(id!, params.file);
	if (!photo) notFound();
	return new Response(new Uint8Array(photo!.bytes), {
		headers: {
			'content-type': photo!.type,
			'content-length': String(photo!.bytes.length),
			'x-content-type-options': 'nosniff',
			'content-security-policy': "default-src 'none'; sandbox",
			'cache-control': instrument!.published ? 'public, max-age=3600' : 'private, no-store'
		}
	});
};
