// Shared shape of the voucher, settlement and price pages' actions: parse with zod → fail(400,
// { values, issues }) → one service call → ServiceError → fail(403/404/409, { problems }) → redirect(303).
import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import { parseYuanToFen } from '../../domain/instrument/money';
import { zonedToUtc } from '../../domain/time/zone';
import { translator } from '../../i18n/locale';
import { problemMessage, translateProblems } from '../../i18n/problems';
import { ServiceError } from '../booking/booking.errors';

/** A yuan amount typed by a person, as fen. */
export const yuan = z.string().trim().transform((s, ctx) => {
	const fen = parseYuanToFen(s);
	if (fen === null) {
		ctx.addIssue({ code: 'custom', message: 'amount_invalid' });
		return z.NEVER;
	}
	return fen;
});
export const optionalYuan = z.string().trim().transform((s, ctx) => {
	if (s === '') return null;
	const fen = parseYuanToFen(s);
	if (fen === null) {
		ctx.addIssue({ code: 'custom', message: 'amount_invalid' });
		return z.NEVER;
	}
	return fen;
});
export const id = z.coerce.number().int().positive();
/** "YYYY-MM-DD" → midnight Asia/Shanghai as epoch ms. */
export const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).transform((s) => {
	const [y, m, d] = s.split('-').map(Number);
	return zonedToUtc(y, m, d, 0, 0, 'Asia/Shanghai');
});

/**
 * Runs one action: parses the form, calls the service, redirects to the returned location.
 * The failure carries `action` so the page shows problems next to the right form.
 */
export async function runAction<S extends z.ZodType>(event: RequestEvent, action: string, schema: S, call: (input: z.output<S>) => Promise<string>) {
	const t = translator(event.locals.locale);
	const form = await event.request.formData();
	const values: Record<string, string> = {};
	const multi: Record<string, string[]> = {};
	for (const [k, v] of form.entries()) {
		if (typeof v !== 'string') continue;
		(multi[k] ??= []).push(v);
		values[k] = v;
	}
	const parsed = schema.safeParse({ ...values, ...Object.fromEntries(Object.entries(multi).filter(([, v]) => v.length > 1)), __all: multi });
	if (!parsed.success) {
		const issues: Record<string, string> = {};
		for (const issue of parsed.error.issues) {
			const field = String(issue.path[0] ?? '');
			issues[field] ??= problemMessage(t, { code: issue.message && /^[a-z_]+$/.test(issue.message) ? issue.message : 'field_invalid' });
		}
		return fail(400, { action, values, issues, problems: [] as { code: string; message: string }[] });
	}
	let location: string;
	try {
		location = await call(parsed.data);
	} catch (e) {
		if (!(e instanceof ServiceError)) throw e;
		const problems = translateProblems(t, e.problems.length ? e.problems : [{ code: e.kind === 'forbidden' ? 'forbidden' : 'not_found' }]);
		return fail(e.status, { action, values, issues: {} as Record<string, string>, problems });
	}
	redirect(303, location);
}
