// Dates of grants and recognitions. Forms speak of calendar days in Asia/Shanghai ("valid until
// 2027-06-30" = the last valid day); storage holds the exclusive end instant (2027-07-01 00:00).
import { localDate, zonedToUtc } from '../time/zone';
import { DAY } from '../time/range';

export const QUALIFICATION_ZONE = 'Asia/Shanghai';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Start of the given local day as an instant; null when malformed. */
export function dayStart(date: string, zone = QUALIFICATION_ZONE): number | null {
	const m = DATE.exec(date.trim());
	if (!m) return null;
	const [y, mo, d] = m.slice(1).map(Number);
	if (mo < 1 || mo > 12 || d < 1 || d > 31) return null;
	const ms = zonedToUtc(y, mo, d, 0, 0, zone);
	return localDate(ms, zone) === date.trim() ? ms : null;
}

/** The exclusive end instant for "valid until <date>" (inclusive last day); null when malformed. */
export function endOfDay(date: string, zone = QUALIFICATION_ZONE): number | null {
	const start = dayStart(date, zone);
	if (start === null) return null;
	const m = DATE.exec(date.trim())!;
	const [y, mo, d] = m.slice(1).map(Number);
	const next = new Date(Date.UTC(y, mo - 1, d + 1));
	return zonedToUtc(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate(), 0, 0, zone);
}

/** The last valid day (YYYY-MM-DD) of a half-open validity that ends at `end`. */
export function lastValidDay(end: number, zone = QUALIFICATION_ZONE): string {
	return localDate(end - 1, zone);
}

/** The default last valid day of a grant starting at `from` for `months` months. */
export function defaultLastDay(from: number, months: number, zone = QUALIFICATION_ZONE): string {
	const [y, mo, d] = localDate(from, zone).split('-').map(Number);
	const target = new Date(Date.UTC(y, mo - 1 + months, d));
	// 31 January + 1 month: clamp to the end of February rather than roll into March
	if (target.getUTCDate() !== d) target.setUTCDate(0);
	return new Date(target.getTime() - DAY).toISOString().slice(0, 10);
}

export interface GrantDraft {
	trainer: string;
	trainingDate: number | null;
	validFrom: number | null;
	expiresAt: number | null;
}

/** Field problems of a grant: a trainer, a training day, and an expiry after the start. */
export function checkGrant(g: GrantDraft): Record<string, string> {
	const issues: Record<string, string> = {};
	if (g.trainer.trim().length < 2) issues.trainer = 'trainer_required';
	if (g.trainingDate === null) issues.trainingDate = 'invalid_date';
	if (g.validFrom === null) issues.validFrom = 'invalid_date';
	if (g.expiresAt === null) issues.expiresAt = 'invalid_date';
	else if (g.validFrom !== null && g.expiresAt <= g.validFrom) issues.expiresAt = 'expiry_before_start';
	return issues;
}
