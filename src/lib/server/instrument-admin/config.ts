// Settings of instrument administration, read from the environment once per call (cheap).
import path from 'node:path';
import { parseStaleDays } from '../../domain/instrument/freshness';

/** LISTING_STALE_DAYS: a listing not confirmed for longer is flagged (default 90). */
export function listingStaleDays(): number {
	return parseStaleDays(process.env.LISTING_STALE_DAYS);
}

/** UPLOAD_DIR: where uploaded photos live, outside static/ (default data/uploads). */
export function uploadDir(): string {
	return path.resolve(process.env.UPLOAD_DIR ?? 'data/uploads');
}
