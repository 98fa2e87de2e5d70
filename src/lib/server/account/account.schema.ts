// Input shapes for the account forms. Each error message is a message key, so a route can translate
// every field's problem at once and show it next to the field.
import { z } from 'zod';
import type { MessageKey, Translate } from '../../i18n/locale';

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 200;

const email = z
	.string()
	.trim()
	.toLowerCase()
	.max(254, { error: 'account.error.emailInvalid' })
	.pipe(z.email({ error: 'account.error.emailInvalid' }));

const personName = z
	.string()
	.trim()
	.min(1, { error: 'account.error.nameRequired' })
	.max(80, { error: 'account.error.nameTooLong' });

const newPassword = z
	.string()
	.min(PASSWORD_MIN, { error: 'account.error.passwordTooShort' })
	.max(PASSWORD_MAX, { error: 'account.error.passwordTooLong' });

export const registerSchema = z.object({
	email,
	name: personName,
	institutionId: z.coerce
		.number({ error: 'account.error.institutionRequired' })
		.int({ error: 'account.error.institutionRequired' })
		.positive({ error: 'account.error.institutionRequired' }),
	password: newPassword,
	confirm: z.string()
});

export const loginSchema = z.object({
	email,
	password: z.string().min(1, { error: 'account.error.passwordRequired' }).max(PASSWORD_MAX, { error: 'account.error.invalidCredentials' })
});

export const changeNameSchema = z.object({ name: personName });

export const changePasswordSchema = z.object({
	current: z.string().min(1, { error: 'account.error.passwordRequired' }).max(PASSWORD_MAX, { error: 'account.error.currentPasswordWrong' }),
	password: newPassword,
	confirm: z.string()
});

export const createTokenSchema = z.object({
	name: z.string().trim().min(1, { error: 'account.error.tokenNameRequired' }).max(80, { error: 'account.error.tokenNameRequired' })
});

export type RegisterInput = z.output<typeof registerSchema>;
export type LoginInput = z.output<typeof loginSchema>;

/** Field name → message key of its first problem. */
export type FieldIssues = Record<string, MessageKey>;

/** Fields never sent back to the page after a failed submit. */
const SECRET_FIELDS = new Set(['password', 'confirm', 'current']);

export type ParseResult<T> =
	| { ok: true; value: T; values: Record<string, string> }
	| { ok: false; values: Record<string, string>; issues: FieldIssues };

/**
 * Reads the schema's fields from a form and validates them, collecting every field's problem.
 * A `confirm` field must equal `password`. `values` echoes the input without any password.
 */
export function parseForm<S extends z.ZodObject>(schema: S, form: FormData): ParseResult<z.output<S>> {
	const raw: Record<string, string> = {};
	for (const key of Object.keys(schema.shape)) {
		const value = form.get(key);
		raw[key] = typeof value === 'string' ? value : '';
	}
	const values = Object.fromEntries(Object.entries(raw).filter(([key]) => !SECRET_FIELDS.has(key)));
	const issues: FieldIssues = {};
	const parsed = schema.safeParse(raw);
	if (!parsed.success) {
		for (const issue of parsed.error.issues) {
			issues[String(issue.path[0])] ??= issue.message as MessageKey;
		}
	}
	if ('confirm' in raw && raw.confirm !== raw.password) issues.confirm ??= 'account.error.passwordMismatch';
	if (!parsed.success || Object.keys(issues).length > 0) return { ok: false, values, issues };
	return { ok: true, value: parsed.data, values };
}

/** Turns field message keys into sentences in the reader's language. */
export function translateIssues(t: Translate, issues: FieldIssues): Record<string, string> {
	return Object.fromEntries(Object.entries(issues).map(([field, key]) => [field, t(key)]));
}
