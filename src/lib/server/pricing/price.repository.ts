// Price rule and booking charge SQL.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { PriceRule, PriceMode, InstitutionKindName } from '../../domain/pricing/price-rules';
import { prepared } from '../db/prepared';

type Q = Kysely<Database>;

const ruleRows = prepared((db: Q, instrumentId: number) => db.selectFrom('price_rules').selectAll().where('instrument_id', '=', instrumentId).orderBy('mode'));
export function listRuleRows(db: Q, instrumentId: number) {
	return ruleRows(db, instrumentId);
}
export type PriceRuleRow = Awaited<ReturnType<typeof listRuleRows>>[number];

export function toRule(r: PriceRuleRow): PriceRule {
	return {
		mode: r.mode,
		unit: r.unit,
		internalFen: r.internal_fen,
		outsideFen: r.outside_fen,
		minBilledMinutes: r.min_billed_minutes,
		freeQuotaPerYear: r.free_quota_per_year,
		freeKinds: r.free_kinds ? (r.free_kinds.split(',') as InstitutionKindName[]) : []
	};
}

export async function findRule(db: Q, instrumentId: number, mode: PriceMode): Promise<PriceRule | null> {
	const [row] = await ruleRow(db, instrumentId, mode);
	return row ? toRule(row) : null;
}
const ruleRow = prepared((db: Q, instrumentId: number, mode: PriceMode) => db.selectFrom('price_rules').selectAll().where('instrument_id', '=', instrumentId).where('mode', '=', mode));

export async function upsertRule(db: Q, instrumentId: number, rule: PriceRule, userId: number, now: number): Promise<void> {
	const values = {
		unit: rule.unit,
		internal_fen: rule.internalFen,
		outside_fen: rule.outsideFen,
		min_billed_minutes: rule.minBilledMinutes,
		free_quota_per_year: rule.freeQuotaPerYear,
		free_kinds: rule.freeKinds.join(','),
		updated_by: userId,
		updated_at: now
	};
	const updated = await db.updateTable('price_rules').set(values).where('instrument_id', '=', instrumentId).where('mode', '=', rule.mode).executeTakeFirst();
	if (Number(updated.numUpdatedRows) === 0) {
		await db.insertInto('price_rules').values({ instrument_id: instrumentId, mode: rule.mode, created_at: now, ...values }).execute();
	}
}

export async function deleteRule(db: Q, instrumentId: number, mode: PriceMode): Promise<void> {
	await db.deleteFrom('price_rules').where('instrument_id', '=', instrumentId).where('mode', '=', mode).execute();
}

/**
 * Free quota this person already used this year on the instrument and mode (void charges do not
 * count): bookings' free minutes or samples, and for the sample mode also the free samples of
 * sample-testing requests — one yearly quota in the rule's unit, whichever way it was used.
 */
const bookingFreeUsed = prepared((db: Q, userId: number, instrumentId: number, mode: PriceMode, year: number) =>
	db
		.selectFrom('booking_charges')
		.select((eb) => eb.fn.coalesce(eb.fn.sum<number>('free_quantity'), eb.lit(0)).as('used'))
		.where('user_id', '=', userId)
		.where('instrument_id', '=', instrumentId)
		.where('mode', '=', mode)
		.where('year', '=', year)
		.where('status', '!=', 'void')
);

export async function freeUsed(db: Q, userId: number, instrumentId: number, mode: PriceMode, year: number): Promise<number> {
	const [row] = await bookingFreeUsed(db, userId, instrumentId, mode, year);
	if (mode !== 'sample') return Number(row?.used ?? 0);
	const samples = await db
		.selectFrom('sample_charges')
		.select((eb) => eb.fn.coalesce(eb.fn.sum<number>('free_quantity'), eb.lit(0)).as('used'))
		.where('user_id', '=', userId)
		.where('instrument_id', '=', instrumentId)
		.where('year', '=', year)
		.where('status', '!=', 'void')
		.executeTakeFirst();
	return Number(row?.used ?? 0) + Number(samples?.used ?? 0);
}

export function findCharge(db: Q, bookingId: number) {
	return db.selectFrom('booking_charges').selectAll().where('booking_id', '=', bookingId).executeTakeFirst();
}

export function findSampleCharge(db: Q, sampleRequestId: number) {
	return db.selectFrom('sample_charges').selectAll().where('sample_request_id', '=', sampleRequestId).executeTakeFirst();
}
