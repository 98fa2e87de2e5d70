// Qualification mutual recognition (资质互认): qualification types, grants, recognition agreements
// with their mappings, case-by-case recognitions, training requests; the instrument's required type;
// on bookings the statistics hook (which recognition a self-operated booking relied on) and the
// flag set when that basis lapses before the start. Same for SQLite and PostgreSQL. Frozen once landed.
import { PostgresAdapter, type ColumnDefinitionBuilder, type Kysely } from 'kysely';

function isPostgres(db: Kysely<any>): boolean {
	return db.getExecutor().adapter instanceof PostgresAdapter;
}

export async function up(db: Kysely<any>): Promise<void> {
	const pg = isPostgres(db);
	const id = (c: ColumnDefinitionBuilder) =>
		pg ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().autoIncrement();
	const idType = pg ? 'bigint' : 'integer';
	const big = pg ? 'bigint' : 'integer';

	await db.schema
		.createTable('qualification_types')
		.addColumn('id', idType, id)
		.addColumn('institution_id', idType, (c) => c.notNull().references('institutions.id'))
		.addColumn('code', 'varchar(32)', (c) => c.notNull())
		.addColumn('name_zh', 'text', (c) => c.notNull())
		.addColumn('name_en', 'text', (c) => c.notNull())
		.addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('level', 'integer', (c) => c.notNull().defaultTo(1))
		.addColumn('validity_months', 'integer', (c) => c.notNull())
		.addColumn('lapse_days', 'integer')
		.addColumn('covers_categories', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('created_by', idType)
		.addColumn('created_at', big, (c) => c.notNull())
		.addColumn('updated_at', big, (c) => c.notNull())
		.addUniqueConstraint('qualification_types_institution_code', ['institution_id', 'code'])
		.execute();

	await db.schema
		.createTable('qualification_type_instruments')
		.addColumn('type_id', idType, (c) => c.notNull().references('qualification_types.id').onDelete('cascade'))
		.addColumn('instrument_id', idType, (c) => c.notNull().references('instruments.id').onDelete('cascade'))
		.addPrimaryKeyConstraint('qualification_type_instruments_pk', ['type_id', 'instrument_id'])
		.execute();

	await db.schema
		.createTable('qualifications')
		.addColumn('id', idType, id)
		.addColumn('type_id', idType, (c) => c.notNull().references('qualification_types.id'))
		.addColumn('user_id', idType, (c) => c.notNull().references('users.id'))
		.addColumn('facility_id', idType, (c) => c.references('facilities.id'))
		.addColumn('granted_by', idType, (c) => c.references('users.id'))
		.addColumn('training_date', big, (c) => c.notNull())
		.addColumn('trainer', 'text', (c) => c.notNull())
		.addColumn('evidence_note', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('valid_from', big, (c) => c.notNull())
		.addColumn('expires_at', big, (c) => c.notNull())
		.addColumn('revoked_at', big)
		.addColumn('revoked_by', idType)
		.addColumn('revoke_reason', 'text')
		.addColumn('created_at', big, (c) => c.notNull())
		.addColumn('updated_at', big, (c) => c.notNull())
		.execute();
	await db.schema.createIndex('qualifications_user').on('qualifications').columns(['user_id', 'type_id']).execute();
	await db.schema.createIndex('qualifications_type').on('qualifications').column('type_id').execute();

	await db.schema
		.createTable('recognition_agreements')
		.addColumn('id', idType, id)
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('a_institution_id', idType, (c) => c.references('institutions.id'))
		.addColumn('b_institution_id', idType, (c) => c.references('institutions.id'))
		.addColumn('a_area_code', 'varchar(2)', (c) => c.references('areas.code'))
		.addColumn('b_area_code', 'varchar(2)', (c) => c.references('areas.code'))
		.addColumn('mutual', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('title', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('valid_from', big, (c) => c.notNull())
		.addColumn('valid_to', big)
		.addColumn('status', 'text', (c) => c.notNull())
		.addColumn('proposed_by', idType, (c) => c.references('users.id'))
		.addColumn('proposed_at', big, (c) => c.notNull())
		.addColumn('accepted_by', idType, (c) => c.references('users.id'))
		.addColumn('accepted_at', big)
		.addColumn('suspended_side', 'varchar(1)')
		.addColumn('status_reason', 'text')
		.addColumn('status_by', idType, (c) => c.references('users.id'))
		.addColumn('status_at', big)
		.addColumn('created_at', big, (c) => c.notNull())
		.addColumn('updated_at', big, (c) => c.notNull())
		.execute();
	await db.schema.createIndex('recognition_agreements_status').on('recognition_agreements').column('status').execute();

	await db.schema
		.createTable('recognition_mappings')
		.addColumn('id', idType, id)
		.addColumn('agreement_id', idType, (c) => c.notNull().references('recognition_agreements.id').onDelete('cascade'))
		.addColumn('from_type_id', idType, (c) => c.notNull().references('qualification_types.id'))
		.addColumn('to_type_id', idType, (c) => c.notNull().references('qualification_types.id'))
		.addUniqueConstraint('recognition_mappings_unique', ['agreement_id', 'from_type_id', 'to_type_id'])
		.execute();
	await db.schema.createIndex('recognition_mappings_to').on('recognition_mappings').column('to_type_id').execute();
	await db.schema.createIndex('recognition_mappings_from').on('recognition_mappings').column('from_type_id').execute();

	await db.schema
		.createTable('recognition_cases')
		.addColumn('id', idType, id)
		.addColumn('user_id', idType, (c) => c.notNull().references('users.id'))
		.addColumn('qualification_id', idType, (c) => c.notNull().references('qualifications.id'))
		.addColumn('facility_id', idType, (c) => c.notNull().references('facilities.id'))
		.addColumn('instrument_id', idType, (c) => c.references('instruments.id'))
		.addColumn('target_type_id', idType, (c) => c.notNull().references('qualification_types.id'))
		.addColumn('message', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('status', 'text', (c) => c.notNull())
		.addColumn('expires_at', big)
		.addColumn('decided_by', idType, (c) => c.references('users.id'))
		.addColumn('decided_at', big)
		.addColumn('decision_reason', 'text')
		.addColumn('created_at', big, (c) => c.notNull())
		.addColumn('updated_at', big, (c) => c.notNull())
		.execute();
	await db.schema.createIndex('recognition_cases_user').on('recognition_cases').columns(['user_id', 'status']).execute();
	await db.schema.createIndex('recognition_cases_facility').on('recognition_cases').columns(['facility_id', 'status']).execute();

	await db.schema
		.createTable('training_requests')
		.addColumn('id', idType, id)
		.addColumn('user_id', idType, (c) => c.notNull().references('users.id'))
		.addColumn('facility_id', idType, (c) => c.notNull().references('facilities.id'))
		.addColumn('instrument_id', idType, (c) => c.references('instruments.id'))
		.addColumn('type_id', idType, (c) => c.references('qualification_types.id'))
		.addColumn('message', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('status', 'text', (c) => c.notNull())
		.addColumn('decided_by', idType, (c) => c.references('users.id'))
		.addColumn('decided_at', big)
		.addColumn('decision_note', 'text')
		.addColumn('created_at', big, (c) => c.notNull())
		.addColumn('updated_at', big, (c) => c.notNull())
		.execute();
	await db.schema.createIndex('training_requests_facility').on('training_requests').columns(['facility_id', 'status']).execute();

	// A nullable column with a REFERENCES clause and no default may be added on both dialects.
	await db.schema
		.alterTable('instruments')
		.addColumn('required_qualification_type_id', idType, (c) => c.references('qualification_types.id'))
		.execute();
	await db.schema
		.createIndex('instruments_required_type')
		.on('instruments')
		.column('required_qualification_type_id')
		.execute();

	for (const [name, type, ref] of [
		['qualification_id', idType, 'qualifications.id'],
		['recognition_kind', 'text', null],
		['recognition_agreement_id', idType, 'recognition_agreements.id'],
		['recognition_case_id', idType, 'recognition_cases.id'],
		['qualification_flag', 'text', null],
		['qualification_flagged_at', big, null]
	] as const) {
		await db.schema
			.alterTable('bookings')
			.addColumn(name, type, (c) => (ref ? c.references(ref) : c))
			.execute();
	}
	await db.schema.createIndex('bookings_qualification').on('bookings').column('qualification_id').execute();
	await db.schema.createIndex('bookings_recognition_agreement').on('bookings').column('recognition_agreement_id').execute();
	await db.schema.createIndex('bookings_recognition_case').on('bookings').column('recognition_case_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const index of ['bookings_qualification', 'bookings_recognition_agreement', 'bookings_recognition_case', 'instruments_required_type']) {
		await db.schema.dropIndex(index).ifExists().execute();
	}
	for (const column of ['qualification_flagged_at', 'qualification_flag', 'recognition_case_id', 'recognition_agreement_id', 'recognition_kind', 'qualification_id']) {
		await db.schema.alterTable('bookings').dropColumn(column).execute();
	}
	await db.schema.alterTable('instruments').dropColumn('required_qualification_type_id').execute();
	for (const table of [
		'training_requests',
		'recognition_cases',
		'recognition_mappings',
		'recognition_agreements',
		'qualifications',
		'qualification_type_instruments',
		'qualification_types'
	]) {
		await db.schema.dropTable(table).ifExists().execute();
	}
}
