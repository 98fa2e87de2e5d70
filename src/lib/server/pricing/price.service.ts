// Price rules: published per instrument and mode; set by the facility's managers (audited). The
// outside hourly rate of the self (else assisted) rule is kept in step with instruments.price_hour_fen,
// the rate the catalogue displays.
import { validatePriceRule, displayedHourFen, fallbackRule, PRICE_MODES, INSTITUTION_KINDS, type PriceRule, type PriceMode, type InstitutionKindName } from '../../domain/pricing/price-rules';
import { withWriteTransaction, lockRow, type Db } from '../db/dialect';
import { managesFacility, type Roles } from '../auth/roles';
import type { SessionUser } from '../auth/session';
import { writeAudit } from '../audit/audit.repository';
import { ServiceError } from '../booking/booking.errors';
import * as repo from './price.repository';
import { prepared } from '../db/prepared';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';

/** The instrument columns the published prices depend on. */
export interface PriceInstrumentFacts {
	modes: string;
	price_hour_fen: number;
	published: number;
}

/** Published prices of an instrument: the rules set, and for modes without one the displayed hourly rate. */
const priceInstrument = prepared((k: Kysely<Database>, id: number) => k.selectFrom('instruments').select(['id', 'modes', 'price_hour_fen', 'published']).where('id', '=', id));

export async function instrumentPrices(db: Db, instrumentId: number, known?: PriceInstrumentFacts) {
	// known: the caller's own read of the instrument (the instrument page has it, at the same catalogue version)
	const instrument = known ?? (await priceInstrument(db.kysely, instrumentId))[0];
	if (!instrument || !instrument.published) return null;
	const rows = await repo.listRuleRows(db.kysely, instrumentId);
	const modes = instrument.modes.split(',').filter((m): m is PriceMode => (PRICE_MODES as string[]).includes(m));
	const out: (PriceRule & { set: boolean })[] = [];
	for (const mode of modes) {
		const row = rows.find((r) => r.mode === mode);
		if (row) out.push({ ...repo.toRule(row), set: true });
		else if (mode !== 'sample') out.push({ ...fallbackRule(mode, instrument.price_hour_fen), set: false });
	}
	return out;
}

export interface PriceRuleInput extends PriceRule {
	[extra: string]: unknown;
}

/** A manager of the instrument's facility sets (creates or replaces) the rule of one mode. */
export async function saveRule(db: Db, user: SessionUser, roles: Roles, instrumentId: number, input: PriceRuleInput, now = Date.now()) {
	const problems = validatePriceRule(input);
	if (problems.length > 0) throw new ServiceError('conflict', problems);
	const rule: PriceRule = {
		mode: input.mode,
		unit: input.unit,
		internalFen: input.internalFen,
		outsideFen: input.outsideFen,
		minBilledMinutes: input.unit === 'hour' ? input.minBilledMinutes : 1,
		freeQuotaPerYear: input.freeQuotaPerYear,
		freeKinds: input.freeKinds.filter((k): k is InstitutionKindName => (INSTITUTION_KINDS as readonly string[]).includes(k))
	};
	return withWriteTransaction(db, async (trx) => {
		const instrument = await trx.selectFrom('instruments').select(['id', 'facility_id', 'price_hour_fen']).where('id', '=', instrumentId).executeTakeFirst();
		if (!instrument) throw new ServiceError('not_found');
		if (!managesFacility(roles, instrument.facility_id)) throw new ServiceError('forbidden');
		await lockRow(db, trx, 'instruments', instrumentId);
		const before = await repo.listRuleRows(trx, instrumentId);
		await repo.upsertRule(trx, instrumentId, rule, user.id, now);
		const after = await repo.listRuleRows(trx, instrumentId);
		await keepDisplayedRate(trx, instrumentId, instrument.price_hour_fen, after, now);
		await writeAudit(trx, { actorUserId: user.id, entity: 'instrument_prices', entityId: instrumentId, action: 'save', before, after, at: now });
		return after.map(repo.toRule);
	});
}

export async function removeRule(db: Db, user: SessionUser, roles: Roles, instrumentId: number, mode: PriceMode, now = Date.now()) {
	return withWriteTransaction(db, async (trx) => {
		const instrument = await trx.selectFrom('instruments').select(['id', 'facility_id', 'price_hour_fen']).where('id', '=', instrumentId).executeTakeFirst();
		if (!instrument) throw new ServiceError('not_found');
		if (!managesFacility(roles, instrument.facility_id)) throw new ServiceError('forbidden');
		const before = await repo.listRuleRows(trx, instrumentId);
		await repo.deleteRule(trx, instrumentId, mode);
		await writeAudit(trx, { actorUserId: user.id, entity: 'instrument_prices', entityId: instrumentId, action: 'delete', before, after: { mode }, at: now });
	});
}

async function keepDisplayedRate(trx: Parameters<typeof repo.listRuleRows>[0], instrumentId: number, current: number, rows: repo.PriceRuleRow[], now: number) {
	const shown = displayedHourFen(rows.map(repo.toRule));
	if (shown !== null && shown !== current) {
		await trx.updateTable('instruments').set({ price_hour_fen: shown, updated_at: now }).where('id', '=', instrumentId).execute();
	}
}

/** The rule that prices a mode: the facility's rule, else the displayed hourly rate for everybody. */
export async function ruleFor(trx: Parameters<typeof repo.findRule>[0], instrumentId: number, mode: PriceMode, priceHourFen: number): Promise<PriceRule> {
	return (await repo.findRule(trx, instrumentId, mode)) ?? fallbackRule(mode, priceHourFen);
}
