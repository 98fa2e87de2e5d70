// Renders a notification's title and body in a locale. Params whose key ends in "At" are instants
// (epoch ms) and also fill the placeholder without the suffix, formatted in Asia/Shanghai
// (startAt → {start}); "status" is translated when a message for it exists.
import { translator, isLocale, DEFAULT_LOCALE, type Locale, type MessageKey } from '../../i18n/locale';
import { formatDateTime } from '../../i18n/format';
import type { NotificationKind } from '../../domain/notification/notification-kinds';

export type NotificationParams = Record<string, string | number>;

export function toLocale(value: string | null | undefined): Locale {
	return isLocale(value) ? value : DEFAULT_LOCALE;
}

function fill(params: NotificationParams, locale: Locale): Record<string, string | number> {
	const out: Record<string, string | number> = { ...params };
	for (const [key, value] of Object.entries(params)) {
		if (key.endsWith('At') && typeof value === 'number') out[key.slice(0, -2)] = formatDateTime(value, locale);
	}
	if (typeof params.instrumentZh === 'string' || typeof params.instrumentEn === 'string') {
		out.instrument = (locale === 'en' ? params.instrumentEn : params.instrumentZh) ?? params.instrumentZh ?? params.instrumentEn ?? '';
	}
	return out;
}

export function renderNotification(kind: NotificationKind | string, params: NotificationParams, locale: Locale) {
	const t = translator(locale);
	const values = fill(params, locale);
	return {
		title: t(`notification.kind.${kind}.title` as MessageKey, values),
		body: t(`notification.kind.${kind}.body` as MessageKey, values)
	};
}

export function renderMail(kind: NotificationKind | string, params: NotificationParams, locale: Locale) {
	const { title, body } = renderNotification(kind, params, locale);
	const t = translator(locale);
	return { subject: title, text: `${body}\n\n${t('notification.mailFooter')}\n` };
}
