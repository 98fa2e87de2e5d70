// Audit rows: who changed what, when, with the entity before and after.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { preparedNamed } from '../db/prepared';

// Built once: every booking, approval and change writes one (see db/prepared.ts).
const insertAudit = preparedNamed(
	(db: Kysely<Database>, v: { actor_user_id: number | null; entity: string; entity_id: number; action: string; before_json: string | null; after_json: string | null; created_at: number }) =>
		db.insertInto('audit_log').values({
			actor_user_id: v.actor_user_id,
			entity: v.entity,
			entity_id: v.entity_id,
			action: v.action,
			before_json: v.before_json,
			after_json: v.after_json,
			created_at: v.created_at
		})
);

export async function writeAudit(
	db: Kysely<Database>,
	entry: { actorUserId: number | null; entity: string; entityId: number; action: string; before?: unknown; after?: unknown; at: number }
): Promise<void> {
	await insertAudit(db, {
		actor_user_id: entry.actorUserId,
		entity: entry.entity,
		entity_id: entry.entityId,
		action: entry.action,
		before_json: entry.before === undefined ? null : JSON.stringify(entry.before),
		after_json: entry.after === undefined ? null : JSON.stringify(entry.after),
		created_at: entry.at
	});
}
