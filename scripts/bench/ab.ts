// npm run bench:ab -- --against <build dir> [--quick] [--rounds N] [--seconds S] [--only a,b] [--no-build]
//   [--env-a K=V,…] [--env-b K=V,…]
// Compares two builds of the portal on one host and one data set: A is an earlier build kept aside
// (`npm run build && cp -r build bench-results/build-before`), B the current code (built now into
// bench-results/.build-ab unless --no-build). Both servers run at once on the same database (read
// scenarios only, so neither changes what the other reads). Each round measures every scenario on
// A and on B, each between two runs of its bare ceiling on the same server, alternating which build
// goes first; this host's speed drifts by ±20 % within minutes, which swamps a difference of a few
// points between two separate `npm run bench` runs, while the drift is shared by the interleaved
// runs of one round. Prints, per scenario and build, the median ratio to the bare ceiling and the
// server's median CPU µs per request, and the difference B − A with its spread over the rounds.
// --env-a/--env-b set variables for one server only (e.g. BENCH_NODE_ARGS=--max-semi-space-size=32,
// or the same build twice with different settings). See README "Benchmarks".
import fs from 'node:fs';
import { benchDatabase, benchInputs, privateBuild } from './data';
import { run, type Scenario } from './load';
import { scenarios } from './scenarios';
import { startServer, type Server } from './server';

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(`--${name}`);
const value = (name: string) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : undefined);
const log = (m: string) => console.log(`[ab] ${m}`);

const against = value('against');
if (!against || !fs.existsSync(`${against}/index.js`)) {
	console.error('usage: npm run bench:ab -- --against <build dir with index.js> [--quick] [--rounds N] [--seconds S] [--only page,search] [--no-build] [--env-a K=V,…] [--env-b K=V,…]');
	process.exit(2);
}
const scale = flag('quick') ? 'quick' : 'large';
const rounds = Number(value('rounds')) || 6;
const seconds = Number(value('seconds')) || 4;
const only = value('only')?.split(',') ?? ['page', 'search', 'availability'];
const envOf = (text: string | undefined): Record<string, string> =>
	Object.fromEntries((text ?? '').split(',').filter(Boolean).map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));

const median = (xs: number[]) => {
	const s = [...xs].sort((a, b) => a - b);
	return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const spread = (xs: number[]) => {
	const m = xs.reduce((a, b) => a + b, 0) / xs.length;
	return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / Math.max(1, xs.length - 1));
};

async function main() {
	const { url, dialect } = await benchDatabase(scale, false, `ab-${scale}`);
	const dirB = privateBuild('bench-results/.build-ab', !flag('no-build'));
	const inputs = await benchInputs(url, 1);
	const all = scenarios(inputs);
	const bare = { json: all.find((s) => s.name === 'bare JSON endpoint')!, page: all.find((s) => s.name === 'bare page')! };
	// read scenarios only: a booking run on one server would change what the other one reads
	const measured = all.filter((s) => s.ceiling !== null && !s.name.startsWith('booking') && only.some((w) => s.name.includes(w)));
	if (measured.length === 0) throw new Error(`no read scenario matches --only ${only.join(',')}`);
	const port = Number(process.env.BENCH_PORT ?? 4811);
	const builds = [
		{ label: 'A', dir: against!, env: envOf(value('env-a')) },
		{ label: 'B', dir: dirB, env: envOf(value('env-b')) }
	];
	log(`A = ${against} ${JSON.stringify(builds[0].env)}, B = current code ${JSON.stringify(builds[1].env)}; ${dialect} ${scale}; ${rounds} rounds of ${seconds} s per run; ${measured.map((s) => s.name).join(', ')}`);
	const servers: Server[] = [];
	// an interrupted comparison stops its servers (else they keep the ports and answer the next run)
	for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void Promise.all(servers.map((s) => s.stop())).finally(() => process.exit(130)));
	try {
		for (const [i, b] of builds.entries()) servers.push(await startServer(b.dir, port + i, url, false, `bench-results/ab-${b.label}.log`, b.env));
		const warm = async (server: Server, s: Scenario) => void (await run(server.base, { ...s, connections: Math.min(s.connections, 4) }, 1, server.pids));
		for (const server of servers) for (const s of [bare.json, bare.page, ...measured]) await warm(server, s);
		const ratios = measured.map(() => builds.map(() => [] as number[]));
		const cpu = measured.map(() => builds.map(() => [] as number[]));
		for (let r = 0; r < rounds; r++) {
			const order = r % 2 === 0 ? [0, 1] : [1, 0];
			for (const [si, s] of measured.entries()) {
				for (const bi of order) {
					const server = servers[bi];
					const ceiling = bare[s.ceiling!];
					const before = await run(server.base, ceiling, Math.max(2, seconds / 2), server.pids);
					const res = await run(server.base, s, seconds, server.pids);
					const after = await run(server.base, ceiling, Math.max(2, seconds / 2), server.pids);
					const ratio = res.rps / ((before.rps + after.rps) / 2);
					ratios[si][bi].push(ratio);
					cpu[si][bi].push(res.cpuUsPerRequest);
					const bad = Object.keys(res.status).filter((k) => !k.startsWith('2'));
					log(`round ${r + 1} ${builds[bi].label} ${s.name}: ${res.rps} req/s (${(ratio * 100).toFixed(1)} % of ${before.rps}/${after.rps}), CPU ${res.cpuUsPerRequest} µs/req${bad.length ? `, statuses ${JSON.stringify(res.status)}` : ''}`);
				}
			}
		}
		const rows = measured.map((s, si) => {
			const diffs = ratios[si][1].map((b, k) => (b - ratios[si][0][k]) * 100);
			return {
				scenario: s.name,
				'A ratio': `${(median(ratios[si][0]) * 100).toFixed(1)} %`,
				'B ratio': `${(median(ratios[si][1]) * 100).toFixed(1)} %`,
				'B − A (median of rounds)': `${median(diffs) >= 0 ? '+' : ''}${median(diffs).toFixed(1)} pts ± ${spread(diffs).toFixed(1)}`,
				'A CPU µs/req': Math.round(median(cpu[si][0])),
				'B CPU µs/req': Math.round(median(cpu[si][1]))
			};
		});
		console.table(rows);
		const file = `bench-results/ab-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
		fs.writeFileSync(file, JSON.stringify({ against, scale, dialect, rounds, seconds, builds, rows, ratios, cpu }, null, '\t'));
		log(`written ${file}`);
	} finally {
		for (const server of servers) await server.stop();
	}
}

main().catch((e) => {
	console.error(e);
	process.exit(1);
});
