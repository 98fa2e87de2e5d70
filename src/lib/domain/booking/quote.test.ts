import { describe, expect, it } from 'vitest';
import { quoteFen } from './quote';

describe('quoteFen', () => {
	it('charges the hourly price pro rata in whole fen, rounding half up', () => {
		expect(quoteFen(30_000, 60)).toBe(30_000);
		expect(quoteFen(30_000, 90)).toBe(45_000);
		expect(quoteFen(100, 1)).toBe(2); // 1.666… fen
		expect(quoteFen(90, 1)).toBe(2); // 1.5 fen rounds up
	});
	it('is zero for free instruments', () => {
		expect(quoteFen(0, 120)).toBe(0);
	});
});
