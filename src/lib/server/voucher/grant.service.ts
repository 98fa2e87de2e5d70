// Grants: an enterprise applies; the issuing authority approves an amount (never more than the
// budget left — a conditional update on the programme row holds that under concurrency — nor
// more than the enterprise cap) or rejects with a reason. Enterprises see only their own grants.
import { sql } from 'kysely';
import { fenToYuanText } from '../../domain/instrument/money';
import { checkApplication, checkGrantAmount } from '../../domain/voucher/voucher-rules';
import { withWriteTransaction, type Db } from '../db/dialect';
import type { Roles } from '../auth/roles';
import type { SessionUser } from '../auth/session';
import { writeAudit } from '../audit/audit.repository';
import { ServiceError } from '../booking/booking.errors';
import { authorityAreas, isAuthorityFor } from './access';
import * as repo from './voucher.repository';

export async function applyForGrant(db: Db, user: SessionUser, programmeId: number, requestedFen: number, purpose: string, now = Date.now()) {
	return withWriteTransaction(db, async (trx) => {
		const p = await repo.findProgramme(trx, programmeId);
		if (!p) throw new ServiceError('not_found');
		const inst = await trx.selectFrom('institutions').select(['kind', 'area_code']).where('id', '=', user.institutionId).executeTakeFirstOrThrow();
		const problems = checkApplication({ issuerArea: p.issuer_area, validFrom: p.valid_from, validTo: p.valid_to, status: p.status }, { institutionKind: inst.kind, areaCode: inst.area_code }, now);
		if (!Number.isSafeInteger(requestedFen) || requestedFen <= 0) problems.push({ code: 'voucher_amount_invalid' });
		else if (requestedFen > p.cap_fen) problems.push({ code: 'voucher_cap_exceeded', params: { left: fenToYuanText(p.cap_fen) } });
		if (problems.length) throw new ServiceError('conflict', problems);
		const row = await trx
			.insertInto('voucher_grants')
			.values({ programme_id: p.id, institution_id: user.institutionId, applicant_user_id: user.id, requested_fen: requestedFen, purpose: purpose.trim(), status: 'applied', decision_reason: null, decided_by: null, decided_at: null, expires_at: p.valid_to, created_at: now, updated_at: now })
			.returningAll()
			.executeTakeFirstOrThrow();
		await writeAudit(trx, { actorUserId: user.id, entity: 'voucher_grant', entityId: row.id, action: 'apply', after: row, at: now });
		return row;
	});
}

export async function approveGrant(db: Db, user: SessionUser, roles: Roles, grantId: number, amountFen: number, now = Date.now()) {
	return withWriteTransaction(db, async (trx) => {
		const before = await repo.findGrant(trx, grantId);
		if (!before) throw new ServiceError('not_found');
		if (!isAuthorityFor(roles, before.issuer_area)) throw new ServiceError('forbidden');
		if (before.status !== 'applied') throw new ServiceError('conflict', [{ code: 'voucher_not_pending' }]);
		if (!Number.isSafeInteger(amountFen) || amountFen <= 0) throw new ServiceError('conflict', [{ code: 'voucher_amount_invalid' }]);
		// Takes the programme row (lock on PostgreSQL) and adds to the granted total only if the budget covers it.
		const taken = await trx
			.updateTable('voucher_programmes')
			.set((eb) => ({ granted_fen: eb('granted_fen', '+', amountFen), updated_at: now }))
			.where('id', '=', before.programme_id)
			.where(sql<boolean>`budget_fen - granted_fen >= ${amountFen}`)
			.executeTakeFirst();
		const p = (await repo.findProgramme(trx, before.programme_id))!;
		const enterpriseGrantedFen = await repo.enterpriseGranted(trx, before.programme_id, before.institution_id);
		const problems = checkGrantAmount(amountFen, {
			budgetFen: p.budget_fen,
			grantedFen: Number(taken.numUpdatedRows) === 1 ? p.granted_fen - amountFen : p.granted_fen,
			capFen: p.cap_fen,
			enterpriseGrantedFen
		});
		if (Number(taken.numUpdatedRows) !== 1 && !problems.some((x) => x.code === 'voucher_budget_exceeded')) problems.push({ code: 'voucher_budget_exceeded', params: { left: fenToYuanText(p.budget_fen - p.granted_fen) } });
		if (problems.length) throw new ServiceError('conflict', problems); // rolls back the granted total
		await trx.updateTable('voucher_grants').set({ status: 'approved', amount_fen: amountFen, decided_by: user.id, decided_at: now, updated_at: now }).where('id', '=', grantId).execute();
		const after = await repo.findGrant(trx, grantId);
		await writeAudit(trx, { actorUserId: user.id, entity: 'voucher_grant', entityId: grantId, action: 'approve', before, after, at: now });
		return after!;
	});
}

export async function rejectGrant(db: Db, user: SessionUser, roles: Roles, grantId: number, reason: string, now = Date.now()) {
	return withWriteTransaction(db, async (trx) => {
		const before = await repo.findGrant(trx, grantId);
		if (!before) throw new ServiceError('not_found');
		if (!isAuthorityFor(roles, before.issuer_area)) throw new ServiceError('forbidden');
		if (before.status !== 'applied') throw new ServiceError('conflict', [{ code: 'voucher_not_pending' }]);
		if (reason.trim().length < 2) throw new ServiceError('conflict', [{ code: 'reason_required' }]);
		await trx.updateTable('voucher_grants').set({ status: 'rejected', decision_reason: reason.trim(), decided_by: user.id, decided_at: now, updated_at: now }).where('id', '=', grantId).execute();
		const after = await repo.findGrant(trx, grantId);
		await writeAudit(trx, { actorUserId: user.id, entity: 'voucher_grant', entityId: grantId, action: 'reject', before, after, at: now });
		return after!;
	});
}

/** The person's enterprise's grants, with balance = amount − reserved − redeemed. */
export async function myGrants(db: Db, user: SessionUser) {
	const rows = await repo.listGrantsOfInstitution(db.kysely, user.institutionId);
	return rows.map((g) => ({ ...g, balance_fen: g.amount_fen - g.reserved_fen - g.redeemed_fen }));
}

/** Grants the person may spend now (approved, unexpired, with a balance). */
export async function spendableGrants(db: Db, user: SessionUser, now = Date.now()) {
	return (await myGrants(db, user)).filter((g) => g.status === 'approved' && g.expires_at > now && g.balance_fen > 0);
}

export async function authorityGrants(db: Db, roles: Roles) {
	const rows = await repo.listGrantsOfAreas(db.kysely, authorityAreas(roles));
	return rows.map((g) => ({ ...g, balance_fen: g.amount_fen - g.reserved_fen - g.redeemed_fen }));
}

/** One grant with its reservations, for its enterprise or the issuing authority only. */
export async function grantDetail(db: Db, user: SessionUser, roles: Roles, grantId: number) {
	const g = await repo.findGrant(db.kysely, grantId);
	if (!g) throw new ServiceError('not_found');
	if (g.institution_id !== user.institutionId && !isAuthorityFor(roles, g.issuer_area)) throw new ServiceError('not_found');
	const reservations = await db.kysely
		.selectFrom('voucher_reservations as r')
		// sample vouchers: a reservation belongs to a booking or to a sample request
		.leftJoin('bookings as b', 'b.id', 'r.booking_id')
		.leftJoin('sample_requests as s', 's.id', 'r.sample_request_id')
		.innerJoin('instruments as i', (j) => j.on(sql`i.id`, '=', sql`coalesce(b.instrument_id, s.instrument_id)`))
		.innerJoin('facilities as f', 'f.id', 'r.provider_facility_id')
		.select(['r.id', 'r.booking_id', 'r.sample_request_id', 'r.fee_fen', 'r.reserved_fen', 'r.redeemed_fen', 'r.released_fen', 'r.final_charge_fen', 'r.status', 'r.provider_area', 'b.start_at', 'i.name_zh as instrument_zh', 'i.name_en as instrument_en', 'f.name_zh as facility_zh', 'f.name_en as facility_en'])
		.where('r.grant_id', '=', grantId)
		.orderBy('r.id', 'desc')
		.execute();
	return { grant: { ...g, balance_fen: g.amount_fen - g.reserved_fen - g.redeemed_fen }, reservations };
}
