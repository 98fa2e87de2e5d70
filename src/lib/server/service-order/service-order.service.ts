// Service orders (服务单): every approved service for another institution gets one — a booking when
// it is approved, a sample-testing request when it is accepted — with parties, content, price, and
// the IP and confidentiality terms of the facility's template; printable, with the payment recorded
// against a receipt number (the receipt a 通用 enterprise claims its subsidy with).
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { withWriteTransaction, type Db } from '../db/dialect';
import { managesFacility, type Roles } from '../auth/roles';
import type { SessionUser } from '../auth/session';
import { writeAudit } from '../audit/audit.repository';
import { ServiceError } from '../booking/booking.errors';
import { wallTime } from '../../domain/time/zone';
import { clientPaysFen } from '../../domain/voucher/voucher-rules';

type Q = Kysely<Database>;

export const DEFAULT_TERMS = {
	ip_terms: '委托方提供的样品与数据及由此产生的测试结果归委托方所有；服务方保留其测试方法与仪器操作规程的知识产权。The client owns its samples, data and the results; the provider keeps its methods and procedures.',
	confidentiality_terms: '双方对在服务中获知的对方技术信息与商业信息负有保密义务，未经书面同意不得向第三方披露。Both parties keep each other’s technical and business information confidential.'
};

export async function templateOf(db: Q, facilityId: number) {
	const row = await db.selectFrom('service_order_templates').select(['ip_terms', 'confidentiality_terms']).where('facility_id', '=', facilityId).executeTakeFirst();
	return row ?? DEFAULT_TERMS;
}

/** SO<local date of the service>-<suffix>: the number printed on an order. */
function orderNumber(at: number, timeZone: string, suffix: string): string {
	const w = wallTime(at, timeZone);
	const pad = (n: number) => String(n).padStart(2, '0');
	return `SO${w.year}${pad(w.month)}${pad(w.day)}-${suffix}`;
}

interface NewOrder {
	/** a booking's or a sample request's order */
	owner: { booking_id: number; sample_request_id: null } | { booking_id: null; sample_request_id: number };
	number: string;
	provider_facility_id: number;
	provider_institution_id: number;
	client_institution_id: number;
	client_user_id: number;
	content: string;
	quote_fen: number;
	voucher_fen: number;
	terms: { ip_terms: string; confidentiality_terms: string };
	audit: Record<string, number>;
}

/** Writes an open order (no charge or payment yet) with its audit row; returns its id. */
async function insertOrder(trx: Q, o: NewOrder, now: number): Promise<number> {
	const row = await trx
		.insertInto('service_orders')
		.values({
			...o.owner,
			number: o.number,
			provider_facility_id: o.provider_facility_id,
			provider_institution_id: o.provider_institution_id,
			client_institution_id: o.client_institution_id,
			client_user_id: o.client_user_id,
			content: o.content,
			quote_fen: o.quote_fen,
			charge_fen: null,
			charge_note: null,
			voucher_fen: o.voucher_fen,
			ip_terms: o.terms.ip_terms,
			confidentiality_terms: o.terms.confidentiality_terms,
			status: 'open',
			receipt_no: null,
			paid_fen: null,
			paid_at: null,
			created_at: now,
			updated_at: now
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	await writeAudit(trx, { actorUserId: null, entity: 'service_order', entityId: row.id, action: 'create', after: o.audit, at: now });
	return row.id;
}

/** Creates the order of an approved booking by someone of another institution (once; later calls do nothing). */
export async function createOrderForBooking(trx: Q, bookingId: number, now: number) {
	const b = await trx
		.selectFrom('bookings as b')
		.innerJoin('instruments as i', 'i.id', 'b.instrument_id')
		.select(['b.id', 'b.user_id', 'b.user_institution_id', 'b.mode', 'b.start_at', 'b.end_at', 'b.purpose', 'b.quote_fen', 'i.facility_id', 'i.institution_id', 'i.name_zh', 'i.model', 'i.timezone'])
		.where('b.id', '=', bookingId)
		.executeTakeFirst();
	if (!b || b.user_institution_id === b.institution_id) return null;
	const existing = await trx.selectFrom('service_orders').select('id').where('booking_id', '=', bookingId).executeTakeFirst();
	if (existing) return existing.id;
	const terms = await templateOf(trx, b.facility_id);
	const voucher = await trx.selectFrom('voucher_reservations').select('reserved_fen').where('booking_id', '=', bookingId).where('status', '=', 'reserved').executeTakeFirst();
	return insertOrder(trx, {
		owner: { booking_id: b.id, sample_request_id: null },
		number: orderNumber(b.start_at, b.timezone, String(b.id).padStart(6, '0')),
		provider_facility_id: b.facility_id,
		provider_institution_id: b.institution_id,
		client_institution_id: b.user_institution_id,
		client_user_id: b.user_id,
		content: `${b.name_zh} (${b.model}) · ${b.mode} · ${b.purpose}`,
		quote_fen: b.quote_fen,
		voucher_fen: voucher?.reserved_fen ?? 0,
		terms,
		audit: { bookingId }
	}, now);
}

/** Cancels the order when its booking is cancelled (orders are never deleted). */
export async function cancelOrderForBooking(trx: Q, bookingId: number, now: number) {
	await trx.updateTable('service_orders').set({ status: 'cancelled', updated_at: now }).where('booking_id', '=', bookingId).where('status', '=', 'open').execute();
}

/** The final charge and voucher part, written on completion (an order paid in advance keeps its status). */
export async function completeOrderForBooking(trx: Q, bookingId: number, chargeFen: number, voucherFen: number, note: string | null, now: number) {
	await trx.updateTable('service_orders').set({ status: 'completed', charge_fen: chargeFen, voucher_fen: voucherFen, charge_note: note, updated_at: now }).where('booking_id', '=', bookingId).where('status', 'in', ['open', 'completed']).execute();
	await trx.updateTable('service_orders').set({ charge_fen: chargeFen, voucher_fen: voucherFen, charge_note: note, updated_at: now }).where('booking_id', '=', bookingId).where('status', '=', 'paid').execute();
}

/** Creates the order of an accepted sample-testing request of someone of another institution (once; later calls do nothing). */
export async function createOrderForSample(trx: Q, sampleRequestId: number, now: number) {
	const s = await trx
		.selectFrom('sample_requests as s')
		.innerJoin('instruments as i', 'i.id', 's.instrument_id')
		.select(['s.id', 's.user_id', 's.user_institution_id', 's.sample_count', 's.sample_kind', 's.quote_fen', 's.created_at', 'i.facility_id', 'i.institution_id', 'i.name_zh', 'i.model', 'i.timezone'])
		.where('s.id', '=', sampleRequestId)
		.executeTakeFirst();
	if (!s || s.user_institution_id === s.institution_id) return null;
	const existing = await trx.selectFrom('service_orders').select('id').where('sample_request_id', '=', sampleRequestId).executeTakeFirst();
	if (existing) return existing.id;
	const terms = await templateOf(trx, s.facility_id);
	const charge = await trx.selectFrom('sample_charges').select('quote_fen').where('sample_request_id', '=', sampleRequestId).executeTakeFirst();
	const voucher = await trx.selectFrom('voucher_reservations').select('reserved_fen').where('sample_request_id', '=', sampleRequestId).where('status', '=', 'reserved').executeTakeFirst();
	return insertOrder(trx, {
		owner: { booking_id: null, sample_request_id: s.id },
		// S marks a sample request's order; the number after it is the request's id
		number: orderNumber(s.created_at, s.timezone, `S${String(s.id).padStart(6, '0')}`),
		provider_facility_id: s.facility_id,
		provider_institution_id: s.institution_id,
		client_institution_id: s.user_institution_id,
		client_user_id: s.user_id,
		content: `${s.name_zh} (${s.model}) · 送样检测 sample testing · ${s.sample_count} × ${s.sample_kind}`,
		quote_fen: s.quote_fen ?? charge?.quote_fen ?? 0,
		voucher_fen: voucher?.reserved_fen ?? 0,
		terms,
		audit: { sampleRequestId }
	}, now);
}

/** Cancels the order when its sample request is withdrawn. */
export async function cancelOrderForSample(trx: Q, sampleRequestId: number, now: number) {
	await trx.updateTable('service_orders').set({ status: 'cancelled', updated_at: now }).where('sample_request_id', '=', sampleRequestId).where('status', '=', 'open').execute();
}

/** The final charge and the redeemed voucher share of a reported request (an order paid in advance keeps its status). */
export async function completeOrderForSample(trx: Q, sampleRequestId: number, chargeFen: number, voucherFen: number, now: number) {
	await trx.updateTable('service_orders').set({ status: 'completed', charge_fen: chargeFen, voucher_fen: voucherFen, updated_at: now }).where('sample_request_id', '=', sampleRequestId).where('status', 'in', ['open', 'completed']).execute();
	await trx.updateTable('service_orders').set({ charge_fen: chargeFen, voucher_fen: voucherFen, updated_at: now }).where('sample_request_id', '=', sampleRequestId).where('status', '=', 'paid').execute();
}

function orderQuery(db: Q) {
	return db
		.selectFrom('service_orders as o')
		// an order serves a booking or a sample request (whose instrument time is its own booking once scheduled)
		.leftJoin('bookings as b', 'b.id', 'o.booking_id')
		.leftJoin('sample_requests as s', 's.id', 'o.sample_request_id')
		.leftJoin('bookings as sb', 'sb.id', 's.booking_id')
		// two joins, each on its own unique index (an OR in one join condition would read every reservation per order)
		.leftJoin('voucher_reservations as rb', 'rb.booking_id', 'o.booking_id')
		.leftJoin('voucher_reservations as rs', 'rs.sample_request_id', 'o.sample_request_id')
		.innerJoin('facilities as f', 'f.id', 'o.provider_facility_id')
		.innerJoin('institutions as pi', 'pi.id', 'o.provider_institution_id')
		.innerJoin('institutions as ci', 'ci.id', 'o.client_institution_id')
		.innerJoin('users as u', 'u.id', 'o.client_user_id')
		.selectAll('o')
		.select((eb) => [
			eb.fn.coalesce('b.start_at', 'sb.start_at').as('start_at'),
			eb.fn.coalesce('b.end_at', 'sb.end_at').as('end_at'),
			'b.status as booking_status',
			's.status as sample_status',
			's.sample_count',
			's.wanted_date',
			's.reported_at',
			// 'general' 通用: the client pays the whole charge and claims the voucher share back; 'exchange' 通兑: the provider redeems it
			eb.fn.coalesce('rb.model', 'rs.model').as('voucher_model'),
			eb.fn.coalesce('rb.status', 'rs.status').as('voucher_status')
		])
		.select(['f.name_zh as facility_zh', 'f.name_en as facility_en', 'f.address as facility_address', 'f.contact_phone', 'f.contact_email', 'pi.name_zh as provider_zh', 'pi.name_en as provider_en', 'pi.credit_code as provider_credit_code', 'ci.name_zh as client_zh', 'ci.name_en as client_en', 'ci.credit_code as client_credit_code', 'u.name as client_user_name', 'u.email as client_user_email']);
}

export { clientPaysFen };

/** An order for its provider's managers or its client's institution; nobody else sees it. */
export async function getOrder(db: Db, user: SessionUser, roles: Roles, orderId: number) {
	const o = await orderQuery(db.kysely).where('o.id', '=', orderId).executeTakeFirst();
	if (!o) throw new ServiceError('not_found');
	if (!managesFacility(roles, o.provider_facility_id) && o.client_institution_id !== user.institutionId) throw new ServiceError('not_found');
	return { ...o, canRecordPayment: managesFacility(roles, o.provider_facility_id) };
}

export async function listOrdersForFacilities(db: Db, roles: Roles) {
	if (roles.managedFacilityIds.length === 0) return [];
	return orderQuery(db.kysely).where('o.provider_facility_id', 'in', roles.managedFacilityIds).orderBy('o.id', 'desc').limit(200).execute();
}

export async function listOrdersOfInstitution(db: Db, user: SessionUser) {
	return orderQuery(db.kysely).where('o.client_institution_id', '=', user.institutionId).orderBy('o.id', 'desc').limit(200).execute();
}

/** A manager of the provider records the payment with its receipt number (发票/收据号). */
export async function recordPayment(db: Db, user: SessionUser, roles: Roles, orderId: number, receiptNo: string, paidFen: number, now = Date.now()) {
	return withWriteTransaction(db, async (trx) => {
		const before = await trx.selectFrom('service_orders').selectAll().where('id', '=', orderId).executeTakeFirst();
		if (!before) throw new ServiceError('not_found');
		if (!managesFacility(roles, before.provider_facility_id)) throw new ServiceError('forbidden');
		const problems = [];
		if (receiptNo.trim().length < 3) problems.push({ code: 'order_receipt_required' });
		if (!Number.isSafeInteger(paidFen) || paidFen < 0) problems.push({ code: 'order_amount_invalid' });
		if (before.status === 'cancelled' || before.status === 'paid') problems.push({ code: 'order_not_payable', params: { status: before.status } });
		if (problems.length) throw new ServiceError('conflict', problems);
		await trx.updateTable('service_orders').set({ status: 'paid', receipt_no: receiptNo.trim(), paid_fen: paidFen, paid_at: now, updated_at: now }).where('id', '=', orderId).execute();
		const after = await trx.selectFrom('service_orders').selectAll().where('id', '=', orderId).executeTakeFirst();
		await writeAudit(trx, { actorUserId: user.id, entity: 'service_order', entityId: orderId, action: 'payment', before, after, at: now });
		return after!;
	});
}

/** A manager sets the facility's IP and confidentiality terms for future orders. */
export async function saveTemplate(db: Db, user: SessionUser, roles: Roles, facilityId: number, ipTerms: string, confidentialityTerms: string, now = Date.now()) {
	if (!managesFacility(roles, facilityId)) throw new ServiceError('forbidden');
	if (ipTerms.trim().length < 5 || confidentialityTerms.trim().length < 5) throw new ServiceError('conflict', [{ code: 'order_terms_required' }]);
	return withWriteTransaction(db, async (trx) => {
		const before = await trx.selectFrom('service_order_templates').selectAll().where('facility_id', '=', facilityId).executeTakeFirst();
		if (before) await trx.updateTable('service_order_templates').set({ ip_terms: ipTerms.trim(), confidentiality_terms: confidentialityTerms.trim(), updated_by: user.id, updated_at: now }).where('facility_id', '=', facilityId).execute();
		else await trx.insertInto('service_order_templates').values({ facility_id: facilityId, ip_terms: ipTerms.trim(), confidentiality_terms: confidentialityTerms.trim(), updated_by: user.id, updated_at: now }).execute();
		await writeAudit(trx, { actorUserId: user.id, entity: 'service_order_template', entityId: facilityId, action: 'save', before, after: { ipTerms, confidentialityTerms }, at: now });
	});
}
