// What the instrument page needs for prices, the quote before sending and the voucher picker.
import type { Db } from '../db/dialect';
import type { SessionUser } from '../auth/session';
import type { PriceMode, InstitutionKindName } from '../../domain/pricing/price-rules';
import { programmeAccepts } from '../../domain/voucher/voucher-rules';
import { wallTime } from '../../domain/time/zone';
import { instrumentPrices, type PriceInstrumentFacts } from './price.service';
import { cacheOf, catalogueVersion } from '../catalogue/catalogue-cache';
import * as priceRepo from './price.repository';
import { spendableGrants } from '../voucher/grant.service';
import * as voucherRepo from '../voucher/voucher.repository';

export interface PricingPageData {
	prices: Awaited<ReturnType<typeof instrumentPrices>>;
	money: {
		internal: boolean;
		institutionKind: InstitutionKindName;
		freeUsed: Partial<Record<PriceMode, number>>;
		grants: { id: number; programme_zh: string; programme_en: string; ratio_bp: number; balance_fen: number; issuer_area: string }[];
	} | null;
}

export async function pricingForInstrumentPage(
	db: Db,
	user: SessionUser | null,
	/** with its price columns when the caller read them at the catalogue version passed (then they are not read again) */
	instrument: { id: number; facility_id: number; institution_id: number; area_code: 'BJ' | 'TJ' | 'HE'; timezone: string } & Partial<PriceInstrumentFacts>,
	now = Date.now(),
	/** the catalogue version the caller has just read (else read here) */
	version?: number | null
): Promise<PricingPageData> {
	// cached per process until a price rule or the instrument changes (catalogue version, migration 0011),
	// from an instrument's second view (as its page row, instrument-facts.ts)
	const v = version === undefined ? await catalogueVersion(db.kysely) : version;
	const { modes, price_hour_fen, published } = instrument;
	const known = version !== undefined && modes !== undefined && price_hour_fen !== undefined && published !== undefined ? { modes, price_hour_fen, published } : undefined;
	const prices = await cacheOf<Awaited<ReturnType<typeof instrumentPrices>>>(db.kysely, 'instrument-prices', 10_000, { admitOnSecondRequest: true }).get(v, String(instrument.id), () => instrumentPrices(db, instrument.id, known));
	if (!user) return { prices, money: null };
	const inst = await db.kysely.selectFrom('institutions').select('kind').where('id', '=', user.institutionId).executeTakeFirst();
	const year = wallTime(now, instrument.timezone).year;
	const freeUsed: Partial<Record<PriceMode, number>> = {};
	for (const p of prices ?? []) if (p.freeQuotaPerYear > 0) freeUsed[p.mode] = await priceRepo.freeUsed(db.kysely, user.id, instrument.id, p.mode, year);
	const grants = [];
	for (const g of await spendableGrants(db, user, now)) {
		const list = await voucherRepo.listIds(db.kysely, g.programme_id);
		const p = await voucherRepo.findProgramme(db.kysely, g.programme_id);
		if (p && programmeAccepts({ issuerArea: p.issuer_area, scope: p.scope, ...list }, { facilityId: instrument.facility_id, institutionId: instrument.institution_id, areaCode: instrument.area_code })) {
			grants.push({ id: g.id, programme_zh: g.programme_zh, programme_en: g.programme_en, ratio_bp: g.ratio_bp, balance_fen: g.balance_fen, issuer_area: g.issuer_area });
		}
	}
	return { prices, money: { internal: user.institutionId === instrument.institution_id, institutionKind: (inst?.kind ?? 'university') as InstitutionKindName, freeUsed, grants } };
}
