// Form parsing for the schedule pages: opening-hours rows, rules, closures and their resolutions.
import { parseLocalDateTime } from '../../domain/time/zone';
import type { OpeningRange } from '../../domain/booking/opening-hours';
import { closureSchema, fieldIssues, rulesSchema, type ClosureInput, type Resolution } from './schedule.schema';

const str = (form: FormData, key: string) => String(form.get(key) ?? '').trim();

/** Rows of weekday/start/end inputs; rows with both times empty are dropped. */
export function parseHoursForm(form: FormData): OpeningRange[] {
	const weekdays = form.getAll('weekday').map(String);
	const starts = form.getAll('start').map((v) => String(v).trim());
	const ends = form.getAll('end').map((v) => String(v).trim());
	return weekdays
		.map((weekday, i) => ({ weekday: Number(weekday), start: starts[i] ?? '', end: ends[i] ?? '' }))
		.filter((r) => r.start !== '' || r.end !== '');
}

export function parseRulesForm(form: FormData) {
	const keys = ['slotMinutes', 'minMinutes', 'maxMinutes', 'noticeMinutes', 'horizonDays', 'cancelDeadlineMinutes', 'bufferMinutes', 'maxWeekHours', 'maxFutureBookings', 'approvalMode'];
	const raw: Record<string, string> = Object.fromEntries(keys.map((k) => [k, str(form, k)]));
	raw.crossAreaNeedsApproval = form.get('crossAreaNeedsApproval') ? 'on' : '';
	const parsed = rulesSchema.safeParse({ ...raw, crossAreaNeedsApproval: raw.crossAreaNeedsApproval === 'on' });
	return parsed.success ? { ok: true as const, raw, value: parsed.data } : { ok: false as const, raw, issues: fieldIssues(parsed.error) };
}

export const CLOSURE_FIELDS = ['kind', 'reason', 'recurrence', 'start', 'end', 'weekday', 'startTime', 'endTime', 'fromDate', 'untilDate'] as const;

/** The closure form: one-off start/end are local "YYYY-MM-DDTHH:MM" in timeZone. */
export function parseClosureForm(form: FormData, timeZone: string) {
	const raw: Record<string, string> = Object.fromEntries(CLOSURE_FIELDS.map((k) => [k, str(form, k)]));
	const issues: Record<string, string> = {};
	let candidate: unknown;
	if (raw.recurrence === 'weekly') {
		candidate = { ...raw, fromDate: raw.fromDate || null, untilDate: raw.untilDate || null };
	} else {
		const start = parseLocalDateTime(raw.start, timeZone);
		const end = parseLocalDateTime(raw.end, timeZone);
		if (start === null) issues.start = 'invalid_datetime';
		if (end === null) issues.end = 'invalid_datetime';
		candidate = { recurrence: 'once', kind: raw.kind, reason: raw.reason, start: start ?? NaN, end: end ?? NaN };
	}
	const parsed = closureSchema.safeParse(candidate);
	if (!parsed.success) Object.assign(issues, Object.fromEntries(Object.entries(fieldIssues(parsed.error)).filter(([k]) => !(k in issues))));
	if (Object.keys(issues).length > 0 || !parsed.success) return { ok: false as const, raw, issues };
	return { ok: true as const, raw, value: parsed.data as ClosureInput };
}

/** Per-booking choices: resolution_<id> = cancel | move, with moveStart_<id>/moveEnd_<id> as local times. */
export function parseResolutions(form: FormData, timeZone: string): { resolutions: Resolution[]; issues: Record<string, string> } {
	const resolutions: Resolution[] = [];
	const issues: Record<string, string> = {};
	for (const idText of form.getAll('conflictId').map(String)) {
		const bookingId = Number(idText);
		if (!Number.isSafeInteger(bookingId) || bookingId <= 0) continue;
		const action = str(form, `resolution_${bookingId}`);
		if (action === 'cancel') resolutions.push({ bookingId, action });
		else if (action === 'move') {
			const start = parseLocalDateTime(str(form, `moveStart_${bookingId}`), timeZone);
			const end = parseLocalDateTime(str(form, `moveEnd_${bookingId}`), timeZone);
			if (start === null || end === null) issues[String(bookingId)] = 'invalid_datetime';
			else resolutions.push({ bookingId, action, start, end });
		}
	}
	return { resolutions, issues };
}
