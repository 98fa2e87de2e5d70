// Benchmark only (issue 7): the ceiling of a server-rendered page with a load function, inside the
// portal's own layout (so the instrument page's ratio measures its own work). BENCH_BARE=1 only.
import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = () => {
	if (process.env.BENCH_BARE !== '1') error(404, { message: 'Not found', code: 'not_found' });
	return { at: Date.now() };
};
