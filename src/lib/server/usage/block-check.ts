// The booking hook of the no-show block: a blocked person may not book the facility's instruments themselves.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { findActiveBlock } from './usage.repository';

/** The 'blocked_no_shows' problem when the person is blocked on the facility, else null. */
export async function noShowBlockProblem(trx: Kysely<Database>, userId: number, facilityId: number) {
	const block = await findActiveBlock(trx, userId, facilityId);
	return block ? { code: 'blocked_no_shows', params: { count: block.no_show_count } } : null;
}
