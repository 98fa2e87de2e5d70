// A tiny seeded PRNG (mulberry32) with the helpers the demo builder needs. Never Math.random:
// the demo data set must be identical on every run.

/** mulberry32: 32-bit state, returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** FNV-1a hash of a label, so each part of the builder gets its own independent stream. */
function hashLabel(label: string): number {
	let h = 0x811c9dc5;
	for (let i = 0; i < label.length; i++) {
		h ^= label.charCodeAt(i);
		h = Math.imul(h, 0x01000193);
	}
	return h >>> 0;
}

export class Rng {
	private readonly next: () => number;

	constructor(label: string) {
		this.next = mulberry32(hashLabel(`jjj-demo:${label}`));
	}

	/** float in [0, 1) */
	float(): number {
		return this.next();
	}

	/** integer in [min, max] (inclusive) */
	int(min: number, max: number): number {
		return min + Math.floor(this.next() * (max - min + 1));
	}

	chance(p: number): boolean {
		return this.next() < p;
	}

	pick<T>(items: readonly T[]): T {
		if (items.length === 0) throw new Error('pick from an empty list');
		return items[Math.floor(this.next() * items.length)];
	}

	/** picks an item with probability proportional to weight(item); items with weight ≤ 0 never */
	weighted<T>(items: readonly T[], weight: (item: T) => number): T {
		let total = 0;
		for (const item of items) total += Math.max(0, weight(item));
		if (total <= 0) throw new Error('weighted pick with no positive weight');
		let r = this.next() * total;
		for (const item of items) {
			const w = Math.max(0, weight(item));
			if (r < w) return item;
			r -= w;
		}
		// rounding: the last item with a positive weight
		for (let i = items.length - 1; i >= 0; i--) if (weight(items[i]) > 0) return items[i];
		throw new Error('unreachable');
	}

	/** picks a value from [value, weight] pairs */
	choose<T>(pairs: readonly (readonly [T, number])[]): T {
		return this.weighted(pairs, (p) => p[1])[0];
	}

	/** a shuffled copy (Fisher–Yates) */
	shuffle<T>(items: readonly T[]): T[] {
		const out = items.slice();
		for (let i = out.length - 1; i > 0; i--) {
			const j = Math.floor(this.next() * (i + 1));
			[out[i], out[j]] = [out[j], out[i]];
		}
		return out;
	}
}
