// Input shapes for the schedule pages and API: booking rules, closures and closure resolutions.
import { z } from 'zod';
import { CLOSURE_KINDS } from '../../domain/schedule/closures';
import { minutesOfDay } from '../../domain/schedule/hours';

const optionalLimit = (max: number) =>
	z.preprocess((v) => (v === '' || v === null || v === undefined ? null : Number(v)), z.number().int().min(1).max(max).nullable());

/** Booking rules as the manager edits them; hours per week are entered in hours. */
export const rulesSchema = z
	.object({
		slotMinutes: z.coerce.number().int().min(5).max(240).refine((n) => 1440 % n === 0, 'slot_divides_day'),
		minMinutes: z.coerce.number().int().min(5).max(10_080),
		maxMinutes: z.coerce.number().int().min(5).max(10_080),
		noticeMinutes: z.coerce.number().int().min(0).max(43_200),
		horizonDays: z.coerce.number().int().min(1).max(365),
		cancelDeadlineMinutes: z.coerce.number().int().min(0).max(10_080),
		bufferMinutes: z.coerce.number().int().min(0).max(240),
		maxWeekHours: optionalLimit(168),
		maxFutureBookings: optionalLimit(100),
		approvalMode: z.enum(['auto', 'manager', 'auto_internal']),
		crossAreaNeedsApproval: z.boolean()
	})
	.superRefine((r, ctx) => {
		if (r.maxMinutes < r.minMinutes) ctx.addIssue({ code: 'custom', path: ['maxMinutes'], message: 'max_below_min' });
		if (r.minMinutes % r.slotMinutes !== 0) ctx.addIssue({ code: 'custom', path: ['minMinutes'], message: 'not_multiple_of_slot' });
		if (r.maxMinutes % r.slotMinutes !== 0) ctx.addIssue({ code: 'custom', path: ['maxMinutes'], message: 'not_multiple_of_slot' });
	});
export type RulesInput = z.infer<typeof rulesSchema>;

const hhmm = (asEnd: boolean) => z.string().refine((v) => !Number.isNaN(minutesOfDay(v, asEnd)), 'invalid_time');
const localDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** A closure: one-off with instants, or weekly with local times (API and, after conversion, forms). */
export const closureSchema = z.discriminatedUnion('recurrence', [
	z.object({
		recurrence: z.literal('once'),
		kind: z.enum(CLOSURE_KINDS as [string, ...string[]]),
		reason: z.string().trim().min(2).max(200),
		start: z.number().int(),
		end: z.number().int()
	}),
	z.object({
		recurrence: z.literal('weekly'),
		kind: z.enum(CLOSURE_KINDS as [string, ...string[]]),
		reason: z.string().trim().min(2).max(200),
		weekday: z.coerce.number().int().min(1).max(7),
		startTime: hhmm(false),
		endTime: hhmm(true),
		fromDate: localDay.nullable().default(null),
		untilDate: localDay.nullable().default(null)
	})
]);
export type ClosureInput = z.infer<typeof closureSchema>;

export const resolutionSchema = z.discriminatedUnion('action', [
	z.object({ bookingId: z.number().int().positive(), action: z.literal('cancel') }),
	z.object({ bookingId: z.number().int().positive(), action: z.literal('move'), start: z.number().int(), end: z.number().int() })
]);
export type Resolution = z.infer<typeof resolutionSchema>;

/** Field → the first issue code, for forms. */
export function fieldIssues(error: z.ZodError): Record<string, string> {
	const out: Record<string, string> = {};
	for (const issue of error.issues) {
		const field = String(issue.path[0] ?? 'form');
		out[field] ??= issue.code === 'custom' ? issue.message : issue.code === 'too_small' && field === 'reason' ? 'reason_required' : 'invalid_value';
	}
	return out;
}
