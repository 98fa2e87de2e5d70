// Form and JSON input shapes of the qualification pages. Each parser returns the value or the field
// problem codes (translated by the route via problem.<code>), never throws.
import { z } from 'zod';
import { CATEGORY_CODES } from '../../domain/catalogue/categories';
import { dayStart, endOfDay } from '../../domain/qualification/grant-rules';

export type FieldIssues = Record<string, string>;
export type Parsed<T> = { ok: true; value: T; raw: Record<string, string> } | { ok: false; issues: FieldIssues; raw: Record<string, string> };

function rawOf(form: FormData, keys: string[]): Record<string, string> {
	return Object.fromEntries(keys.map((k) => [k, String(form.get(k) ?? '').trim()]));
}

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

export function parseId(value: unknown): number | null {
	const n = Number(value);
	return Number.isSafeInteger(n) && n > 0 ? n : null;
}

const typeSchema = z.object({
	institutionId: int(1, Number.MAX_SAFE_INTEGER),
	code: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{1,31}$/),
	nameZh: z.string().min(2).max(100),
	nameEn: z.string().min(2).max(150),
	description: z.string().max(1000),
	level: int(1, 9),
	validityMonths: int(1, 120),
	lapseDays: z.union([z.literal(''), int(1, 3650)])
});
const TYPE_ISSUES: Record<string, string> = { code: 'type_code_invalid', nameZh: 'type_name_required', nameEn: 'type_name_required', institutionId: 'type_institution_required' };

export interface TypeInput {
	institutionId: number;
	code: string;
	nameZh: string;
	nameEn: string;
	description: string;
	level: number;
	validityMonths: number;
	lapseDays: number | null;
	coversCategories: string[];
	coversInstrumentIds: number[];
}

export function parseTypeForm(form: FormData): Parsed<TypeInput> {
	const raw = rawOf(form, ['institutionId', 'code', 'nameZh', 'nameEn', 'description', 'level', 'validityMonths', 'lapseDays', 'coversInstruments']);
	const parsed = typeSchema.safeParse(raw);
	const coversCategories = form.getAll('coversCategories').map(String).filter((c) => CATEGORY_CODES.includes(c));
	const ids = raw.coversInstruments.split(/[\s,，]+/).filter(Boolean).map(parseId);
	const issues: FieldIssues = {};
	if (!parsed.success) for (const i of parsed.error.issues) issues[String(i.path[0])] ??= TYPE_ISSUES[String(i.path[0])] ?? 'number_invalid';
	if (ids.some((id) => id === null)) issues.coversInstruments = 'number_invalid';
	if (!parsed.success || Object.keys(issues).length > 0) return { ok: false, issues, raw };
	const v = parsed.data;
	return {
		ok: true,
		raw,
		value: { ...v, code: v.code.toUpperCase(), lapseDays: v.lapseDays === '' ? null : v.lapseDays, coversCategories, coversInstrumentIds: [...new Set(ids as number[])] }
	};
}

export interface GrantInput {
	typeId: number;
	email: string;
	trainingDate: number;
	trainer: string;
	evidenceNote: string;
	validFrom: number;
	/** exclusive end instant of the last valid day */
	expiresAt: number;
}

/** Dates are local days (YYYY-MM-DD); the expiry is the last valid day. */
export function parseGrantForm(form: FormData): Parsed<GrantInput> {
	const raw = rawOf(form, ['typeId', 'email', 'trainingDate', 'trainer', 'evidenceNote', 'validFrom', 'expiresOn']);
	const issues: FieldIssues = {};
	const typeId = parseId(raw.typeId);
	if (typeId === null) issues.typeId = 'type_institution_required';
	if (!z.email().safeParse(raw.email).success) issues.email = 'grant_user_not_found';
	const trainingDate = dayStart(raw.trainingDate);
	const validFrom = dayStart(raw.validFrom);
	const expiresAt = endOfDay(raw.expiresOn);
	if (raw.trainer.length < 2 || raw.trainer.length > 100) issues.trainer = 'grant_trainer_required';
	if (trainingDate === null) issues.trainingDate = 'grant_invalid_date';
	if (validFrom === null) issues.validFrom = 'grant_invalid_date';
	if (expiresAt === null) issues.expiresOn = 'grant_invalid_date';
	else if (validFrom !== null && expiresAt <= validFrom) issues.expiresOn = 'grant_expiry_before_start';
	if (raw.evidenceNote.length > 1000) issues.evidenceNote = 'text_too_long';
	if (Object.keys(issues).length > 0) return { ok: false, issues, raw };
	return { ok: true, raw, value: { typeId: typeId!, email: raw.email.toLowerCase(), trainingDate: trainingDate!, trainer: raw.trainer, evidenceNote: raw.evidenceNote, validFrom: validFrom!, expiresAt: expiresAt! } };
}

export interface ProposalInput {
	kind: 'institution' | 'area';
	aInstitutionId: number | null;
	bInstitutionId: number | null;
	aAreaCode: 'BJ' | 'TJ' | 'HE' | null;
	bAreaCode: 'BJ' | 'TJ' | 'HE' | null;
	mutual: boolean;
	title: string;
	note: string;
	validFrom: number;
	validTo: number | null;
	mappings: { fromTypeId: number; toTypeId: number }[];
}

export const MAPPING_ROWS = 5;
const area = (v: string) => (v === 'BJ' || v === 'TJ' || v === 'HE' ? v : null);

export function parseProposalForm(form: FormData): Parsed<ProposalInput> {
	const keys = ['kind', 'aInstitutionId', 'bInstitutionId', 'aAreaCode', 'bAreaCode', 'mutual', 'title', 'note', 'validFrom', 'validTo'];
	for (let n = 0; n < MAPPING_ROWS; n++) keys.push(`from${n}`, `to${n}`);
	const raw = rawOf(form, keys);
	const issues: FieldIssues = {};
	const kind = raw.kind === 'area' ? 'area' : raw.kind === 'institution' ? 'institution' : null;
	if (!kind) issues.kind = 'agreement_side_missing';
	const validFrom = dayStart(raw.validFrom);
	const validTo = raw.validTo === '' ? null : endOfDay(raw.validTo);
	if (validFrom === null) issues.validFrom = 'grant_invalid_date';
	if (raw.validTo !== '' && validTo === null) issues.validTo = 'grant_invalid_date';
	if (raw.title.length > 200) issues.title = 'text_too_long';
	if (raw.note.length > 2000) issues.note = 'text_too_long';
	const mappings: { fromTypeId: number; toTypeId: number }[] = [];
	for (let n = 0; n < MAPPING_ROWS; n++) {
		const from = raw[`from${n}`];
		const to = raw[`to${n}`];
		if (from === '' && to === '') continue;
		const f = parseId(from);
		const t = parseId(to);
		if (f === null || t === null) issues[`mapping${n}`] = 'mapping_incomplete';
		else mappings.push({ fromTypeId: f, toTypeId: t });
	}
	if (Object.keys(issues).length > 0 || !kind || validFrom === null) return { ok: false, issues, raw };
	return {
		ok: true,
		raw,
		value: {
			kind,
			aInstitutionId: kind === 'institution' ? parseId(raw.aInstitutionId) : null,
			bInstitutionId: kind === 'institution' ? parseId(raw.bInstitutionId) : null,
			aAreaCode: kind === 'area' ? area(raw.aAreaCode) : null,
			bAreaCode: kind === 'area' ? area(raw.bAreaCode) : null,
			mutual: raw.mutual === '1' || raw.mutual === 'on',
			title: raw.title,
			note: raw.note,
			validFrom,
			validTo,
			mappings
		}
	};
}
