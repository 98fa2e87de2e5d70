// Settlement (结算): 通兑 providers claim what they redeemed for a period; 通用 enterprises claim
// reimbursement with the contract (service order number) and the receipt. The issuing authority
// reviews each line, approves or rejects it with a reason, and marks the claim (the batch) paid.
// A claim's totals are recomputed from its lines in every transaction that touches them.
import { sql, type Kysely } from 'kysely'; // sample vouchers: sql for the instrument of a booking or sample request
import type { AreaCode, Database } from '../db/schema';
import { withWriteTransaction, type Db } from '../db/dialect';
import { managesFacility, type Roles } from '../auth/roles';
import type { SessionUser } from '../auth/session';
import { writeAudit } from '../audit/audit.repository';
import { ServiceError } from '../booking/booking.errors';
import { claimTotals } from '../../domain/voucher/voucher-rules';
import { authorityAreas, isAuthorityFor } from './access';

type Q = Kysely<Database>;

export type ClaimKind = 'provider' | 'enterprise';

function claimableQuery(db: Q) {
	return db
		.selectFrom('voucher_reservations as r')
		.innerJoin('voucher_programmes as p', 'p.id', 'r.programme_id')
		// sample vouchers: a redemption belongs to a booking or to a sample request
		.leftJoin('bookings as b', 'b.id', 'r.booking_id')
		.leftJoin('sample_requests as s', 's.id', 'r.sample_request_id')
		.innerJoin('instruments as i', (j) => j.on(sql`i.id`, '=', sql`coalesce(b.instrument_id, s.instrument_id)`))
		.innerJoin('institutions as e', 'e.id', 'r.enterprise_institution_id')
		// the service order (contract) and its receipt: a booking's or a sample request's
		.leftJoin('service_orders as o', (j) => j.on((eb) => eb.or([eb('o.booking_id', '=', eb.ref('r.booking_id')), eb('o.sample_request_id', '=', eb.ref('r.sample_request_id'))])))
		.select(['r.id', 'r.booking_id', 'r.sample_request_id', 'r.programme_id', 'r.issuer_area', 'r.provider_area', 'r.provider_facility_id', 'r.redeemed_fen', 'r.final_charge_fen', 'r.redeemed_at', 'p.name_zh as programme_zh', 'p.name_en as programme_en', 'i.name_zh as instrument_zh', 'i.name_en as instrument_en', 'e.name_zh as enterprise_zh', 'e.name_en as enterprise_en', 'o.id as order_id', 'o.number as order_number', 'o.receipt_no', 'o.paid_fen'])
		.where('r.status', '=', 'redeemed')
		.where('r.claim_line_id', 'is', null)
		.where('r.redeemed_fen', '>', 0);
}

/** Redeemed, unclaimed voucher amounts the person may claim: at facilities they manage (通兑) or of their enterprise (通用). */
export async function claimable(db: Db, user: SessionUser, roles: Roles, kind: ClaimKind) {
	if (kind === 'provider') {
		if (roles.managedFacilityIds.length === 0) return [];
		return claimableQuery(db.kysely).where('r.model', '=', 'exchange').where('r.provider_facility_id', 'in', roles.managedFacilityIds).orderBy('r.redeemed_at').execute();
	}
	return claimableQuery(db.kysely).where('r.model', '=', 'general').where('r.enterprise_institution_id', '=', user.institutionId).orderBy('r.redeemed_at').execute();
}

export interface ClaimInput {
	kind: ClaimKind;
	programmeId: number;
	/** provider claims: the facility claiming */
	facilityId?: number;
	periodFrom: number;
	periodTo: number;
}

/** Claims every claimable redemption of the programme redeemed in [periodFrom, periodTo). */
export async function createClaim(db: Db, user: SessionUser, roles: Roles, input: ClaimInput, now = Date.now()) {
	if (input.kind === 'provider' && (input.facilityId === undefined || !managesFacility(roles, input.facilityId))) throw new ServiceError('forbidden');
	if (!(input.periodTo > input.periodFrom)) throw new ServiceError('conflict', [{ code: 'claim_period_invalid' }]);
	return withWriteTransaction(db, async (trx) => {
		const programme = await trx.selectFrom('voucher_programmes').select(['id', 'issuer_area', 'model']).where('id', '=', input.programmeId).executeTakeFirst();
		if (!programme) throw new ServiceError('not_found');
		if ((programme.model === 'exchange') !== (input.kind === 'provider')) throw new ServiceError('conflict', [{ code: input.kind === 'provider' ? 'claim_model_general' : 'claim_model_exchange' }]);
		let q = claimableQuery(trx).where('r.programme_id', '=', programme.id).where('r.redeemed_at', '>=', input.periodFrom).where('r.redeemed_at', '<', input.periodTo);
		q = input.kind === 'provider' ? q.where('r.provider_facility_id', '=', input.facilityId!) : q.where('r.enterprise_institution_id', '=', user.institutionId);
		const rows = await q.execute();
		if (input.kind === 'enterprise' && rows.some((r) => !r.receipt_no)) throw new ServiceError('conflict', [{ code: 'claim_receipt_missing' }]);
		if (rows.length === 0) throw new ServiceError('conflict', [{ code: 'claim_nothing' }]);
		const institutionId = input.kind === 'provider' ? (await trx.selectFrom('facilities').select('institution_id').where('id', '=', input.facilityId!).executeTakeFirstOrThrow()).institution_id : user.institutionId;
		const claim = await trx
			.insertInto('settlement_claims')
			.values({ programme_id: programme.id, issuer_area: programme.issuer_area, kind: input.kind, facility_id: input.kind === 'provider' ? input.facilityId! : null, institution_id: institutionId, period_from: input.periodFrom, period_to: input.periodTo, claimed_fen: 0, status: 'submitted', paid_reference: null, paid_at: null, paid_by: null, created_by: user.id, created_at: now, updated_at: now })
			.returning('id')
			.executeTakeFirstOrThrow();
		for (const r of rows) {
			const line = await trx
				.insertInto('settlement_claim_lines')
				.values({ claim_id: claim.id, reservation_id: r.id, amount_fen: r.redeemed_fen, contract_no: r.order_number ?? (r.booking_id !== null ? `B${r.booking_id}` : `S${r.sample_request_id}`) /* sample vouchers */, receipt_no: r.receipt_no ?? '', status: 'pending', reason: null, reviewed_by: null, reviewed_at: null })
				.returning('id')
				.executeTakeFirstOrThrow();
			// claimed once only: a concurrent claim of the same redemption loses here (and on the unique line index)
			const taken = await trx.updateTable('voucher_reservations').set({ claim_line_id: line.id, updated_at: now }).where('id', '=', r.id).where('claim_line_id', 'is', null).executeTakeFirst();
			if (Number(taken.numUpdatedRows) !== 1) throw new ServiceError('conflict', [{ code: 'claim_already_claimed' }]);
		}
		await refreshTotals(trx, claim.id, now);
		const after = await trx.selectFrom('settlement_claims').selectAll().where('id', '=', claim.id).executeTakeFirstOrThrow();
		await writeAudit(trx, { actorUserId: user.id, entity: 'settlement_claim', entityId: claim.id, action: 'create', after: { ...after, lines: rows.map((r) => r.id) }, at: now });
		return after;
	});
}

async function refreshTotals(trx: Q, claimId: number, now: number) {
	const lines = await trx.selectFrom('settlement_claim_lines').select(['amount_fen', 'status']).where('claim_id', '=', claimId).execute();
	const t = claimTotals(lines.map((l) => ({ amountFen: l.amount_fen, status: l.status })));
	const claim = await trx.selectFrom('settlement_claims').select('status').where('id', '=', claimId).executeTakeFirstOrThrow();
	const status = claim.status === 'paid' ? 'paid' : t.pending === 0 ? 'reviewed' : 'submitted';
	await trx.updateTable('settlement_claims').set({ claimed_fen: t.claimedFen, approved_fen: t.approvedFen, status, updated_at: now }).where('id', '=', claimId).execute();
	return t;
}

async function claimForAuthority(trx: Q, roles: Roles, claimId: number) {
	const claim = await trx.selectFrom('settlement_claims').selectAll().where('id', '=', claimId).executeTakeFirst();
	if (!claim) throw new ServiceError('not_found');
	if (!isAuthorityFor(roles, claim.issuer_area)) throw new ServiceError('forbidden');
	return claim;
}

/** The issuing authority approves or rejects one line (a rejection needs a reason). */
export async function reviewLine(db: Db, user: SessionUser, roles: Roles, lineId: number, decision: 'approved' | 'rejected', reason: string, now = Date.now()) {
	return withWriteTransaction(db, async (trx) => {
		const before = await trx.selectFrom('settlement_claim_lines').selectAll().where('id', '=', lineId).executeTakeFirst();
		if (!before) throw new ServiceError('not_found');
		const claim = await claimForAuthority(trx, roles, before.claim_id);
		if (claim.status === 'paid') throw new ServiceError('conflict', [{ code: 'claim_paid' }]);
		if (decision === 'rejected' && reason.trim().length < 2) throw new ServiceError('conflict', [{ code: 'reason_required' }]);
		await trx.updateTable('settlement_claim_lines').set({ status: decision, reason: reason.trim() || null, reviewed_by: user.id, reviewed_at: now }).where('id', '=', lineId).execute();
		const totals = await refreshTotals(trx, claim.id, now);
		const after = await trx.selectFrom('settlement_claim_lines').selectAll().where('id', '=', lineId).executeTakeFirst();
		await writeAudit(trx, { actorUserId: user.id, entity: 'settlement_claim_line', entityId: lineId, action: decision === 'approved' ? 'approve' : 'reject', before, after, at: now });
		return totals;
	});
}

/** Marks a fully reviewed claim (batch) paid with the payment reference. */
export async function markPaid(db: Db, user: SessionUser, roles: Roles, claimId: number, reference: string, now = Date.now()) {
	return withWriteTransaction(db, async (trx) => {
		const before = await claimForAuthority(trx, roles, claimId);
		if (before.status !== 'reviewed') throw new ServiceError('conflict', [{ code: before.status === 'paid' ? 'claim_paid' : 'claim_not_reviewed' }]);
		if (reference.trim().length < 2) throw new ServiceError('conflict', [{ code: 'claim_reference_required' }]);
		await trx.updateTable('settlement_claims').set({ status: 'paid', paid_reference: reference.trim(), paid_at: now, paid_by: user.id, updated_at: now }).where('id', '=', claimId).where('status', '=', 'reviewed').execute();
		const after = await trx.selectFrom('settlement_claims').selectAll().where('id', '=', claimId).executeTakeFirstOrThrow();
		await writeAudit(trx, { actorUserId: user.id, entity: 'settlement_claim', entityId: claimId, action: 'paid', before, after, at: now });
		return after;
	});
}

function claimsQuery(db: Q) {
	return db
		.selectFrom('settlement_claims as c')
		.innerJoin('voucher_programmes as p', 'p.id', 'c.programme_id')
		.innerJoin('institutions as i', 'i.id', 'c.institution_id')
		.leftJoin('facilities as f', 'f.id', 'c.facility_id')
		.selectAll('c')
		.select(['p.name_zh as programme_zh', 'p.name_en as programme_en', 'p.model', 'i.name_zh as claimant_institution_zh', 'i.name_en as claimant_institution_en', 'f.name_zh as facility_zh', 'f.name_en as facility_en'])
		.orderBy('c.id', 'desc')
		.limit(300);
}

/** Claims the person may see: their facilities' (providers), their enterprise's, and those of areas they administer. */
export async function listClaims(db: Db, user: SessionUser, roles: Roles, as: 'provider' | 'enterprise' | 'authority') {
	const q = claimsQuery(db.kysely);
	if (as === 'provider') return roles.managedFacilityIds.length ? q.where('c.facility_id', 'in', roles.managedFacilityIds).execute() : [];
	if (as === 'enterprise') return q.where('c.kind', '=', 'enterprise').where('c.institution_id', '=', user.institutionId).execute();
	const areas = authorityAreas(roles);
	return areas.length ? q.where('c.issuer_area', 'in', areas).execute() : [];
}

/** One claim with its lines, for its claimant or the issuing authority; nobody else. */
export async function claimDetail(db: Db, user: SessionUser, roles: Roles, claimId: number) {
	const claim = await claimsQuery(db.kysely).where('c.id', '=', claimId).executeTakeFirst();
	if (!claim) throw new ServiceError('not_found');
	const maySee =
		isAuthorityFor(roles, claim.issuer_area) ||
		(claim.facility_id !== null && managesFacility(roles, claim.facility_id)) ||
		(claim.kind === 'enterprise' && claim.institution_id === user.institutionId);
	if (!maySee) throw new ServiceError('not_found');
	const lines = await db.kysely
		.selectFrom('settlement_claim_lines as l')
		.innerJoin('voucher_reservations as r', 'r.id', 'l.reservation_id')
		// sample vouchers: a line's redemption belongs to a booking or to a sample request
		.leftJoin('bookings as b', 'b.id', 'r.booking_id')
		.leftJoin('sample_requests as s', 's.id', 'r.sample_request_id')
		.innerJoin('instruments as i', (j) => j.on(sql`i.id`, '=', sql`coalesce(b.instrument_id, s.instrument_id)`))
		.innerJoin('institutions as e', 'e.id', 'r.enterprise_institution_id')
		.select(['l.id', 'l.amount_fen', 'l.contract_no', 'l.receipt_no', 'l.status', 'l.reason', 'l.reviewed_at', 'r.booking_id', 'r.sample_request_id', 'r.final_charge_fen', 'r.redeemed_at', 'r.provider_area', 'i.name_zh as instrument_zh', 'i.name_en as instrument_en', 'e.name_zh as enterprise_zh', 'e.name_en as enterprise_en'])
		.where('l.claim_id', '=', claimId)
		.orderBy('l.id')
		.execute();
	return { claim, lines, canReview: isAuthorityFor(roles, claim.issuer_area) };
}

/**
 * Where each issuing area's vouchers were spent: per issuer area and provider area, the redemptions
 * (笔), the redeemed amount, and what settlement approved and paid. Only the areas the person administers.
 */
export async function spendingReport(db: Db, roles: Roles) {
	const areas = authorityAreas(roles);
	if (areas.length === 0) return [];
	const rows = await db.kysely
		.selectFrom('voucher_reservations as r')
		.leftJoin('settlement_claim_lines as l', 'l.id', 'r.claim_line_id')
		.leftJoin('settlement_claims as c', 'c.id', 'l.claim_id')
		.select((eb) => [
			'r.issuer_area',
			'r.provider_area',
			eb.fn.countAll<number>().as('count'),
			eb.fn.sum<number>('r.redeemed_fen').as('redeemed_fen'),
			eb.fn.sum<number>(eb.case().when('l.status', '=', 'approved').then(eb.ref('l.amount_fen')).else(eb.lit(0)).end()).as('approved_fen'),
			eb.fn.sum<number>(eb.case().when(eb.and([eb('c.status', '=', 'paid'), eb('l.status', '=', 'approved')])).then(eb.ref('l.amount_fen')).else(eb.lit(0)).end()).as('paid_fen')
		])
		.where('r.status', '=', 'redeemed')
		.where('r.issuer_area', 'in', areas)
		.groupBy(['r.issuer_area', 'r.provider_area'])
		.orderBy('r.issuer_area')
		.orderBy('r.provider_area')
		.execute();
	return rows.map((r) => ({ issuerArea: r.issuer_area as AreaCode, providerArea: r.provider_area as AreaCode, count: Number(r.count), redeemedFen: Number(r.redeemed_fen ?? 0), approvedFen: Number(r.approved_fen ?? 0), paidFen: Number(r.paid_fen ?? 0) }));
}
