// Two-process mode for `npm run bench -- --cluster`: node:cluster forks WORKERS copies of the built
// portal, which share one listening port (the primary hands connections out round-robin).
import cluster from 'node:cluster';
import path from 'node:path';
import url from 'node:url';

const buildDir = process.argv[2];
const workers = Number(process.env.WORKERS ?? 2);
if (cluster.isPrimary) {
	cluster.schedulingPolicy = cluster.SCHED_RR;
	for (let i = 0; i < workers; i++) cluster.fork();
	cluster.on('exit', (worker, code) => console.log(`[cluster] worker ${worker.process.pid} exited ${code}`));
} else {
	await import(url.pathToFileURL(path.resolve(buildDir, 'index.js')).href);
}
