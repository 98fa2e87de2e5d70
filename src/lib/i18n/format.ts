// Display formats: times in Asia/Shanghai, money from integer fen to yuan.
import type { Locale } from './locale';

export const DISPLAY_ZONE = 'Asia/Shanghai';

// Building an Intl formatter costs far more than formatting with it (pages format dozens of dates and
// amounts), so each format keeps one formatter per locale, made on first use.
function perLocale<F>(make: (locale: Locale) => F): (locale: Locale) => F {
	const made = new Map<Locale, F>();
	return (locale) => {
		let f = made.get(locale);
		if (f === undefined) made.set(locale, (f = make(locale)));
		return f;
	};
}
const dateTime = (options: Intl.DateTimeFormatOptions) => perLocale((locale) => new Intl.DateTimeFormat(locale, { timeZone: DISPLAY_ZONE, hourCycle: 'h23', ...options }));

const dateTimeFormat = dateTime({ year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
const timeFormat = dateTime({ hour: '2-digit', minute: '2-digit' });
const dateFormat = dateTime({ year: 'numeric', month: '2-digit', day: '2-digit' });
const yuanFormat = perLocale((locale) => new Intl.NumberFormat(locale, { style: 'currency', currency: 'CNY', minimumFractionDigits: 2 }));
const wanYuanFormat = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 2 });

/** "2026-11-27 09:30" style date and time in Asia/Shanghai. */
export function formatDateTime(ms: number, locale: Locale): string {
	return dateTimeFormat(locale).format(ms);
}

export function formatTime(ms: number, locale: Locale): string {
	return timeFormat(locale).format(ms);
}

export function formatDate(ms: number, locale: Locale): string {
	return dateFormat(locale).format(ms);
}

/** Formats integer fen as yuan with two decimals, e.g. 123456 → "¥1,234.56". */
export function formatFen(fen: number, locale: Locale): string {
	return yuanFormat(locale).format(fen / 100);
}

/** Formats a large value in fen as 万元 (zh) or yuan (en). */
export function formatValue(fen: number, locale: Locale): string {
	if (locale === 'zh-CN') return `${wanYuanFormat.format(fen / 100 / 10_000)} 万元`;
	return formatFen(fen, locale);
}
