// Starts the built portal for the benchmark (one process, or a node:cluster of two) on 127.0.0.1
// and waits until /healthz answers; stop() ends exactly the processes it started.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';

/**
 * The V8 heap settings `npm start` runs the portal with (package.json), so the benchmark measures the
 * server as it is started: old generation capped at 240 MB (V8 otherwise lets an 80 MB live heap grow
 * to 500 MB under load before it collects), young generation 2 × 16 MB (node's default).
 */
export function startNodeFlags(): string[] {
	const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> };
	return pkg.scripts.start.match(/--max-[a-z-]+-size=\d+/g) ?? [];
}

export interface Server {
	base: string;
	/** the processes serving requests (the workers in cluster mode) */
	pids(): number[];
	stop(): Promise<void>;
}

/** extraEnv: variables for this server only (BENCH_NODE_ARGS among them: node flags, after the start flags) */
export async function startServer(buildDir: string, port: number, databaseUrl: string, clustered: boolean, logFile: string, extraEnv: Record<string, string> = {}): Promise<Server> {
	const base = `http://127.0.0.1:${port}`;
	const env: NodeJS.ProcessEnv = {
		...process.env,
		PORT: String(port),
		HOST: '127.0.0.1',
		ORIGIN: base,
		DATABASE_URL: databaseUrl,
		BENCH_BARE: '1',
		PORTAL_DEMO: '0',
		// no 30-s roll-up refresh timer: the refresh of the bookings the booking scenario made runs at
		// one known moment, after it, and is timed on its own (run.ts) instead of landing in whichever
		// scenario the timer happens to hit
		STATS_REFRESH_MS: '0',
		BODY_SIZE_LIMIT: '25M',
		NODE_ENV: 'production',
		...extraEnv
	};
	// a server left over from an interrupted run would answer the health check below in place of this one
	const taken = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(1_000) }).then(
		() => true,
		() => false
	);
	if (taken) throw new Error(`port ${port} already answers (a server left from an earlier run?): stop it or set BENCH_PORT`);
	const out = fs.openSync(logFile, 'a');
	// --expose-gc: only /bench/memory?gc=1 (BENCH_BARE) calls it, once, after the measurements
	const nodeArgs = ['--expose-gc', ...startNodeFlags(), ...(env.BENCH_NODE_ARGS ?? '').split(/\s+/).filter(Boolean)];
	const args = [...nodeArgs, ...(clustered ? ['scripts/bench/cluster.js', buildDir] : [`${buildDir}/index.js`])];
	const child: ChildProcess = spawn(process.execPath, args, { env, stdio: ['ignore', out, out] });
	const children = () => {
		try {
			return fs.readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
		} catch {
			return [];
		}
	};
	const pids = () => (clustered ? children() : [child.pid!]);
	const deadline = Date.now() + 120_000;
	for (;;) {
		if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}); see ${logFile}`);
		try {
			const res = await fetch(`${base}/bench/bare`);
			if (res.ok && (!clustered || pids().length >= 2)) break;
		} catch {
			/* not listening yet */
		}
		if (Date.now() > deadline) throw new Error(`server did not start in 120 s; see ${logFile}`);
		await new Promise((r) => setTimeout(r, 300));
	}
	return {
		base,
		pids,
		async stop() {
			const exited = new Promise((r) => child.once('exit', r));
			child.kill('SIGTERM');
			await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
			if (child.exitCode === null) child.kill('SIGKILL');
		}
	};
}
