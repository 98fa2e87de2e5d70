// Locales and the typed translator. zh-CN is the source of truth for keys; en must have every key.
import { zh, type MessageKey } from './messages.zh';
import { en } from './messages.en';

export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'zh-CN';
export const LOCALE_COOKIE = 'locale';

const catalogues: Record<Locale, Record<MessageKey, string>> = { 'zh-CN': zh, en };

export function isLocale(value: unknown): value is Locale {
	return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

export type Params = Record<string, string | number | undefined | null>;
export type Translate = (key: MessageKey, params?: Params) => string;

/** Returns t(key, params) for a locale; {name} placeholders are filled from params. */
const translators = new Map<string, Translate>();
// A template split once at its placeholders: [text, name, text, name, …, text] (split keeps the
// captured names at the odd places); a page fills dozens of templates per render.
const PLACEHOLDER = /\{(\w+)\}/;
const templateParts = new Map<string, string[]>();

/** t(key, params) for a locale; one function per locale, made once (components ask for it on every message). */
export function translator(locale: Locale): Translate {
	let t = translators.get(locale);
	if (t) return t;
	const messages = catalogues[locale] ?? zh;
	t = (key, params) => {
		const template = messages[key] ?? zh[key] ?? key;
		if (!params) return template;
		let parts = templateParts.get(template);
		if (parts === undefined) templateParts.set(template, (parts = template.split(PLACEHOLDER)));
		let out = parts[0];
		for (let i = 1; i < parts.length; i += 2) out += String(params[parts[i]] ?? '') + parts[i + 1];
		return out;
	};
	if (catalogues[locale]) translators.set(locale, t); // only real locales are kept
	return t;
}

/** Picks the locale from the saved cookie, then the Accept-Language header. */
export function negotiateLocale(cookie: string | undefined, acceptLanguage: string | null): Locale {
	if (isLocale(cookie)) return cookie;
	if (acceptLanguage && /^\s*en\b/i.test(acceptLanguage)) return 'en';
	return DEFAULT_LOCALE;
}

export type { MessageKey };
