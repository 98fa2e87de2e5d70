// Display formats: times in Asia/Shanghai, money from integer fen to yuan.
import type { Locale } from './locale';

export const DISPLAY_ZONE = 'Asia/Shanghai';

const cache = new Map<string, Intl.DateTimeFormat>();
function dtf(locale: Locale, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
	const key = locale + JSON.stringify(options);
	let f = cache.get(key);
	if (!f) {
		f = new Intl.DateTimeFormat(locale, { timeZone: DISPLAY_ZONE, hourCycle: 'h23', ...options });
		cache.set(key, f);
	}
	return f;
}

/** "2026-11-27 09:30" style date and time in Asia/Shanghai. */
export function formatDateTime(ms: number, locale: Locale): string {
	return dtf(locale, { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).format(ms);
}

export function formatTime(ms: number, locale: Locale): string {
	return dtf(locale, { hour: '2-digit', minute: '2-digit' }).format(ms);
}

export function formatDate(ms: number, locale: Locale): string {
	return dtf(locale, { year: 'numeric', month: '2-digit', day: '2-digit' }).format(ms);
}

// Building an Intl formatter costs far more than formatting with it (pages format dozens of amounts).
const numberFormats = new Map<string, Intl.NumberFormat>();
function nf(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
	const key = locale + JSON.stringify(options);
	let f = numberFormats.get(key);
	if (!f) numberFormats.set(key, (f = new Intl.NumberFormat(locale, options)));
	return f;
}

/** Formats integer fen as yuan with two decimals, e.g. 123456 → "¥1,234.56". */
export function formatFen(fen: number, locale: Locale): string {
	return nf(locale, { style: 'currency', currency: 'CNY', minimumFractionDigits: 2 }).format(fen / 100);
}

/** Formats a large value in fen as 万元 (zh) or yuan (en). */
export function formatValue(fen: number, locale: Locale): string {
	if (locale === 'zh-CN') return `${nf('zh-CN', { maximumFractionDigits: 2 }).format(fen / 100 / 10_000)} 万元`;
	return formatFen(fen, locale);
}
