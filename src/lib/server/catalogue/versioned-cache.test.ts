import { describe, expect, it } from 'vitest';
import { VersionedCache } from './catalogue-cache';

/** A loader that counts its calls and answers `${key}@${call}`. */
function loader() {
	const calls: string[] = [];
	return {
		calls,
		load: (key: string) => () => {
			calls.push(key);
			return Promise.resolve(`${key}@${calls.length}`);
		}
	};
}

describe('VersionedCache', () => {
	it('keeps entries up to its bound and drops the least recently used first', async () => {
		const c = new VersionedCache<string>(2);
		const l = loader();
		await c.get(1, 'a', l.load('a'));
		await c.get(1, 'b', l.load('b'));
		expect(await c.get(1, 'a', l.load('a'))).toBe('a@1'); // a is now the most recently used
		await c.get(1, 'c', l.load('c')); // drops b
		expect(c.size).toBe(2);
		expect(await c.get(1, 'a', l.load('a'))).toBe('a@1');
		expect(await c.get(1, 'b', l.load('b'))).toBe('b@4'); // loaded again
		expect(l.calls).toEqual(['a', 'b', 'c', 'b']);
	});

	it('evicts in order over many entries (a long run of misses)', async () => {
		const c = new VersionedCache<string>(1_000);
		const l = loader();
		for (let i = 0; i < 5_000; i++) await c.get(1, `k${i}`, l.load(`k${i}`));
		expect(c.size).toBe(1_000);
		expect(await c.get(1, 'k4999', l.load('k4999'))).toBe('k4999@5000'); // kept
		await c.get(1, 'k3999', l.load('k3999')); // dropped long ago: loaded again
		expect(l.calls.length).toBe(5_001);
	});

	it('shares one load among concurrent requests for a missing key', async () => {
		const c = new VersionedCache<string>(10);
		let calls = 0;
		let release!: (v: string) => void;
		const slow = () => {
			calls++;
			return new Promise<string>((r) => (release = r));
		};
		const a = c.get(1, 'x', slow);
		const b = c.get(1, 'x', slow);
		release('x!');
		expect(await a).toBe('x!');
		expect(await b).toBe('x!');
		expect(calls).toBe(1);
	});

	it('drops every entry when a newer version is seen, and does not cache for an older one', async () => {
		const c = new VersionedCache<string>(10);
		const l = loader();
		await c.get(1, 'a', l.load('a'));
		expect(await c.get(2, 'a', l.load('a'))).toBe('a@2'); // new version: loaded again
		expect(await c.get(1, 'a', l.load('a'))).toBe('a@3'); // a racing older reader: loads, not kept
		expect(await c.get(2, 'a', l.load('a'))).toBe('a@2');
		expect(await c.get(null, 'a', l.load('a'))).toBe('a@4'); // no version: never cached
	});

	it('tells whether a read at a version would be kept', async () => {
		const c = new VersionedCache<string>(10);
		expect(c.keepsAt(null)).toBe(false);
		expect(c.keepsAt(1)).toBe(true);
		await c.get(2, 'a', () => Promise.resolve('a'));
		expect(c.keepsAt(1)).toBe(false); // older than what the cache holds
		expect(c.keepsAt(2)).toBe(true);
		expect(c.keepsAt(3)).toBe(true);
	});

	it('does not keep a failed load: the next request tries again', async () => {
		const c = new VersionedCache<string>(10);
		await expect(c.get(1, 'a', () => Promise.reject(new Error('db down')))).rejects.toThrow('db down');
		expect(await c.get(1, 'a', () => Promise.resolve('ok'))).toBe('ok');
		expect(c.size).toBe(1);
	});

	it('with admission on the second request, keeps a key only from its second request on', async () => {
		const c = new VersionedCache<string>(10, { admitOnSecondRequest: true });
		const l = loader();
		expect(await c.get(1, 'a', l.load('a'))).toBe('a@1');
		expect(c.size).toBe(0);
		expect(await c.get(1, 'a', l.load('a'))).toBe('a@2'); // seen before: kept now
		expect(await c.get(1, 'a', l.load('a'))).toBe('a@2');
		expect(c.size).toBe(1);
	});
});
