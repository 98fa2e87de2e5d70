// Instrument administration SQL: facilities a manager runs, instruments of them, writes that keep the
// denormalised facility columns in step. No access checks here (the service does them).
import { sql, type Kysely } from 'kysely';
import type { Database, Facility } from '../db/schema';
import type { InstrumentInput } from '../../domain/instrument/instrument-input';

type Q = Kysely<Database>;

/** Weekdays 09:00–17:00: new instruments open on working hours until the manager sets their own. */
export const DEFAULT_OPENING_HOURS = JSON.stringify([1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '09:00', end: '17:00' })));

export function findFacility(db: Q, id: number) {
	return db.selectFrom('facilities').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listFacilities(db: Q, ids: number[]) {
	if (ids.length === 0) return Promise.resolve([]);
	return db
		.selectFrom('facilities')
		.select(['id', 'name_zh', 'name_en', 'area_code', 'kind', 'confirmed_at'])
		.where('id', 'in', ids)
		.orderBy('id')
		.execute();
}

export function findInstrument(db: Q, id: number) {
	return db.selectFrom('instruments').selectAll().where('id', '=', id).executeTakeFirst();
}
export type InstrumentRow = NonNullable<Awaited<ReturnType<typeof findInstrument>>>;

/** The row as the audit log keeps it: without the derived search text. */
export function auditShape(row: InstrumentRow | undefined) {
	if (!row) return undefined;
	// eslint-disable-next-line @typescript-eslint/no-unused-vars
	const { search_text, ...rest } = row;
	return rest;
}

const LIST_COLUMNS = [
	'id',
	'facility_id',
	'name_zh',
	'name_en',
	'model',
	'manufacturer',
	'category_code',
	'value_fen',
	'purchase_year',
	'acceptance_date',
	'status',
	'published',
	'photo_url',
	'confirmed_at',
	'created_at',
	'updated_at'
] as const;

/** Instruments of the given facilities, by facility then name. */
export function listInstruments(db: Q, facilityIds: number[]) {
	if (facilityIds.length === 0) return Promise.resolve([]);
	return db.selectFrom('instruments').select(LIST_COLUMNS).where('facility_id', 'in', facilityIds).orderBy('facility_id').orderBy('name_zh').orderBy('id').execute();
}
export type InstrumentListRow = Awaited<ReturnType<typeof listInstruments>>[number];

/** One page of a facility's instruments with every column, in id order after `afterId` (for exports). */
export function pageOfInstruments(db: Q, facilityId: number, afterId: number, limit: number) {
	return db.selectFrom('instruments').selectAll().where('facility_id', '=', facilityId).where('id', '>', afterId).orderBy('id').limit(limit).execute();
}

function columnsOf(input: InstrumentInput) {
	return {
		name_zh: input.nameZh,
		name_en: input.nameEn,
		model: input.model,
		manufacturer: input.manufacturer,
		category_code: input.categoryCode,
		value_fen: input.valueFen,
		purchase_year: input.purchaseYear,
		acceptance_date: input.acceptanceDate,
		accreditations: input.accreditations,
		specifications: input.specifications,
		modes: input.modes.join(','),
		status: input.status,
		price_hour_fen: input.priceHourFen,
		published: input.published ? 1 : 0
	};
}

const facilityColumns = (f: Pick<Facility, 'area_code' | 'city_id' | 'kind' | 'institution_id'>) => ({
	area_code: f.area_code,
	city_id: f.city_id,
	facility_kind: f.kind,
	institution_id: f.institution_id
});

export async function insertInstrument(db: Q, facility: Facility, input: InstrumentInput, now: number): Promise<number> {
	const row = await db
		.insertInto('instruments')
		.values({
			facility_id: facility.id,
			...columnsOf(input),
			photo_url: null,
			required_qualification: null,
			opening_hours: DEFAULT_OPENING_HOURS,
			...facilityColumns(facility),
			search_text: '',
			confirmed_at: now,
			created_at: now,
			updated_at: now
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return row.id;
}

/** Writes the edited fields; an edit also confirms the listing and re-copies the facility's columns. */
export async function updateInstrument(db: Q, id: number, facility: Facility, input: InstrumentInput, now: number): Promise<void> {
	await db
		.updateTable('instruments')
		.set({ ...columnsOf(input), ...facilityColumns(facility), confirmed_at: now, updated_at: now })
		.where('id', '=', id)
		.execute();
}

export async function setInstrumentColumns(
	db: Q,
	id: number,
	set: Partial<{ published: number; status: 'in_service' | 'maintenance' | 'retired'; photo_url: string | null }>,
	now: number
): Promise<void> {
	await db.updateTable('instruments').set({ ...set, updated_at: now }).where('id', '=', id).execute();
}

/** Confirms the facility and every one of its instruments at `now`; re-copies its columns too. */
export async function confirmFacility(db: Q, facility: Facility, now: number): Promise<number[]> {
	await db.updateTable('facilities').set({ confirmed_at: now }).where('id', '=', facility.id).execute();
	const ids = await db.selectFrom('instruments').select('id').where('facility_id', '=', facility.id).execute();
	await db
		.updateTable('instruments')
		.set({ confirmed_at: now, ...facilityColumns(facility) })
		.where('facility_id', '=', facility.id)
		.execute();
	return ids.map((r) => r.id);
}

/**
 * Takes the write lock for a change to these facilities before anything is read: a no-op update of
 * their rows (a row lock on PostgreSQL, the database write lock on SQLite), so a read-then-write
 * cannot race another writer.
 */
export async function touchFacilities(db: Q, facilityIds: number[]): Promise<void> {
	if (facilityIds.length === 0) return;
	await db
		.updateTable('facilities')
		.set({ confirmed_at: sql<number>`confirmed_at` })
		.where('id', 'in', facilityIds)
		.execute();
}

/** touchFacilities for the facility of an instrument (nothing when the instrument does not exist). */
export async function touchFacilityOfInstrument(db: Q, instrumentId: number): Promise<void> {
	await db
		.updateTable('facilities')
		.set({ confirmed_at: sql<number>`confirmed_at` })
		.where('id', '=', (eb) => eb.selectFrom('instruments').select('facility_id').where('instruments.id', '=', instrumentId))
		.execute();
}
