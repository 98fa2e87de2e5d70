import { describe, expect, it } from 'vitest';
import { fenToYuanText, MAX_YUAN, parseYuanToFen } from './money';

describe('parseYuanToFen', () => {
	it('turns whole yuan into fen', () => expect(parseYuanToFen('800000')).toBe(80_000_000));
	it('keeps one and two decimals exactly, without floating-point drift', () => {
		expect(parseYuanToFen('0.1')).toBe(10);
		expect(parseYuanToFen('1234567.89')).toBe(123_456_789);
		expect(parseYuanToFen('0.29')).toBe(29);
	});
	it('accepts well-formed thousands separators, a currency sign and 元', () => {
		expect(parseYuanToFen('1,234,567.80')).toBe(123_456_780);
		expect(parseYuanToFen('¥ 500,000')).toBe(50_000_000);
		expect(parseYuanToFen('500000元')).toBe(50_000_000);
	});
	it('reads 万 as ten thousand yuan', () => {
		expect(parseYuanToFen('80万')).toBe(80_000_000);
		expect(parseYuanToFen('12.5万')).toBe(12_500_000);
	});
	it('accepts a number cell from a spreadsheet', () => expect(parseYuanToFen(1200.5)).toBe(120_050));
	it('rejects three decimals, negatives, words and misplaced separators', () => {
		for (const bad of ['1.234', '-5', 'abc', '', '1,23', '12,3456', '1e6', '1.2.3', '.5']) expect(parseYuanToFen(bad), bad).toBeNull();
	});
	it('accepts the maximum and rejects one fen more', () => {
		expect(parseYuanToFen(String(MAX_YUAN))).toBe(MAX_YUAN * 100);
		expect(parseYuanToFen(`${MAX_YUAN}.01`)).toBeNull();
	});
});

describe('fenToYuanText', () => {
	it('prints fen as plain yuan that parses back to the same fen', () => {
		for (const fen of [0, 1, 10, 100, 12345, 123_456_780, 80_000_000]) expect(parseYuanToFen(fenToYuanText(fen))).toBe(fen);
		expect(fenToYuanText(12345)).toBe('123.45');
		expect(fenToYuanText(12305)).toBe('123.05');
		expect(fenToYuanText(12350)).toBe('123.5');
	});
});
