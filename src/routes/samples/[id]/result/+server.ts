import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '$lib/server/app';
import { requireUser } from '$lib/server/auth/guards';
import { ServiceError } from '$lib/server/booking/booking.errors';
import { downloadResult } from '$lib/server/sample/sample.service';

/** The result file, for the requester and the facility's managers only (anyone else: 404). */
export const GET: RequestHandler = async (event) => {
	const user = requireUser(event);
	const id = Number(event.params.id);
	if (!Number.isSafeInteger(id) || id <= 0) error(404, { message: 'not found', code: 'not_found' });
	try {
		const file = await downloadResult(getDb(), user, event.locals.roles, id);
		const ascii = file.name.replace(/[^\x20-\x7e]|["\\]/g, '_');
		return new Response(new Blob([new Uint8Array(file.bytes)]), {
			headers: {
				'content-type': 'application/octet-stream',
				'content-length': String(file.bytes.byteLength),
				'content-disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.name)}`,
				'cache-control': 'private, no-store',
				'x-content-type-options': 'nosniff'
			}
		});
	} catch (e) {
		if (e instanceof ServiceError) error(404, { message: 'not found', code: 'not_found' });
		throw e;
	}
};
