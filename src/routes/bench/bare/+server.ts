// Benchmark only (issue 7): the ceiling a JSON endpoint of this server can reach — no database, no
// work. Exists only when the server runs with BENCH_BARE=1 (npm run bench sets it); 404 otherwise.
import { error, json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = () => {
	if (process.env.BENCH_BARE !== '1') error(404, { message: 'Not found', code: 'not_found' });
	return json({ ok: true, at: Date.now() });
};
