// The printed table and the issue's targets checked against the figures.
import type { Result } from './load';

export interface Verdict {
	target: string;
	measured: string;
	holds: boolean;
}

const find = (results: Result[], prefix: string) => results.find((r) => r.name.startsWith(prefix));

/** A scenario's requests/s over its bare ceiling's: the mean of the ceiling runs around it (run.ts), else the first. */
export function ratioOf(results: Result[], r: Result): number | null {
	if (!r.ceiling) return null;
	const ceiling = r.ceilingRps ?? find(results, r.ceiling === 'json' ? 'bare JSON' : 'bare page')?.rps;
	return ceiling && ceiling > 0 ? r.rps / ceiling : null;
}

export function verdicts(results: Result[], exportSeconds: number[], peakRssMb: number, overlaps: number): Verdict[] {
	const out: Verdict[] = [];
	const pct = (n: number | null) => (n === null ? 'n/a' : `${Math.round(n * 100)} %`);
	for (const prefix of ['catalogue search', 'availability']) {
		const r = find(results, prefix);
		if (!r) continue;
		const ratio = ratioOf(results, r);
		out.push({ target: `${prefix}: ≥ 50 % of bare JSON, p99 ≤ 50 ms`, measured: `${pct(ratio)}, p99 ${r.p99} ms`, holds: (ratio ?? 0) >= 0.5 && r.p99 <= 50 });
	}
	const page = find(results, 'instrument page');
	if (page) out.push({ target: 'instrument page: ≥ 50 % of bare page', measured: pct(ratioOf(results, page)), holds: (ratioOf(results, page) ?? 0) >= 0.5 });
	const booking = find(results, 'booking creation');
	if (booking) {
		const fivexx = Object.entries(booking.status).filter(([k]) => k.startsWith('5')).reduce((s, [, v]) => s + v, 0);
		const ratio = ratioOf(results, booking);
		const created = booking.status['2xx'] ?? 0;
		const refresh = booking.refreshSeconds !== undefined && created > 0 ? `; roll-up refresh after it ${booking.refreshSeconds} s, ${Math.round((booking.refreshSeconds * 1e6) / created)} µs per booking` : '';
		out.push({ target: 'booking creation: ≥ 30 % of bare JSON, zero overlaps, zero 5xx', measured: `${pct(ratio)}, ${overlaps} overlaps, ${fivexx} 5xx (${created} created, ${booking.status['409'] ?? 0} refused${refresh})`, holds: (ratio ?? 0) >= 0.3 && overlaps === 0 && fivexx === 0 && booking.errors === 0 });
	}
	const flows = find(results, 'evaluator flow');
	if (flows) out.push({ target: 'evaluator flow matrix for a year: p95 ≤ 50 ms', measured: `p95 ${flows.p95} ms`, holds: flows.p95 <= 50 });
	if (exportSeconds.length) {
		const worst = Math.max(...exportSeconds);
		out.push({ target: 'year CSV export ≤ 5 s', measured: `${worst.toFixed(2)} s (slowest of ${exportSeconds.length})`, holds: worst <= 5 });
	}
	out.push({ target: 'peak RSS ≤ 400 MB', measured: `${Math.round(peakRssMb)} MB`, holds: peakRssMb <= 400 });
	return out;
}

export function printTable(s: { results: Result[]; verdicts: Verdict[]; peakRssMb: number; overlaps: number }): void {
	console.log('');
	console.table(
		s.results.map((r) => {
			const ratio = ratioOf(s.results, r);
			return {
				scenario: r.name,
				'req/s': r.rps,
				'p50 ms': r.p50,
				'p95 ms': r.p95,
				'p99 ms': r.p99,
				'peak RSS MB': r.peakRssMb,
				'CPU µs/req': r.cpuUsPerRequest,
				'vs bare': ratio === null ? '—' : `${Math.round(ratio * 100)} % of ${r.ceiling}${r.ceilingRuns ? ` (${r.ceilingRuns.join('/')})` : ''}`,
				statuses: Object.entries(r.status).map(([k, v]) => `${k}:${v}`).join(' ') + (r.errors ? ` errors:${r.errors}` : '')
			};
		})
	);
	console.table(s.verdicts.map((v) => ({ target: v.target, measured: v.measured, holds: v.holds ? 'yes' : 'NO' })));
}
