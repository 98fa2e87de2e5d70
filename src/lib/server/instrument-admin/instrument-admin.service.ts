// Instrument administration: a manager creates, edits, publishes, retires and re-confirms the
// instruments of the facilities they manage — nothing else. Every change runs in one transaction
// with the search index rebuild and an audit row.
import type { Kysely } from 'kysely';
import type { Db } from '../db/dialect';
import type { Database } from '../db/schema';
import { managesFacility, type Roles } from '../auth/roles';
import { writeAudit } from '../audit/audit.repository';
import { ServiceError } from '../booking/booking.errors';
import { indexInstrument } from '../catalogue/catalogue.repository';
import type { InstrumentInput } from '../../domain/instrument/instrument-input';
import { confirmedAtOf, isStale } from '../../domain/instrument/freshness';
import { isRegisteredLate } from '../../domain/instrument/working-days';
import { localDate } from '../../domain/time/zone';
import * as repo from './instrument-admin.repository';

export interface Actor {
	userId: number;
	roles: Roles;
}

/** Runs fn in a transaction that first takes the write lock of the named facilities (see touchFacilities). */
export function adminTransaction<T>(db: Db, lock: { facilityIds?: number[]; instrumentId?: number }, fn: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
	return db.kysely.transaction().execute(async (trx) => {
		if (lock.facilityIds) await repo.touchFacilities(trx, lock.facilityIds);
		if (lock.instrumentId !== undefined) await repo.touchFacilityOfInstrument(trx, lock.instrumentId);
		return fn(trx);
	});
}

function requireFacility(actor: Actor, facilityId: number): void {
	if (!managesFacility(actor.roles, facilityId)) throw new ServiceError('forbidden', [{ code: 'instrument_forbidden' }]);
}

/** The instrument when the actor manages its facility; not_found / forbidden otherwise. */
async function managedInstrument(db: Kysely<Database>, actor: Actor, id: number) {
	const row = await repo.findInstrument(db, id);
	if (!row) throw new ServiceError('not_found', [{ code: 'instrument_not_found' }]);
	requireFacility(actor, row.facility_id);
	return row;
}

export async function getManagedInstrument(db: Db, actor: Actor, id: number) {
	return managedInstrument(db.kysely, actor, id);
}

export async function createInstrument(db: Db, actor: Actor, facilityId: number, input: InstrumentInput, now = Date.now()): Promise<number> {
	requireFacility(actor, facilityId);
	return adminTransaction(db, { facilityIds: [facilityId] }, async (trx) => {
		const facility = await repo.findFacility(trx, facilityId);
		if (!facility) throw new ServiceError('not_found', [{ code: 'instrument_facility_not_found' }]);
		const id = await repo.insertInstrument(trx, facility, input, now);
		await indexInstrument(trx, id);
		await writeAudit(trx, { actorUserId: actor.userId, entity: 'instrument', entityId: id, action: 'create', after: repo.auditShape(await repo.findInstrument(trx, id)), at: now });
		return id;
	});
}

export async function updateInstrument(db: Db, actor: Actor, id: number, input: InstrumentInput, now = Date.now()): Promise<void> {
	await adminTransaction(db, { instrumentId: id }, async (trx) => {
		const before = await managedInstrument(trx, actor, id);
		const facility = (await repo.findFacility(trx, before.facility_id))!;
		await repo.updateInstrument(trx, id, facility, input, now);
		await indexInstrument(trx, id);
		const after = await repo.findInstrument(trx, id);
		await writeAudit(trx, { actorUserId: actor.userId, entity: 'instrument', entityId: id, action: 'update', before: repo.auditShape(before), after: repo.auditShape(after), at: now });
	});
}

export type InstrumentCommand = 'publish' | 'unpublish' | 'retire' | 'reinstate';

/** Publishes, unpublishes, retires or puts back in service one instrument. */
export async function applyCommand(db: Db, actor: Actor, id: number, command: InstrumentCommand, now = Date.now()): Promise<void> {
	await adminTransaction(db, { instrumentId: id }, async (trx) => {
		const before = await managedInstrument(trx, actor, id);
		const set =
			command === 'publish' ? { published: 1 } : command === 'unpublish' ? { published: 0 } : command === 'retire' ? { status: 'retired' as const } : { status: 'in_service' as const };
		await repo.setInstrumentColumns(trx, id, set, now);
		const after = await repo.findInstrument(trx, id);
		await writeAudit(trx, { actorUserId: actor.userId, entity: 'instrument', entityId: id, action: command, before: repo.auditShape(before), after: repo.auditShape(after), at: now });
	});
}

/** Re-confirms a facility and all its instruments in one step (信息定期更新). */
export async function confirmFacilityListings(db: Db, actor: Actor, facilityId: number, now = Date.now()): Promise<number> {
	requireFacility(actor, facilityId);
	return adminTransaction(db, { facilityIds: [facilityId] }, async (trx) => {
		const facility = await repo.findFacility(trx, facilityId);
		if (!facility) throw new ServiceError('not_found', [{ code: 'instrument_facility_not_found' }]);
		const ids = await repo.confirmFacility(trx, facility, now);
		await writeAudit(trx, {
			actorUserId: actor.userId,
			entity: 'facility',
			entityId: facilityId,
			action: 'confirm',
			before: { confirmed_at: facility.confirmed_at },
			after: { confirmed_at: now, instrument_ids: ids },
			at: now
		});
		return ids.length;
	});
}

/** Sets the photo URL (the file is already stored); returns the previous URL so the caller can delete it. */
export async function setInstrumentPhoto(db: Db, actor: Actor, id: number, photoUrl: string | null, now = Date.now()): Promise<string | null> {
	return adminTransaction(db, { instrumentId: id }, async (trx) => {
		const before = await managedInstrument(trx, actor, id);
		await repo.setInstrumentColumns(trx, id, { photo_url: photoUrl }, now);
		await writeAudit(trx, { actorUserId: actor.userId, entity: 'instrument', entityId: id, action: 'photo', before: { photo_url: before.photo_url }, after: { photo_url: photoUrl }, at: now });
		return before.photo_url;
	});
}

export interface ManagedListItem extends repo.InstrumentListRow {
	confirmedAt: number;
	stale: boolean;
	/** registered more than 30 working days after acceptance */
	lateRegistration: boolean;
}

/** The actor's facilities and their instruments, each with its freshness and registration flags. */
export async function listManaged(db: Db, actor: Actor, staleDays: number, now = Date.now()) {
	const facilityIds = actor.roles.managedFacilityIds;
	const [facilities, rows] = await Promise.all([repo.listFacilities(db.kysely, facilityIds), repo.listInstruments(db.kysely, facilityIds)]);
	const items: ManagedListItem[] = rows.map((r) => {
		const confirmedAt = confirmedAtOf(r);
		return {
			...r,
			confirmedAt,
			stale: r.status !== 'retired' && isStale(confirmedAt, now, staleDays),
			lateRegistration: isRegisteredLate(r.acceptance_date, localDate(r.created_at, 'Asia/Shanghai'))
		};
	});
	return { facilities, items };
}
