import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '$lib/server/app';
import { checkHealth } from '$lib/server/catalogue/catalogue.service';

/** GET /healthz: 200 { status: 'ok', database } after a trivial query; 503 JSON when the database fails. */
export const GET: RequestHandler = async () => {
	const db = getDb();
	const headers = { 'cache-control': 'no-store' };
	try {
		return json(await checkHealth(db), { headers });
	} catch (err) {
		console.error('[healthz] database check failed', err);
		return json(
			{ status: 'unavailable', database: db.dialect, error: { code: 'database_unavailable', message: 'the database did not answer', details: null } },
			{ status: 503, headers }
		);
	}
};
