// The money of a sample-testing request (送样检测), in sample_charges like booking_charges for a
// booking: the per-sample quote when the request is sent (internal or outside rate; the free
// public-welfare samples it takes from the person's yearly quota, which bookings and sample requests
// share), voided when the request is rejected or withdrawn (the free samples go back), and made final
// on the report: the manager's accepted quote, else the quote. Called inside the sample service's
// transactions.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { ServiceError } from '../booking/booking.errors';
import { quote, type InstitutionKindName } from '../../domain/pricing/price-rules';
import { wallTime } from '../../domain/time/zone';
import * as priceRepo from './price.repository';
import { ruleFor } from './price.service';

type Q = Kysely<Database>;

async function sampleProvider(trx: Q, instrumentId: number) {
	const i = await trx
		.selectFrom('instruments')
		.select(['id', 'facility_id', 'institution_id', 'price_hour_fen', 'timezone', 'area_code'])
		.where('id', '=', instrumentId)
		.executeTakeFirst();
	if (!i) throw new ServiceError('not_found');
	return i;
}

/** The per-sample quote for a person of an institution (read-only; the free quota left after earlier bookings and requests). */
export async function sampleQuote(trx: Q, who: { userId: number; institutionId: number }, instrumentId: number, sampleCount: number, now: number) {
	const i = await sampleProvider(trx, instrumentId);
	const rule = await ruleFor(trx, i.id, 'sample', i.price_hour_fen);
	const inst = await trx.selectFrom('institutions').select('kind').where('id', '=', who.institutionId).executeTakeFirst();
	const year = wallTime(now, i.timezone).year;
	const internal = who.institutionId === i.institution_id;
	const freeUsed = await priceRepo.freeUsed(trx, who.userId, i.id, 'sample', year);
	const q = quote(rule, { bookedMinutes: 0, samples: sampleCount, internal, institutionKind: (inst?.kind ?? 'university') as InstitutionKindName, freeUsed });
	return { ...q, internal, year, instrument: i };
}
export type SampleQuote = Awaited<ReturnType<typeof sampleQuote>>;

/** Records the quote of a request just inserted (its free samples now count against the quota). */
export async function recordSampleQuote(trx: Q, s: { sampleRequestId: number; userId: number }, q: SampleQuote, now: number) {
	await trx
		.insertInto('sample_charges')
		.values({
			sample_request_id: s.sampleRequestId,
			instrument_id: q.instrument.id,
			user_id: s.userId,
			unit: q.unit,
			rate_fen: q.rateFen,
			internal: q.internal ? 1 : 0,
			year: q.year,
			quantity: q.quantity,
			free_quantity: q.freeQuantity,
			quote_fen: q.feeFen,
			final_fen: null,
			status: 'quoted',
			created_at: now,
			updated_at: now
		})
		.execute();
}

/** Rejected or withdrawn: nothing is charged and the free samples go back to the quota. */
export async function voidSampleCharge(trx: Q, sampleRequestId: number, now: number) {
	await trx.updateTable('sample_charges').set({ status: 'void', updated_at: now }).where('sample_request_id', '=', sampleRequestId).where('status', '=', 'quoted').execute();
}

/**
 * On the report: the final charge is the manager's accepted quote, else the request's quote (for a
 * request older than its charge row, the price now with the free quota of others). Once final, it stays.
 */
export async function finaliseSampleCharge(trx: Q, s: { id: number; instrument_id: number; user_id: number; user_institution_id: number; sample_count: number; quote_fen: number | null }, now: number): Promise<number> {
	const existing = await priceRepo.findSampleCharge(trx, s.id);
	if (existing?.status === 'final') return existing.final_fen ?? 0;
	if (existing) {
		const finalFen = s.quote_fen ?? existing.quote_fen;
		await trx.updateTable('sample_charges').set({ status: 'final', final_fen: finalFen, updated_at: now }).where('sample_request_id', '=', s.id).execute();
		return finalFen;
	}
	const q = await sampleQuote(trx, { userId: s.user_id, institutionId: s.user_institution_id }, s.instrument_id, s.sample_count, now);
	await recordSampleQuote(trx, { sampleRequestId: s.id, userId: s.user_id }, q, now);
	const finalFen = s.quote_fen ?? q.feeFen;
	await trx.updateTable('sample_charges').set({ status: 'final', final_fen: finalFen, updated_at: now }).where('sample_request_id', '=', s.id).execute();
	return finalFen;
}
