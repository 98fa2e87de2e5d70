// The benchmark scenarios (issue 7), each drawing random inputs per request, and the timed export.
import type { Scenario } from './load';
import type { BenchInputs } from './prepare';

const DAY = 86_400_000;
const TERMS = ['显微镜', '质谱', '色谱', 'X射线衍射仪', '核磁共振', 'spectrometer', '扫描电子显微镜', '激光', '光谱仪', 'NMR', '热分析', 'microscope'];
const AREAS = ['', 'BJ', 'TJ', 'HE'];
const CATEGORIES = ['', '', '01', '02', '03'];

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)];
const int = (lo: number, hi: number) => lo + Math.floor(Math.random() * (hi - lo + 1));

/** Midnight Asia/Shanghai (UTC+8, no DST) of today + days, as epoch ms. */
function shanghaiMidnight(days: number): number {
	const now = Date.now() + 8 * 3_600_000;
	return Math.floor(now / DAY) * DAY - 8 * 3_600_000 + days * DAY;
}
const iso = (ms: number) => new Date(ms).toISOString();

export function scenarios(x: BenchInputs): Scenario[] {
	const evaluator = { authorization: `Bearer ${x.evaluatorToken}` };
	return [
		{ name: 'bare JSON endpoint', ceiling: null, connections: 10, next: () => ({ path: '/bench/bare' }) },
		{ name: 'bare page', ceiling: null, connections: 10, next: () => ({ path: '/bench/page' }) },
		{
			name: 'catalogue search (text + filters)',
			ceiling: 'json',
			connections: 10,
			next: () => {
				const p = new URLSearchParams({ q: pick(TERMS) });
				const area = pick(AREAS);
				const category = pick(CATEGORIES);
				if (area) p.set('area', area);
				if (category) p.set('category', category);
				return { path: `/api/v1/instruments?${p}` };
			}
		},
		{ name: 'instrument page (SSR)', ceiling: 'page', connections: 10, next: () => ({ path: `/instruments/${pick(x.instrumentIds)}` }) },
		{
			name: 'availability, one week',
			ceiling: 'json',
			connections: 10,
			next: () => {
				const from = shanghaiMidnight(int(0, 50));
				return { path: `/api/v1/instruments/${pick(x.instrumentIds)}/availability?from=${iso(from)}&to=${iso(from + 7 * DAY)}` };
			}
		},
		{
			name: 'booking creation, 50 clients',
			ceiling: 'json',
			connections: 50,
			next: () => {
				const ins = pick(x.bookable);
				const start = shanghaiMidnight(int(2, Math.min(ins.horizonDays, 60) - 1)) + int(17, 32) * 1_800_000; // 08:30–16:00
				return {
					path: '/api/v1/bookings',
					method: 'POST',
					headers: { authorization: `Bearer ${pick(x.bookerTokens)}`, 'content-type': 'application/json' },
					body: JSON.stringify({ instrumentId: ins.id, start: iso(start), end: iso(start + 3_600_000), mode: 'assisted', purpose: '性能测试样品表征' })
				};
			}
		},
		{ name: `evaluator flow matrix, year ${x.year}`, ceiling: 'json', connections: 2, next: () => ({ path: `/api/v1/stats/flows?period=${x.year}`, headers: evaluator }) },
		{ name: `evaluator overview, year ${x.year}`, ceiling: 'json', connections: 2, next: () => ({ path: `/api/v1/stats/metrics?period=${x.year}`, headers: evaluator }) }
	];
}

/** Seconds to download the year's per-instrument CSV (the workspace's rankings export), n times. */
export async function timeExport(base: string, x: BenchInputs, n: number): Promise<number[]> {
	const out: number[] = [];
	for (let i = 0; i < n; i++) {
		const t0 = performance.now();
		const res = await fetch(`${base}/evaluate/export?table=rankings&level=instrument&period=${x.year}`, { headers: { cookie: x.evaluatorCookie }, signal: AbortSignal.timeout(90_000) }).catch((e) => {
			throw new Error(`export: no answer in 90 s (${e})`);
		});
		const text = await res.text();
		if (!res.ok) throw new Error(`export: HTTP ${res.status}: ${text.slice(0, 200)}`);
		out.push((performance.now() - t0) / 1000);
		if (i === 0) console.log(`[bench] export: ${text.split('\n').length - 1} lines, ${(text.length / 1e6).toFixed(1)} MB`);
	}
	return out;
}

/** Seconds for single requests one after another (for scenarios slower than the load window). */
export async function timeSingle(base: string, path: string, headers: Record<string, string>, n: number): Promise<number[]> {
	const out: number[] = [];
	for (let i = 0; i < n; i++) {
		const t0 = performance.now();
		const res = await fetch(base + path, { headers, signal: AbortSignal.timeout(60_000) }).catch(() => null);
		if (!res) {
			out.push(-1); // no answer within 60 s
			continue;
		}
		await res.text();
		if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
		out.push(Number(((performance.now() - t0) / 1000).toFixed(3)));
	}
	return out;
}
