// Builds the demo instruments in memory: how many each facility holds, which types, and every
// column of the instruments table except the ids the database assigns.
import type { ApprovalMode, InstrumentStatus } from '../db/schema';
import { DEFAULT_OPENING_HOURS, type OpeningRange } from '../../domain/booking/opening-hours';
import { instrumentSearchText } from '../../domain/catalogue/search-text';
import { DAY, HOUR } from '../../domain/time/range';
import { Rng } from './prng';
import type { FacilitySeed, InstitutionSeed } from './build-orgs';
import { INSTRUMENT_TYPES, SHOWCASE_MODEL, SHOWCASE_TYPE_ZH, type InstrumentType } from './instrument-types';
import { M } from './manufacturers';

export interface InstrumentSeed {
	/** index into the facilities */
	fac: number;
	name_zh: string;
	name_en: string;
	model: string;
	manufacturer: string;
	category_code: string;
	value_fen: number;
	purchase_year: number;
	status: InstrumentStatus;
	photo_url: string | null;
	specifications: string;
	modes: string;
	required_qualification: string | null;
	published: number;
	timezone: string;
	opening_hours: string;
	slot_minutes: number;
	min_minutes: number;
	max_minutes: number;
	notice_minutes: number;
	horizon_days: number;
	cancel_deadline_minutes: number;
	approval_mode: ApprovalMode;
	cross_area_needs_approval: number;
	price_hour_fen: number;
	search_text: string;
	created_at: number;
	updated_at: number;
}

/** An instrument that must exist with exactly these properties (the e2e tests rely on them). */
export interface ForcedInstrument {
	typeZh: string;
	model: string;
	manufacturer: string;
	modes: string;
	approval: ApprovalMode;
}

export const SHOWCASE_FORCED: ForcedInstrument = {
	typeZh: SHOWCASE_TYPE_ZH,
	model: SHOWCASE_MODEL,
	manufacturer: M.ZEISS,
	modes: 'self,assisted,sample',
	approval: 'manager'
};

const week = (days: number[], ranges: [string, string][]): OpeningRange[] =>
	days.flatMap((weekday) => ranges.map(([start, end]) => ({ weekday, start, end })));

const HOURS_VARIANTS: [OpeningRange[], number][] = [
	[DEFAULT_OPENING_HOURS, 55],
	[[...DEFAULT_OPENING_HOURS, ...week([6], [['09:00', '12:00'], ['13:30', '17:00']])], 15],
	[week([1, 2, 3, 4, 5], [['08:00', '20:00']]), 10],
	[week([1, 2, 3, 4, 5], [['09:00', '17:00']]), 12],
	[week([1, 2, 3, 4, 5, 6], [['08:30', '12:00'], ['13:00', '21:00']]), 8]
];
const ALL_DAY = week([1, 2, 3, 4, 5, 6, 7], [['00:00', '24:00']]);

const KIND_WEIGHT: Record<string, number> = {
	national_key_lab: 14,
	national_engineering_centre: 10,
	provincial_key_lab: 4,
	provincial_engineering_centre: 3.5,
	testing_centre: 25
};

/** Splits total over the weights with the largest-remainder method (exact total). */
function apportion(weights: number[], total: number): number[] {
	const sum = weights.reduce((a, b) => a + b, 0);
	if (sum <= 0 || total <= 0) return weights.map(() => 0);
	const exact = weights.map((w) => (w / sum) * total);
	const out = exact.map(Math.floor);
	let left = total - out.reduce((a, b) => a + b, 0);
	const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
	for (let k = 0; left > 0; k = (k + 1) % order.length, left--) out[order[k][1]]++;
	return out;
}

export function buildInstruments(
	insts: InstitutionSeed[],
	facs: FacilitySeed[],
	total: number,
	minimums: Map<number, number>,
	forced: Map<number, ForcedInstrument>,
	today: number
): InstrumentSeed[] {
	const rng = new Rng('instruments');
	const counts = facs.map(() => 0);
	// Incubators and maker spaces: few or none (3D printers, machining, GPU servers).
	let makerTotal = 0;
	facs.forEach((f, i) => {
		if ((f.kind === 'incubator' || f.kind === 'maker_space') && rng.chance(0.25)) {
			counts[i] = rng.int(1, 2);
			makerTotal += counts[i];
		}
	});
	let minTotal = 0;
	for (const [i, n] of minimums) {
		counts[i] = n;
		minTotal += n;
	}
	if (makerTotal + minTotal > total) {
		facs.forEach((f, i) => {
			if (f.kind === 'incubator' || f.kind === 'maker_space') counts[i] = 0;
		});
		makerTotal = 0;
	}
	const weights = facs.map((f) => (KIND_WEIGHT[f.kind] ?? 0) * (0.4 + 1.2 * rng.float()));
	const extra = apportion(weights, Math.max(0, total - makerTotal - minTotal));
	extra.forEach((n, i) => (counts[i] += n));

	const out: InstrumentSeed[] = [];
	facs.forEach((fac, fi) => {
		const inst = insts[fac.inst];
		const maker = fac.kind === 'incubator' || fac.kind === 'maker_space';
		const typeWeight = (t: InstrumentType) => {
			if (maker) return t.domains.includes('maker') ? 1 : 0;
			if (fac.kind === 'testing_centre') return ({ '01': 4, '02': 2, '03': 1.5, '04': 1.5, '08': 1.5 } as Record<string, number>)[t.cat] ?? 0.2;
			return (t.domains.includes(fac.domain) ? 8 : 0) + (t.domains.includes('*') ? 2 : 0) + 0.3;
		};
		const seen = new Set<InstrumentType>();
		for (let k = 0; k < counts[fi]; k++) {
			const f = k === 0 ? forced.get(fi) : undefined;
			let type = f ? INSTRUMENT_TYPES.find((t) => t.zh === f.typeZh)! : rng.weighted(INSTRUMENT_TYPES, typeWeight);
			if (!f && seen.has(type)) type = rng.weighted(INSTRUMENT_TYPES, typeWeight);
			seen.add(type);
			out.push(makeInstrument(rng, type, fi, fac, inst, today, f));
		}
	});
	return out;
}

function makeInstrument(
	rng: Rng,
	type: InstrumentType,
	fi: number,
	fac: FacilitySeed,
	inst: InstitutionSeed,
	today: number,
	forced: ForcedInstrument | undefined
): InstrumentSeed {
	const [model, manufacturer] = forced ? [forced.model, forced.manufacturer] : rng.pick(type.models);
	const wan = type.value[0] + rng.float() * (type.value[1] - type.value[0]);
	const discount = rng.chance(0.03) ? 0.6 : 1; // an older, cheaper configuration
	const value_fen = Math.round((wan * discount * 10_000) / 100) * 100 * 100;
	const purchase_year = 2025 - Math.floor(18 * Math.pow(rng.float(), 1.4));
	let status: InstrumentStatus = 'in_service';
	const s = rng.float();
	if (purchase_year <= 2014 && s < 0.12) status = 'retired';
	else if (s < 0.065) status = 'maintenance';
	if (forced) status = 'in_service';

	const modes =
		forced?.modes ??
		(type.self
			? rng.choose<string>([['self,assisted,sample', 50], ['self,assisted', 30], ['assisted,sample', 20]])
			: rng.choose<string>([['assisted,sample', 80], ['assisted', 20]]));
	const hours = type.hours === '24h' ? ALL_DAY : forced ? DEFAULT_OPENING_HOURS : rng.choose(HOURS_VARIANTS);
	const slot = forced ? 30 : rng.chance(0.7) ? 30 : 60;
	const approval: ApprovalMode =
		forced?.approval ?? rng.choose<ApprovalMode>([['manager', 65], ['auto', 20], ['auto_internal', 15]]);
	const created_at = Math.max(fac.created_at, today - rng.int(30, 1500) * DAY) + rng.int(8, 18) * HOUR;
	const published = forced ? 1 : status === 'retired' ? (rng.chance(0.6) ? 0 : 1) : rng.chance(0.01) ? 0 : 1;
	const row: InstrumentSeed = {
		fac: fi,
		name_zh: type.zh,
		name_en: type.en,
		model,
		manufacturer,
		category_code: type.cat,
		value_fen,
		purchase_year,
		status,
		photo_url: null,
		specifications: type.spec,
		modes,
		required_qualification: modes.includes('self') ? `${type.zh}独立上机操作资质` : null,
		published,
		timezone: 'Asia/Shanghai',
		opening_hours: JSON.stringify(hours),
		slot_minutes: slot,
		min_minutes: forced ? 30 : slot === 30 && rng.chance(0.6) ? 30 : 60,
		max_minutes: forced ? 480 : rng.pick([240, 300, 360, 420, 480]),
		notice_minutes: forced ? 60 : rng.pick([60, 120, 240, 480, 720, 1440]),
		horizon_days: forced ? 60 : rng.pick([30, 45, 60, 60, 90]),
		cancel_deadline_minutes: forced ? 120 : rng.pick([120, 240, 480, 720, 1440]),
		approval_mode: approval,
		cross_area_needs_approval: 1,
		price_hour_fen: Math.max(10, Math.round((type.price * (0.7 + 0.7 * rng.float())) / 10) * 10) * 100,
		search_text: instrumentSearchText({
			nameZh: type.zh,
			nameEn: type.en,
			model,
			manufacturer,
			facilityName: fac.name_zh,
			institutionName: inst.name_zh
		}),
		created_at,
		updated_at: Math.max(created_at, fac.confirmed_at)
	};
	return row;
}
