// The no-show block rule: three no-shows within 90 days on one facility block new self-service
// bookings there until a manager lifts the block. No-shows before the last lift no longer count.
import { DAY } from '../time/range';

export const BLOCK_NO_SHOWS = 3;
export const BLOCK_WINDOW_DAYS = 90;

/** No-shows that count at `now`: start in (now − 90 days, now] and after the last lift (if any). */
export function countedNoShows(noShowStarts: number[], now: number, lastLiftedAt: number | null): number {
	const from = now - BLOCK_WINDOW_DAYS * DAY;
	return noShowStarts.filter((s) => s > from && s <= now && (lastLiftedAt === null || s > lastLiftedAt)).length;
}

/** True when the person should be blocked at `now` (and is not already). */
export function shouldBlock(noShowStarts: number[], now: number, lastLiftedAt: number | null): boolean {
	return countedNoShows(noShowStarts, now, lastLiftedAt) >= BLOCK_NO_SHOWS;
}
