// Fixed-window attempt counters kept in memory, per key (IP or account). One process's view:
// behind several processes each counts its own share, which still bounds guessing per process.

export class RateLimiter {
	private readonly hits = new Map<string, { count: number; windowStart: number }>();
	constructor(
		private readonly max: number,
		private readonly windowMs: number
	) {}

	/** Records an attempt for key; returns false when the key is over its limit in this window. */
	consume(key: string, now = Date.now()): boolean {
		const entry = this.hits.get(key);
		if (!entry || now - entry.windowStart >= this.windowMs) {
			this.hits.set(key, { count: 1, windowStart: now });
			this.sweep(now);
			return true;
		}
		entry.count += 1;
		return entry.count <= this.max;
	}

	reset(key: string): void {
		this.hits.delete(key);
	}

	private sweep(now: number): void {
		if (this.hits.size < 10_000) return;
		for (const [k, v] of this.hits) if (now - v.windowStart >= this.windowMs) this.hits.delete(k);
	}
}

/** Log-in attempts: 20 per IP and 8 per account every 15 minutes. */
export const loginByIp = new RateLimiter(Number(process.env.LOGIN_LIMIT_PER_IP ?? 20), 15 * 60_000);
export const loginByAccount = new RateLimiter(Number(process.env.LOGIN_LIMIT_PER_ACCOUNT ?? 8), 15 * 60_000);
export const registerByIp = new RateLimiter(10, 60 * 60_000);
