// Audit rows: who changed what, when, with the entity before and after.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';

export async function writeAudit(
	db: Kysely<Database>,
	entry: { actorUserId: number | null; entity: string; entityId: number; action: string; before?: unknown; after?: unknown; at: number }
): Promise<void> {
	await db
		.insertInto('audit_log')
		.values({
			actor_user_id: entry.actorUserId,
			entity: entry.entity,
			entity_id: entry.entityId,
			action: entry.action,
			before_json: entry.before === undefined ? null : JSON.stringify(entry.before),
			after_json: entry.after === undefined ? null : JSON.stringify(entry.after),
			created_at: entry.at
		})
		.execute();
}
