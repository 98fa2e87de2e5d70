// The public JSON shapes of opening hours and closures (ISO 8601 UTC instants; local times in timeZone).
import { z } from 'zod';
import type { ClosureRow } from './schedule.repository';
import { closureSchema, resolutionSchema } from './schedule.schema';

const iso = (ms: number) => new Date(ms).toISOString();

export function closureJson(c: ClosureRow) {
	return c.recurrence === 'once'
		? { id: c.id, kind: c.kind, reason: c.reason, recurrence: 'once' as const, start: iso(c.start_at!), end: iso(c.end_at!) }
		: { id: c.id, kind: c.kind, reason: c.reason, recurrence: 'weekly' as const, weekday: c.weekday, startTime: c.start_time, endTime: c.end_time, fromDate: c.from_date, untilDate: c.until_date };
}

const instant = z.iso.datetime({ offset: true }).transform((v) => Date.parse(v));

/** POST /closures body: instants as ISO strings; resolutions for the bookings a previous answer listed. */
export const closureApiSchema = z
	.object({
		recurrence: z.enum(['once', 'weekly']),
		start: instant.optional(),
		end: instant.optional(),
		resolutions: z
			.array(z.object({ bookingId: z.number().int().positive(), action: z.enum(['cancel', 'move']), start: instant.optional(), end: instant.optional() }))
			.max(500)
			.default([])
	})
	.passthrough()
	.transform((body, ctx) => {
		const closure = closureSchema.safeParse(body);
		if (!closure.success) {
			for (const issue of closure.error.issues) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
			return z.NEVER;
		}
		const resolutions = [];
		for (const r of body.resolutions) {
			const parsed = resolutionSchema.safeParse(r);
			if (!parsed.success) {
				ctx.addIssue({ code: 'custom', path: ['resolutions', r.bookingId], message: 'move needs start and end' });
				return z.NEVER;
			}
			resolutions.push(parsed.data);
		}
		return { closure: closure.data, resolutions };
	});

export const openingHoursApiSchema = z.object({
	openingHours: z.array(z.object({ weekday: z.number().int(), start: z.string().max(5), end: z.string().max(5) })).max(100)
});
