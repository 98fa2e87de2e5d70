// Drives one scenario with autocannon for a bounded time and summarises it: requests/s, latency
// percentiles computed from every response (autocannon's own table has no p95), status classes,
// the server's peak resident memory sampled from /proc while the scenario ran, and the server's CPU
// time per request (user + system, from /proc/<pid>/stat): steadier than requests/s when the machine
// is shared, since it does not count time the server spent waiting for a core.
import autocannon from 'autocannon';
import fs from 'node:fs';

export interface Scenario {
	name: string;
	/** which bare ceiling the ratio is taken against */
	ceiling: 'json' | 'page' | null;
	connections: number;
	/** builds the next request (path, method, headers, body) */
	next: () => { path: string; method?: 'GET' | 'POST'; headers?: Record<string, string>; body?: string };
}

export interface Result {
	name: string;
	ceiling: 'json' | 'page' | null;
	seconds: number;
	requests: number;
	rps: number;
	p50: number;
	p95: number;
	p99: number;
	status: Record<string, number>;
	errors: number;
	peakRssMb: number;
	/** server CPU time (all its threads) per answered request, µs */
	cpuUsPerRequest: number;
	/**
	 * For a scenario with a ceiling: the bare ceiling's requests/s measured right before and right
	 * after it (run.ts), and their mean, which its ratio is taken against.
	 */
	ceilingRuns?: number[];
	ceilingRps?: number;
	/** booking creation: the statistics roll-up refresh of the bookings it created, timed right after it (s) */
	refreshSeconds?: number;
}

const percentile = (sorted: number[], p: number) => (sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]);

/** Resident set size (VmRSS) and its peak (VmHWM) of the given processes, in MB, summed. */
export function memoryOf(pids: number[]): { rss: number; hwm: number } {
	let rss = 0;
	let hwm = 0;
	for (const pid of pids) {
		try {
			const text = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
			rss += Number(/VmRSS:\s+(\d+)/.exec(text)?.[1] ?? 0) / 1024;
			hwm += Number(/VmHWM:\s+(\d+)/.exec(text)?.[1] ?? 0) / 1024;
		} catch {
			/* process gone */
		}
	}
	return { rss, hwm };
}

/** CPU time (user + system, all threads) the given processes have used so far, in µs. */
export function cpuOf(pids: number[]): number {
	const tick = 1e6 / 100; // USER_HZ is 100 on Linux
	let total = 0;
	for (const pid of pids) {
		try {
			const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
			total += (Number(fields[11]) + Number(fields[12])) * tick; // utime, stime (fields 14 and 15 of stat)
		} catch {
			/* process gone */
		}
	}
	return total;
}

export async function run(base: string, s: Scenario, seconds: number, pids: () => number[]): Promise<Result> {
	const latencies: number[] = [];
	const status: Record<string, number> = {};
	let peak = 0;
	const sampler = setInterval(() => (peak = Math.max(peak, memoryOf(pids()).rss)), 200);
	const started = Date.now();
	const cpuBefore = cpuOf(pids());
	const result = await new Promise<autocannon.Result>((resolve, reject) => {
		const instance = autocannon(
			{
				url: base,
				connections: s.connections,
				duration: seconds,
				timeout: 30,
				requests: [{ setupRequest: (req: Record<string, unknown>) => ({ ...req, method: 'GET', ...s.next() }) }]
			},
			(err, res) => (err ? reject(err) : resolve(res))
		);
		instance.on('response', (_client: unknown, code: number, _bytes: number, ms: number) => {
			latencies.push(ms);
			const cls = `${Math.floor(code / 100)}xx`;
			status[code >= 400 ? String(code) : cls] = (status[code >= 400 ? String(code) : cls] ?? 0) + 1;
		});
	});
	clearInterval(sampler);
	peak = Math.max(peak, memoryOf(pids()).rss);
	const cpu = cpuOf(pids()) - cpuBefore;
	const elapsed = (Date.now() - started) / 1000;
	latencies.sort((a, b) => a - b);
	return {
		name: s.name,
		ceiling: s.ceiling,
		seconds: Number(elapsed.toFixed(1)),
		requests: latencies.length,
		rps: Math.round(latencies.length / seconds),
		p50: round(percentile(latencies, 50)),
		p95: round(percentile(latencies, 95)),
		p99: round(percentile(latencies, 99)),
		status,
		errors: result.errors + result.timeouts,
		peakRssMb: Math.round(peak),
		cpuUsPerRequest: latencies.length > 0 ? Math.round(cpu / latencies.length) : 0
	};
}

const round = (n: number) => Math.round(n * 10) / 10;
