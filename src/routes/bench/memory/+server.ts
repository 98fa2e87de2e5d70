// Benchmark only (issue 7): what the process's memory is made of (V8 heap spaces, array buffers,
// what is outside the heap), so a peak RSS can be explained. Exists only with BENCH_BARE=1. With
// BENCH_HEAP_SNAPSHOT=<file> set on the server, ?gc=1 also writes a heap snapshot there after the
// collection (what stays live, to open in Chrome's DevTools).
import { error, json } from '@sveltejs/kit';
import fs from 'node:fs';
import v8 from 'node:v8';
import type { RequestHandler } from './$types';

const mb = (n: number) => Math.round(n / 1048576);

/** Resident kilobytes by kind of mapping (Linux): malloc's main heap, other anonymous memory (V8's heap, thread arenas, stacks), files (code). */
function residentByKind(): { mallocHeapMb: number; anonymousMb: number; fileMb: number } | null {
	let text: string;
	try {
		text = fs.readFileSync('/proc/self/smaps', 'utf8');
	} catch {
		return null;
	}
	const kb = { heap: 0, anonymous: 0, file: 0 };
	let kind: keyof typeof kb = 'anonymous';
	for (const line of text.split('\n')) {
		const head = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \d+\s*(.*)$/.exec(line);
		if (head) kind = head[1] === '[heap]' ? 'heap' : head[1].startsWith('/') ? 'file' : 'anonymous';
		else if (line.startsWith('Rss:')) kb[kind] += Number(line.slice(4).trim().split(/\s+/)[0]);
	}
	return { mallocHeapMb: Math.round(kb.heap / 1024), anonymousMb: Math.round(kb.anonymous / 1024), fileMb: Math.round(kb.file / 1024) };
}

export const GET: RequestHandler = ({ url }) => {
	if (process.env.BENCH_BARE !== '1') error(404, { message: 'Not found', code: 'not_found' });
	if (url.searchParams.get('gc') === '1') {
		(globalThis as { gc?: () => void }).gc?.();
		if (process.env.BENCH_HEAP_SNAPSHOT) v8.writeHeapSnapshot(process.env.BENCH_HEAP_SNAPSHOT.replace('%p', String(process.pid)));
	}
	const m = process.memoryUsage();
	return json({
		rssMb: mb(m.rss),
		heapTotalMb: mb(m.heapTotal),
		heapUsedMb: mb(m.heapUsed),
		externalMb: mb(m.external),
		arrayBuffersMb: mb(m.arrayBuffers),
		resident: residentByKind(),
		spaces: Object.fromEntries(v8.getHeapSpaceStatistics().map((s) => [s.space_name, { sizeMb: mb(s.space_size), usedMb: mb(s.space_used_size) }]))
	});
};
