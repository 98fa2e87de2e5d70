// Benchmark only (issue 7): what the process's memory is made of (V8 heap spaces, array buffers,
// what is outside the heap), so a peak RSS can be explained. Exists only with BENCH_BARE=1.
import { error, json } from '@sveltejs/kit';
import v8 from 'node:v8';
import type { RequestHandler } from './$types';

const mb = (n: number) => Math.round(n / 1048576);

export const GET: RequestHandler = ({ url }) => {
	if (process.env.BENCH_BARE !== '1') error(404, { message: 'Not found', code: 'not_found' });
	if (url.searchParams.get('gc') === '1') (globalThis as { gc?: () => void }).gc?.();
	const m = process.memoryUsage();
	return json({
		rssMb: mb(m.rss),
		heapTotalMb: mb(m.heapTotal),
		heapUsedMb: mb(m.heapUsed),
		externalMb: mb(m.external),
		arrayBuffersMb: mb(m.arrayBuffers),
		spaces: Object.fromEntries(v8.getHeapSpaceStatistics().map((s) => [s.space_name, { sizeMb: mb(s.space_size), usedMb: mb(s.space_used_size) }]))
	});
};
