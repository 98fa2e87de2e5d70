// Reading the audit log: the admin page (filters, pages) and an instrument's history for its managers.
import type { Db } from '../db/dialect';
import { managesFacility, type Roles } from '../auth/roles';
import { ServiceError } from '../booking/booking.errors';

export interface AuditFilter {
	entity?: string;
	entityId?: number;
	/** actor user id, or an e-mail address (resolved here) */
	actor?: string;
	/** inclusive lower bound, epoch ms */
	from?: number;
	/** exclusive upper bound, epoch ms */
	to?: number;
}

export const AUDIT_PAGE_SIZE = 50;

export interface AuditEntry {
	id: number;
	entity: string;
	entity_id: number;
	action: string;
	actor_user_id: number | null;
	actor_name: string | null;
	actor_email: string | null;
	before_json: string | null;
	after_json: string | null;
	created_at: number;
}

/** An entry for display: the changed fields with short before/after texts instead of the raw JSON. */
export interface AuditView extends Omit<AuditEntry, 'before_json' | 'after_json'> {
	changes: { field: string; before: string; after: string }[];
}

const short = (v: unknown): string => {
	if (v === undefined || v === null) return '—';
	const s = typeof v === 'string' ? v : JSON.stringify(v);
	return s.length > 80 ? s.slice(0, 79) + '…' : s;
};

export function toView(e: AuditEntry): AuditView {
	// eslint-disable-next-line @typescript-eslint/no-unused-vars
	const { before_json, after_json, ...rest } = e;
	let changes: AuditView['changes'] = [];
	try {
		changes = changedFields(before_json, after_json).map((c) => ({ field: c.field, before: short(c.before), after: short(c.after) }));
	} catch {
		changes = [{ field: '?', before: short(before_json), after: short(after_json) }];
	}
	return { ...rest, changes };
}

/** One page of the audit log, newest first; admins only. */
export async function listAudit(db: Db, roles: Roles, filter: AuditFilter, page: number) {
	if (!roles.admin) throw new ServiceError('forbidden');
	let actorId: number | null | undefined;
	if (filter.actor) {
		if (/^\d+$/.test(filter.actor)) actorId = Number(filter.actor);
		else {
			const u = await db.kysely.selectFrom('users').select('id').where('email', '=', filter.actor.trim().toLowerCase()).executeTakeFirst();
			actorId = u?.id ?? -1;
		}
	}
	let q = db.kysely.selectFrom('audit_log').leftJoin('users', 'users.id', 'audit_log.actor_user_id');
	if (filter.entity) q = q.where('audit_log.entity', '=', filter.entity);
	if (filter.entityId !== undefined) q = q.where('audit_log.entity_id', '=', filter.entityId);
	if (actorId !== undefined && actorId !== null) q = q.where('audit_log.actor_user_id', '=', actorId);
	if (filter.from !== undefined) q = q.where('audit_log.created_at', '>=', filter.from);
	if (filter.to !== undefined) q = q.where('audit_log.created_at', '<', filter.to);
	const [total, items, entities] = await Promise.all([
		q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
		q
			.select([
				'audit_log.id',
				'audit_log.entity',
				'audit_log.entity_id',
				'audit_log.action',
				'audit_log.actor_user_id',
				'users.name as actor_name',
				'users.email as actor_email',
				'audit_log.before_json',
				'audit_log.after_json',
				'audit_log.created_at'
			])
			.orderBy('audit_log.id', 'desc')
			.limit(AUDIT_PAGE_SIZE)
			.offset((page - 1) * AUDIT_PAGE_SIZE)
			.execute(),
		db.kysely.selectFrom('audit_log').select('entity').distinct().orderBy('entity').execute()
	]);
	const n = Number(total.n);
	return { items: (items as AuditEntry[]).map(toView), total: n, page, pages: Math.max(1, Math.ceil(n / AUDIT_PAGE_SIZE)), entities: entities.map((e) => e.entity) };
}

/** Audit rows of an instrument and of its bookings, newest first; the instrument's managers only. */
export async function instrumentHistory(db: Db, roles: Roles, instrumentId: number, limit = 100): Promise<AuditView[]> {
	const instrument = await db.kysely.selectFrom('instruments').select('facility_id').where('id', '=', instrumentId).executeTakeFirst();
	if (!instrument) throw new ServiceError('not_found');
	if (!managesFacility(roles, instrument.facility_id)) throw new ServiceError('forbidden');
	const rows = await db.kysely
		.selectFrom('audit_log')
		.leftJoin('users', 'users.id', 'audit_log.actor_user_id')
		.select([
			'audit_log.id',
			'audit_log.entity',
			'audit_log.entity_id',
			'audit_log.action',
			'audit_log.actor_user_id',
			'users.name as actor_name',
			'users.email as actor_email',
			'audit_log.before_json',
			'audit_log.after_json',
			'audit_log.created_at'
		])
		.where((eb) =>
			eb.or([
				eb.and([eb('audit_log.entity', '=', 'instrument'), eb('audit_log.entity_id', '=', instrumentId)]),
				eb.and([
					eb('audit_log.entity', '=', 'booking'),
					eb('audit_log.entity_id', 'in', eb.selectFrom('bookings').select('bookings.id').where('bookings.instrument_id', '=', instrumentId))
				])
			])
		)
		.orderBy('audit_log.id', 'desc')
		.limit(limit)
		.execute();
	return (rows as AuditEntry[]).map(toView);
}

/** The fields whose values differ between before and after (for a compact display). */
export function changedFields(before: string | null, after: string | null): { field: string; before: unknown; after: unknown }[] {
	const b = (before ? JSON.parse(before) : {}) as Record<string, unknown>;
	const a = (after ? JSON.parse(after) : {}) as Record<string, unknown>;
	if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return [];
	const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((k) => k !== 'updated_at' && k !== 'search_text');
	return keys.filter((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k])).map((k) => ({ field: k, before: b[k], after: a[k] }));
}
