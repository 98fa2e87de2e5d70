import { describe, expect, it } from 'vitest';
import { creditCodeCheckChar, isValidCreditCode, withCheckChar } from './credit-code';

describe('unified social credit code', () => {
	it('accepts a published real code', () => {
		// 91350100M000100Y43 is the standard's worked example.
		expect(isValidCreditCode('91350100M000100Y43')).toBe(true);
	});
	it('rejects a code whose check character is wrong', () => {
		expect(isValidCreditCode('91350100M000100Y44')).toBe(false);
	});
	it('rejects forbidden letters, wrong length and lower case', () => {
		expect(isValidCreditCode('91350100M000100I43')).toBe(false);
		expect(isValidCreditCode('91350100M000100Y4')).toBe(false);
		expect(isValidCreditCode('91350100m000100y43')).toBe(false);
	});
	it('completes a body with its check character', () => {
		const code = withCheckChar('12100000400000624');
		expect(code).toHaveLength(18);
		expect(isValidCreditCode(code)).toBe(true);
		expect(creditCodeCheckChar('1210000040000062')).toBeNull();
	});
});
