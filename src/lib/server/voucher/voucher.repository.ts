// Voucher SQL: programmes and their shared-resource lists, grants, reservations.
import { sql, type Kysely } from 'kysely';
import type { AreaCode, Database } from '../db/schema';

type Q = Kysely<Database>;

export function findProgramme(db: Q, id: number) {
	return db.selectFrom('voucher_programmes').selectAll().where('id', '=', id).executeTakeFirst();
}
export type ProgrammeRow = NonNullable<Awaited<ReturnType<typeof findProgramme>>>;

export function listProgrammes(db: Q, areas?: AreaCode[]) {
	let q = db.selectFrom('voucher_programmes').selectAll().orderBy('year', 'desc').orderBy('id', 'desc');
	if (areas) q = q.where('issuer_area', 'in', areas.length ? areas : ['--' as AreaCode]);
	return q.execute();
}

/** The shared-resource list with names and areas, for the public page and export. */
export function listProviders(db: Q, programmeId: number) {
	return db
		.selectFrom('voucher_programme_providers as p')
		.leftJoin('facilities as f', 'f.id', 'p.facility_id')
		.leftJoin('institutions as i', (j) => j.on(sql`i.id`, '=', sql`coalesce(p.institution_id, f.institution_id)`))
		.select(['p.id', 'p.facility_id', 'p.institution_id', 'f.name_zh as facility_zh', 'f.name_en as facility_en', 'f.area_code as facility_area', 'i.name_zh as institution_zh', 'i.name_en as institution_en', 'i.area_code as institution_area'])
		.where('p.programme_id', '=', programmeId)
		.orderBy('p.id')
		.execute();
}

export async function listIds(db: Q, programmeId: number) {
	const rows = await db.selectFrom('voucher_programme_providers').select(['facility_id', 'institution_id']).where('programme_id', '=', programmeId).execute();
	return {
		listFacilityIds: rows.flatMap((r) => (r.facility_id === null ? [] : [r.facility_id])),
		listInstitutionIds: rows.flatMap((r) => (r.institution_id === null ? [] : [r.institution_id]))
	};
}

export function findGrant(db: Q, id: number) {
	return db
		.selectFrom('voucher_grants as g')
		.innerJoin('voucher_programmes as p', 'p.id', 'g.programme_id')
		.selectAll('g')
		.select(['p.issuer_area', 'p.name_zh as programme_zh', 'p.name_en as programme_en', 'p.ratio_bp', 'p.cap_fen', 'p.model', 'p.scope', 'p.status as programme_status'])
		.where('g.id', '=', id)
		.executeTakeFirst();
}
export type GrantRow = NonNullable<Awaited<ReturnType<typeof findGrant>>>;

const GRANT_LIST = ['g.id', 'g.programme_id', 'g.institution_id', 'g.requested_fen', 'g.purpose', 'g.amount_fen', 'g.reserved_fen', 'g.redeemed_fen', 'g.status', 'g.decision_reason', 'g.expires_at', 'g.created_at', 'p.name_zh as programme_zh', 'p.name_en as programme_en', 'p.issuer_area', 'p.ratio_bp', 'p.model', 'i.name_zh as institution_zh', 'i.name_en as institution_en'] as const;

export function listGrantsOfInstitution(db: Q, institutionId: number) {
	return db
		.selectFrom('voucher_grants as g')
		.innerJoin('voucher_programmes as p', 'p.id', 'g.programme_id')
		.innerJoin('institutions as i', 'i.id', 'g.institution_id')
		.select(GRANT_LIST)
		.where('g.institution_id', '=', institutionId)
		.orderBy('g.id', 'desc')
		.execute();
}
export type GrantListRow = Awaited<ReturnType<typeof listGrantsOfInstitution>>[number];

export function listGrantsOfAreas(db: Q, areas: AreaCode[]) {
	if (areas.length === 0) return Promise.resolve([] as GrantListRow[]);
	return db
		.selectFrom('voucher_grants as g')
		.innerJoin('voucher_programmes as p', 'p.id', 'g.programme_id')
		.innerJoin('institutions as i', 'i.id', 'g.institution_id')
		.select(GRANT_LIST)
		.where('p.issuer_area', 'in', areas)
		.orderBy('g.id', 'desc')
		.limit(500)
		.execute();
}

/** Reserved plus redeemed by an enterprise across its grants of a programme (for the cap left). */
export async function enterpriseSpent(db: Q, programmeId: number, institutionId: number): Promise<number> {
	const row = await db
		.selectFrom('voucher_grants')
		.select((eb) => eb.fn.coalesce(eb.fn.sum<number>(sql`reserved_fen + redeemed_fen`), eb.lit(0)).as('spent'))
		.where('programme_id', '=', programmeId)
		.where('institution_id', '=', institutionId)
		.executeTakeFirst();
	return Number(row?.spent ?? 0);
}

/** Approved amounts for an enterprise in a programme. */
export async function enterpriseGranted(db: Q, programmeId: number, institutionId: number): Promise<number> {
	const row = await db
		.selectFrom('voucher_grants')
		.select((eb) => eb.fn.coalesce(eb.fn.sum<number>('amount_fen'), eb.lit(0)).as('granted'))
		.where('programme_id', '=', programmeId)
		.where('institution_id', '=', institutionId)
		.where('status', '=', 'approved')
		.executeTakeFirst();
	return Number(row?.granted ?? 0);
}

/** Adds to the reserved amount only if the balance still covers it: the guard against overspending under concurrency. */
export async function reserveOnGrant(db: Q, grantId: number, fen: number, now: number): Promise<boolean> {
	const r = await db
		.updateTable('voucher_grants')
		.set((eb) => ({ reserved_fen: eb('reserved_fen', '+', fen), updated_at: now }))
		.where('id', '=', grantId)
		.where('status', '=', 'approved')
		.where(sql<boolean>`amount_fen - reserved_fen - redeemed_fen >= ${fen}`)
		.executeTakeFirst();
	return Number(r.numUpdatedRows) === 1;
}

export async function moveOnGrant(db: Q, grantId: number, unreserveFen: number, redeemFen: number, now: number): Promise<void> {
	await db
		.updateTable('voucher_grants')
		.set((eb) => ({ reserved_fen: eb('reserved_fen', '-', unreserveFen), redeemed_fen: eb('redeemed_fen', '+', redeemFen), updated_at: now }))
		.where('id', '=', grantId)
		.execute();
}

export function findReservationByBooking(db: Q, bookingId: number) {
	return db.selectFrom('voucher_reservations').selectAll().where('booking_id', '=', bookingId).executeTakeFirst();
}
export type ReservationRow = NonNullable<Awaited<ReturnType<typeof findReservationByBooking>>>;
