// The translator for Svelte components, taken from the page data the root layout provides.
import { page } from '$app/state';
import { translator, type Locale, type Translate } from './locale';

/** Call inside a component: returns t() for the current page's locale. */
export function useT(): { t: Translate; locale: () => Locale } {
	const locale = () => (page.data.locale as Locale) ?? 'zh-CN';
	const t: Translate = (key, params) => translator(locale())(key, params);
	return { t, locale };
}
