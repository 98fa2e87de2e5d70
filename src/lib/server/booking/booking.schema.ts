// Input shapes for booking forms (local wall time) and the JSON API (ISO 8601 instants).
import { z } from 'zod';
import { parseLocalDateTime } from '../../domain/time/zone';

const text = (max: number) => z.string().max(max).default('');

/** Form fields: start/end as "YYYY-MM-DDTHH:MM" in the instrument's zone. */
export const bookingFormSchema = z.object({
	start: z.string().min(1),
	end: z.string().min(1),
	mode: z.enum(['self', 'assisted']),
	purpose: z.string().trim().min(2).max(500),
	project: text(200)
});

/** JSON body for POST /api/v1/bookings. */
export const bookingApiSchema = z.object({
	instrumentId: z.number().int().positive(),
	start: z.iso.datetime({ offset: true }),
	end: z.iso.datetime({ offset: true }),
	mode: z.enum(['self', 'assisted']),
	purpose: z.string().trim().min(2).max(500),
	project: z.string().max(200).optional().default(''),
	/** voucher: the enterprise grant to pay part of the fee with (optional) */
	voucherGrantId: z.number().int().positive().optional()
});

export type FieldIssues = Record<string, string>;

/** Parses a booking form; returns the input in instants or the field problem codes. */
export function parseBookingForm(form: FormData, timeZone: string) {
	const raw = Object.fromEntries(['start', 'end', 'mode', 'purpose', 'project', 'voucherGrantId'].map((k) => [k, String(form.get(k) ?? '')]));
	const issues: FieldIssues = {};
	const parsed = bookingFormSchema.safeParse(raw);
	if (!parsed.success) {
		for (const issue of parsed.error.issues) {
			const field = String(issue.path[0]);
			issues[field] ??= field === 'purpose' ? 'purpose_required' : field === 'mode' ? 'invalid_mode' : 'invalid_datetime';
		}
	}
	const start = parseLocalDateTime(raw.start, timeZone);
	const end = parseLocalDateTime(raw.end, timeZone);
	if (start === null) issues.start ??= 'invalid_datetime';
	if (end === null) issues.end ??= 'invalid_datetime';
	// shown next to the end field together with any other field problem, not after it is fixed
	if (start !== null && end !== null && end <= start) issues.end ??= 'invalid_range';
	if (Object.keys(issues).length > 0 || !parsed.success || start === null || end === null) {
		return { ok: false as const, raw, issues };
	}
	const voucherGrantId = /^\d{1,12}$/.test(raw.voucherGrantId) ? Number(raw.voucherGrantId) : null; // voucher: optional grant picked on the form
	return { ok: true as const, raw, value: { start, end, mode: parsed.data.mode, purpose: parsed.data.purpose, project: parsed.data.project, voucherGrantId } };
}
