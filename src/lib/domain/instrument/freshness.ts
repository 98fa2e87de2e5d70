// Listing freshness (信息定期更新): a listing whose data was last confirmed longer ago than the
// configured period is stale and is flagged publicly and on the manager's to-do list.

export const DEFAULT_STALE_DAYS = 90;
const DAY_MS = 86_400_000;

/** When the listing was last confirmed: confirmed_at, or its creation for listings never confirmed. */
export function confirmedAtOf(row: { confirmed_at: number | null; created_at: number }): number {
	return row.confirmed_at ?? row.created_at;
}

/** Stale when strictly more than staleDays × 24 h have passed since the last confirmation. */
export function isStale(confirmedAt: number, now: number, staleDays: number = DEFAULT_STALE_DAYS): boolean {
	return now - confirmedAt > staleDays * DAY_MS;
}

/** The latest confirmation instant that is still fresh at `now` (older ones are stale). */
export function staleBefore(now: number, staleDays: number = DEFAULT_STALE_DAYS): number {
	return now - staleDays * DAY_MS;
}

/** Reads a period in days from configuration text; the default for anything but a positive integer up to 3650. */
export function parseStaleDays(value: string | undefined | null): number {
	const n = Number(value);
	return value && Number.isInteger(n) && n >= 1 && n <= 3650 ? n : DEFAULT_STALE_DAYS;
}
