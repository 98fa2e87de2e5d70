// Maps service errors and field issues to what the qualification pages' actions return.
import { fail } from '@sveltejs/kit';
import type { Translate } from '../../i18n/locale';
import { problemMessage, translateProblems } from '../../i18n/problems';
import { ServiceError } from '../booking/booking.errors';
import type { FieldIssues } from './qualification.schema';

/** fail(400) with translated field issues next to the fields. */
export function invalid<E extends Record<string, unknown> = Record<never, never>>(t: Translate, issues: FieldIssues, values: Record<string, string>, extra: E = {} as E) {
	const translated = Object.fromEntries(Object.entries(issues).map(([field, code]) => [field, problemMessage(t, { code })]));
	return fail(400, { values, issues: translated, problems: [] as { code: string; message: string }[], ...extra });
}

/** A ServiceError becomes fail(403/404/409) with translated problems; anything else is rethrown. */
export function serviceFailure<E extends Record<string, unknown> = Record<never, never>>(t: Translate, e: unknown, values: Record<string, string> = {}, extra: E = {} as E) {
	if (!(e instanceof ServiceError)) throw e;
	const problems = translateProblems(t, e.problems.length ? e.problems : [{ code: e.kind === 'not_found' ? 'not_found' : 'qualification_forbidden' }]);
	return fail(e.status, { values, issues: {} as Record<string, string>, problems, ...extra });
}
