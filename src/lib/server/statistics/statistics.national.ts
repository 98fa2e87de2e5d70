// The national instrument records of an evaluator's scope for one calendar year: access through the
// statistics service's scope, yearly figures from its facts (so roll-ups behind loadFacts serve this
// too), and the instruments' records read page by page so a scope of 50,000 instruments streams out
// without holding every record at once. No personal data: the contact is the facility.
import type { Db } from '../db/dialect';
import type { Roles } from '../auth/roles';
import type { StatFilter } from './statistics.repository';
import { loadFacts, loadScheme, scopeFilter, type Selection } from './statistics.service';
import * as reports from './statistics.reports.repository';
import { emptyMetrics, metricsByKey, type Metrics } from '../../domain/statistics/metrics';
import { outsideMoneyByKey, type NationalInput } from '../../domain/statistics/national-record';
import { parsePeriod, type Period } from '../../domain/statistics/period';
import { categoryByCode } from '../../domain/catalogue/categories';

export interface InstrumentFigures {
	metrics: Metrics;
	outsideRevenueFen: number;
	outsideVoucherFen: number;
}

/** Metrics per instrument of a (checked) filter for a period, with the money paid by outside users. */
export async function figuresByInstrument(db: Db, f: StatFilter, period: Period, now: number): Promise<Map<number, InstrumentFigures>> {
	const scheme = await loadScheme(db);
	const facts = await loadFacts(db, 'instrument', period, f, now, scheme.staleDays);
	const outside = outsideMoneyByKey(facts.bookings, facts.samples, facts.bookingSums);
	const out = new Map<number, InstrumentFigures>();
	for (const [key, metrics] of metricsByKey(facts)) {
		const o = outside.get(key);
		out.set(Number(key), { metrics, outsideRevenueFen: o?.revenueFen ?? 0, outsideVoucherFen: o?.voucherFen ?? 0 });
	}
	return out;
}

export interface NationalRecords {
	year: number;
	period: Period;
	/** the records in instrument id order, read `batch` instruments at a time */
	records: () => AsyncGenerator<NationalInput>;
}

/**
 * The national records of the instruments in the selection for a year. Forbidden outside the
 * person's scope (checked, and the year's figures loaded, before any record is read).
 */
export async function nationalRecords(db: Db, roles: Roles, sel: Selection, year: number, opts: { origin: string; now?: number; batch?: number }): Promise<NationalRecords> {
	const f = await scopeFilter(db, roles, sel);
	const period = parsePeriod(String(year));
	if (!period) throw new RangeError(`not a year: ${year}`);
	const figures = await figuresByInstrument(db, f, period, opts.now ?? Date.now());
	const batch = opts.batch ?? 1000;
	const k = db.kysely;
	async function* records(): AsyncGenerator<NationalInput> {
		let after = 0;
		for (;;) {
			const page = await reports.recordPage(k, f, after, batch);
			if (page.length === 0) return;
			const prices = await reports.outsidePrices(k, page.map((r) => r.id));
			for (const r of page) {
				const fig = figures.get(r.id);
				yield {
					instrument: {
						id: r.id,
						nameZh: r.name_zh,
						nameEn: r.name_en,
						model: r.model,
						manufacturer: r.manufacturer,
						categoryCode: r.category_code,
						categoryZh: categoryByCode(r.category_code)?.zh ?? null,
						valueFen: r.value_fen,
						purchaseYear: r.purchase_year,
						acceptanceDate: r.acceptance_date,
						status: r.status,
						published: r.published,
						approvalMode: r.approval_mode,
						modes: r.modes,
						specifications: r.specifications,
						accreditations: r.accreditations.trim() !== '' ? r.accreditations : r.facility_accreditations,
						institutionZh: r.institution_zh,
						creditCode: r.credit_code,
						facilityZh: r.facility_zh,
						areaZh: r.area_zh,
						cityZh: r.city_zh,
						address: r.address,
						contactPhone: r.contact_phone,
						contactEmail: r.contact_email,
						prices: prices.get(r.id) ?? [],
						priceHourFen: r.price_hour_fen
					},
					figures: { year, metrics: fig?.metrics ?? emptyMetrics(), outsideRevenueFen: fig?.outsideRevenueFen ?? 0, instrumentUrl: `${opts.origin}/instruments/${r.id}` }
				};
			}
			if (page.length < batch) return;
			after = page[page.length - 1].id;
		}
	}
	return { year, period, records };
}
