import { describe, expect, it } from 'vitest';
import { negotiateLocale, translator, type MessageKey } from './locale';

describe('translator', () => {
	const zh = translator('zh-CN');
	const en = translator('en');
	it('fills placeholders from params, in each locale', () => {
		expect(zh('booking.rule.length', { min: 60, max: 420 })).toBe('单次 60–420 分钟');
		expect(en('booking.rule.length', { min: 60, max: 420 })).toBe('60–420 minutes per booking');
		expect(en('booking.priceHour', { price: '¥1.00' })).toBe('¥1.00 per hour');
	});
	it('writes 0 as 0, a missing or null param as nothing, and ignores extra params', () => {
		expect(en('booking.rule.length', { min: 0, max: null, other: 'x' })).toBe('0– minutes per booking');
		expect(en('booking.rule.length', {})).toBe('– minutes per booking');
	});
	it('gives the same text on repeated calls (templates are split once and kept)', () => {
		for (let i = 0; i < 3; i++) expect(zh('booking.rule.length', { min: i, max: i + 1 })).toBe(`单次 ${i}–${i + 1} 分钟`);
	});
	it('returns a template unchanged without params, and an unknown key as itself', () => {
		expect(en('booking.rule.length')).toBe('{min}–{max} minutes per booking');
		expect(en('no.such.key' as MessageKey, { a: 1 })).toBe('no.such.key');
	});
	it('takes a param value literally, even when it looks like a placeholder or a replacement pattern', () => {
		expect(en('booking.priceHour', { price: '{min} $& $1' })).toBe('{min} $& $1 per hour');
	});
});

describe('negotiateLocale', () => {
	it('prefers the cookie, then an English Accept-Language, else Chinese', () => {
		expect(negotiateLocale('en', 'zh-CN')).toBe('en');
		expect(negotiateLocale(undefined, 'en-GB,en;q=0.9')).toBe('en');
		expect(negotiateLocale('fr', 'de')).toBe('zh-CN');
	});
});
