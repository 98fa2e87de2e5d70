// Form and JSON input of instrument administration → the raw fields the domain validates, and the
// domain's problems → translated messages next to each field.
import { fail } from '@sveltejs/kit';
import { INSTRUMENT_FIELDS, type FieldProblem, type RawInstrument } from '../../domain/instrument/instrument-input';
import { fenToYuanText } from '../../domain/instrument/money';
import type { Translate } from '../../i18n/locale';
import { problemMessage, translateProblems } from '../../i18n/problems';
import { ServiceError } from '../booking/booking.errors';
import type { InstrumentRow } from './instrument-admin.repository';

export type FormValues = Record<string, string>;

/** The form's fields; the published checkbox is absent when unticked, modes are checkboxes. */
export function rawFromForm(form: FormData): { raw: RawInstrument; values: FormValues } {
	const raw: RawInstrument = {};
	const values: FormValues = {};
	for (const f of INSTRUMENT_FIELDS) {
		if (f === 'modes') {
			const modes = form.getAll('modes').map(String);
			raw.modes = modes;
			values.modes = modes.join(',');
		} else if (f === 'published') {
			raw.published = form.get('published') ? '1' : '0';
			values.published = raw.published;
		} else {
			values[f] = String(form.get(f) ?? '').trim();
			raw[f] = values[f];
		}
	}
	return { raw, values };
}

/** An instrument row as form values (for the edit form and PATCH merges). */
export function valuesOfRow(r: InstrumentRow): FormValues {
	return {
		nameZh: r.name_zh,
		nameEn: r.name_en,
		model: r.model,
		manufacturer: r.manufacturer,
		categoryCode: r.category_code,
		valueYuan: fenToYuanText(r.value_fen),
		purchaseYear: String(r.purchase_year),
		acceptanceDate: r.acceptance_date ?? '',
		accreditations: r.accreditations,
		specifications: r.specifications,
		modes: r.modes,
		status: r.status,
		priceHourYuan: r.price_hour_fen ? fenToYuanText(r.price_hour_fen) : '',
		published: r.published ? '1' : '0'
	};
}

export function fieldIssues(t: Translate, problems: FieldProblem[]): Record<string, string> {
	const issues: Record<string, string> = {};
	for (const p of problems) issues[p.field] ??= problemMessage(t, p);
	return issues;
}

export function invalidForm(t: Translate, problems: FieldProblem[], values: FormValues) {
	return fail(400, { values, issues: fieldIssues(t, problems), problems: [] as { code: string; message: string }[] });
}

/** A ServiceError becomes fail(403/404/409) with translated problems; anything else is rethrown. */
export function serviceFail(t: Translate, e: unknown, values: FormValues = {}) {
	if (!(e instanceof ServiceError)) throw e;
	const problems = translateProblems(t, e.problems.length ? e.problems : [{ code: e.kind === 'forbidden' ? 'instrument_forbidden' : 'instrument_not_found' }]);
	return fail(e.status, { values, issues: {} as Record<string, string>, problems });
}

export function parseId(value: unknown): number | null {
	const n = Number(value);
	return Number.isSafeInteger(n) && n > 0 ? n : null;
}
