import { describe, expect, it } from 'vitest';
import { Doorkeeper } from './doorkeeper';

describe('doorkeeper (admission on the second request)', () => {
	it('answers false for a first sighting and true for the next ones', () => {
		const d = new Doorkeeper(100);
		expect(d.seenBefore('zh-CN:42')).toBe(false);
		expect(d.seenBefore('zh-CN:42')).toBe(true);
		expect(d.seenBefore('zh-CN:42')).toBe(true);
		expect(d.seenBefore('en:42')).toBe(false); // another key, however alike
		expect(d.seenBefore('zh-CN:24')).toBe(false);
	});

	it('forgets what it saw after the window of first sightings has passed', () => {
		const d = new Doorkeeper(10);
		expect(d.seenBefore('a')).toBe(false);
		for (let i = 0; i < 10; i++) d.seenBefore(`other-${i}`);
		expect(d.seenBefore('a')).toBe(false); // the window passed: a first sighting again
		expect(d.seenBefore('a')).toBe(true);
	});

	it('rarely mistakes a new key for a seen one within its window (a Bloom filter of ~16 bits per key)', () => {
		const d = new Doorkeeper(2_000);
		for (let i = 0; i < 1_000; i++) d.seenBefore(`en:${i}`);
		let falsePositives = 0;
		for (let i = 0; i < 1_000; i++) if (d.seenBefore(`zh-CN:${500_000 + i}`)) falsePositives++; // ≤ 2,000 sightings: no reset
		expect(falsePositives).toBeLessThan(50); // under 5 % (about 1.5 % expected)
		// every key of the window is still recognised when asked again inside it
		for (let i = 0; i < 1_000; i++) expect(d.seenBefore(`en:${i}`)).toBe(true);
	});
});
