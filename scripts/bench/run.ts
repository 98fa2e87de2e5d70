// npm run bench [-- --quick] [--cluster] [--reseed] [--no-build] [--seconds N] [--only a,b]
// (--only: scenarios whose names contain one of the words, plus the bare ceilings; BENCH_NODE_ARGS:
// extra node flags for the server, e.g. --cpu-prof)
// Builds the portal, starts it on the scale data set (DATABASE_URL=postgres://… for PostgreSQL,
// else a SQLite copy of data/bench-<scale>.db), drives it from this process with autocannon and
// prints requests/s, p50/p95/p99, peak RSS and the ratio to the bare ceilings measured on the same
// server; writes bench-results/<timestamp>.json. See README "Benchmarks".
import fs from 'node:fs';
import os from 'node:os';
import { createDb } from '../../src/lib/server/db/dialect';
import type { ScaleName } from '../../src/lib/server/demo/scale';
import { benchDatabase, benchInputs, privateBuild } from './data';
import { countOverlaps } from './prepare';
import { startServer } from './server';
import { memoryOf, run, type Result } from './load';
import { scenarios, timeExport, timeSingle } from './scenarios';
import { printTable, verdicts } from './report';

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(`--${name}`);
const scale: ScaleName = flag('quick') ? 'quick' : 'large';
const seconds = Number(args[args.indexOf('--seconds') + 1]) || (flag('quick') ? 4 : 12);
const clustered = flag('cluster');
const only = flag('only') ? args[args.indexOf('--only') + 1].split(',') : null;
const wanted = (name: string) => !only || name.startsWith('bare') || only.some((w) => name.includes(w));
const port = Number(process.env.BENCH_PORT ?? 4811);
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
fs.mkdirSync('bench-results', { recursive: true });
const log = (m: string) => console.log(`[bench] ${m}`);

/** What the (first) server process's memory is made of now (the /bench/memory endpoint), for the log. */
async function memoryReport(base: string, gc = false): Promise<string> {
	try {
		const m = (await (await fetch(`${base}/bench/memory${gc ? '?gc=1' : ''}`)).json()) as Record<string, number> & { resident: Record<string, number> | null };
		const r = m.resident ? ` (resident: malloc heap ${m.resident.mallocHeapMb} MB, other anonymous ${m.resident.anonymousMb} MB, files ${m.resident.fileMb} MB)` : '';
		return `rss ${m.rssMb} MB = V8 heap ${m.heapTotalMb} MB (used ${m.heapUsedMb}) + external ${m.externalMb} MB + other${r}`;
	} catch {
		return 'n/a';
	}
}

async function main() {
	const started = Date.now();
	const load = os.loadavg().map((n) => n.toFixed(2));
	log(`scale ${scale}, ${seconds} s per scenario, ${clustered ? 'two processes (node:cluster)' : 'one process'}; load average before: ${load.join(' ')}`);
	const { url, dialect } = await benchDatabase(scale, flag('reseed'));
	log(`database ready (${dialect}) after ${((Date.now() - started) / 1000).toFixed(0)} s`);
	const buildDir = privateBuild('bench-results/.build', !flag('no-build'));
	const inputs = await benchInputs(url, 50);
	const server = await startServer(buildDir, port, url, clustered, `bench-results/server-${stamp}.log`);
	// an interrupted run stops its server (else it keeps the port and answers the next run)
	for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void server.stop().finally(() => process.exit(130)));
	log(`server up (pids ${server.pids().join(',')}) after ${((Date.now() - started) / 1000).toFixed(0)} s`);
	const results: Result[] = [];
	let exportTimes: number[] = [];
	const single: Record<string, number[]> = {};
	let overlaps = -1;
	let workloadPeak: number | null = null;
	try {
		// The machine's speed drifts by ±15–30 % over minutes (a shared host), so each scenario is
		// measured between two runs of its bare ceiling and its ratio is taken against their mean:
		// bare JSON, search, bare JSON; bare page, page, bare page; bare JSON, availability, bare JSON, …
		const all = scenarios(inputs);
		const bare = { json: all.find((s) => s.name === 'bare JSON endpoint')!, page: all.find((s) => s.name === 'bare page')! };
		const measured = all.filter((s) => s.ceiling !== null && wanted(s.name));
		const ceilingSeconds = Math.max(3, Math.round(seconds / 2));
		const measure = async (s: (typeof all)[number], secs: number) => {
			// a short warm-up so each route is compiled and its caches primed before it is measured
			await run(server.base, { ...s, connections: Math.min(s.connections, 4) }, 1, server.pids);
			const r = await run(server.base, s, secs, server.pids);
			results.push(r);
			log(`${r.name}: ${r.rps} req/s, p99 ${r.p99} ms, status ${JSON.stringify(r.status)}; memory after: ${await memoryReport(server.base)}`);
			return r;
		};
		let last: { kind: 'json' | 'page'; result: Result } | null = null;
		for (const s of measured) {
			const kind = s.ceiling!;
			const before = last?.kind === kind ? last.result : await measure(bare[kind], ceilingSeconds);
			const r = await measure(s, seconds);
			if (s.name.startsWith('booking creation')) {
				// the roll-ups of the statistics follow every booking (triggers note them, a refresh
				// recomputes the instrument-months); a statistics question refreshes first: timed alone
				const [t] = await timeSingle(server.base, `/api/v1/stats/flows?period=${inputs.year}`, { authorization: `Bearer ${inputs.evaluatorToken}` }, 1);
				r.refreshSeconds = t;
				const created = r.status['2xx'] ?? 0;
				log(`roll-up refresh of the ${created} bookings created: ${t} s (${created > 0 ? Math.round((t * 1e6) / created) : 0} µs per booking)`);
			}
			const after = await measure(bare[kind], ceilingSeconds);
			r.ceilingRuns = [before.rps, after.rps];
			r.ceilingRps = Math.round((before.rps + after.rps) / 2);
			last = { kind, result: after };
		}
		// one request at a time, after the load: what a single evaluator waits for
		if (only && !only.includes('export')) return;
		const evaluator = { authorization: `Bearer ${inputs.evaluatorToken}` };
		single.flows = await timeSingle(server.base, `/api/v1/stats/flows?period=${inputs.year}`, evaluator, 2);
		single.overview = await timeSingle(server.base, `/api/v1/stats/metrics?period=${inputs.year}`, evaluator, 2);
		log(`single requests (s): ${JSON.stringify(single)}`);
		exportTimes = await timeExport(server.base, inputs, flag('quick') ? 2 : 1).catch((e) => {
			log(String(e));
			return [Infinity];
		});
		log(`year CSV export: ${exportTimes.map((t) => t.toFixed(2)).join(', ')} s; memory after: ${await memoryReport(server.base)}`);
		// the peak of the workload, read before the diagnostic collection below (a forced full
		// collection with compaction needs room of its own for a moment)
		workloadPeak = memoryOf(server.pids()).hwm;
		log(`after a full garbage collection (what stays live): ${await memoryReport(server.base, true)}`);
	} finally {
		const peak = workloadPeak ?? memoryOf(server.pids()).hwm;
		await server.stop();
		const check = createDb(url);
		overlaps = await countOverlaps(check);
		await check.close();
		const summary = { scale, dialect, clustered, secondsPerScenario: seconds, loadAverageBefore: load, loadAverageAfter: os.loadavg().map((n) => n.toFixed(2)), cpus: os.cpus().length, peakRssMb: Math.round(peak), overlaps, singleRequestSeconds: single, exportSeconds: exportTimes, results, verdicts: verdicts(results, exportTimes, peak, overlaps), totalSeconds: Math.round((Date.now() - started) / 1000) };
		printTable(summary);
		const file = `bench-results/${stamp}.json`;
		fs.writeFileSync(file, JSON.stringify(summary, null, '\t'));
		log(`written ${file}; whole run ${summary.totalSeconds} s`);
	}
}

main().catch((e) => {
	console.error(e);
	process.exit(1);
});
