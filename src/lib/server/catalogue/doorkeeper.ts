// Admission to a cache on the second request (TinyLFU's "doorkeeper"): a cache whose keys are
// requested uniformly over a space far larger than the cache (random instrument pages over 50,000
// instruments, 2,000 kept) gains almost no hits by keeping every miss, and pays for it: each kept
// entry outlives the young generation, is promoted, and dies later in the old one, which makes the
// garbage collector's most expensive kind of work (measured: the instrument page at 957 µs of CPU
// without its two caches against 1,084 µs with them). A key is kept only when it was asked for once
// already within the last `window` first sightings, so the instruments people come back to are
// cached at their second view and a sweep through the catalogue passes by.
//
// The sightings are a Bloom filter of bits (two hash functions over a power-of-two bit array, about
// 16 bits per sighting): nothing is allocated per request and no key is kept. A false positive only
// admits an entry one request early. The filter is emptied after `window` sightings.

/** Two 32-bit FNV-1a style hashes of a string, with different offsets, in one pass. */
function hashes(key: string): [number, number] {
	let a = 0x811c9dc5;
	let b = 0x01000193 ^ 0x5bd1e995;
	for (let i = 0; i < key.length; i++) {
		const c = key.charCodeAt(i);
		a = Math.imul(a ^ c, 0x01000193);
		b = Math.imul(b ^ c, 0x5bd1e995);
		b ^= b >>> 15;
	}
	return [a >>> 0, (b ^ (b >>> 13)) >>> 0];
}

export class Doorkeeper {
	private readonly bits: Uint32Array;
	private readonly mask: number;
	private sightings = 0;

	/** window: how many first sightings are remembered before the filter is emptied (≥ 1) */
	constructor(private readonly window: number) {
		let size = 64;
		while (size < window * 16) size *= 2; // bits
		this.bits = new Uint32Array(size / 32);
		this.mask = size - 1;
	}

	/**
	 * Whether the key was seen since the filter was last emptied; marks it seen. The first call for a
	 * key answers false, the next ones true (until the window passes).
	 */
	seenBefore(key: string): boolean {
		const [h1, h2] = hashes(key);
		const i = h1 & this.mask;
		const j = h2 & this.mask;
		const seen = (this.bits[i >>> 5] & (1 << (i & 31))) !== 0 && (this.bits[j >>> 5] & (1 << (j & 31))) !== 0;
		if (seen) return true;
		if (this.sightings >= this.window) {
			this.bits.fill(0);
			this.sightings = 0;
		}
		this.bits[i >>> 5] |= 1 << (i & 31);
		this.bits[j >>> 5] |= 1 << (j & 31);
		this.sightings++;
		return false;
	}
}
