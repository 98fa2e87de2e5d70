import type { SessionUser } from '$lib/server/auth/session';
import type { Roles } from '$lib/server/auth/roles';
import type { Locale } from '$lib/i18n/locale';

declare global {
	namespace App {
		interface Error {
			message: string;
			code?: string;
		}
		interface Locals {
			user: SessionUser | null;
			sessionId: string | null;
			roles: Roles;
			locale: Locale;
			/** how the request authenticated: a browser session cookie or an API bearer token */
			authVia: 'session' | 'token' | null;
		}
		interface PageData {
			locale: Locale;
		}
	}
}

export {};
