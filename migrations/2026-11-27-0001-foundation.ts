// Foundation schema: areas, cities, institutions, facilities, instruments (with the search index),
// users, sessions, API tokens, role assignments, bookings and the audit log.
// Same for SQLite and PostgreSQL; only the identity column differs. Frozen once landed.
import { PostgresAdapter, sql, type ColumnDefinitionBuilder, type Kysely } from 'kysely';

function isPostgres(db: Kysely<any>): boolean {
	return db.getExecutor().adapter instanceof PostgresAdapter;
}

export async function up(db: Kysely<any>): Promise<void> {
	const pg = isPostgres(db);
	const id = (c: ColumnDefinitionBuilder) =>
		pg ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().autoIncrement();
	const idType = pg ? 'bigint' : 'integer';
	// epoch milliseconds and fen exceed 32 bits: bigint on PostgreSQL, integer (64-bit) on SQLite
	const big = pg ? 'bigint' : 'integer';

	await db.schema
		.createTable('areas')
		.addColumn('code', 'varchar(2)', (c) => c.primaryKey())
		.addColumn('name_zh', 'text', (c) => c.notNull())
		.addColumn('name_en', 'text', (c) => c.notNull())
		.addColumn('sort_order', 'integer', (c) => c.notNull())
		.execute();

	await db.schema
		.createTable('cities')
		.addColumn('id', idType, id)
		.addColumn('area_code', 'varchar(2)', (c) => c.notNull().references('areas.code'))
		.addColumn('name_zh', 'text', (c) => c.notNull())
		.addColumn('name_en', 'text', (c) => c.notNull())
		.addColumn('kind', 'text', (c) => c.notNull())
		.execute();

	await db.schema
		.createTable('institutions')
		.addColumn('id', idType, id)
		.addColumn('name_zh', 'text', (c) => c.notNull())
		.addColumn('name_en', 'text', (c) => c.notNull())
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('area_code', 'varchar(2)', (c) => c.notNull().references('areas.code'))
		.addColumn('city_id', idType, (c) => c.notNull().references('cities.id'))
		.addColumn('credit_code', 'varchar(18)', (c) => c.notNull().unique())
		.addColumn('created_at', big, (c) => c.notNull())
		.execute();

	await db.schema
		.createTable('facilities')
		.addColumn('id', idType, id)
		.addColumn('institution_id', idType, (c) => c.notNull().references('institutions.id'))
		.addColumn('name_zh', 'text', (c) => c.notNull())
		.addColumn('name_en', 'text', (c) => c.notNull())
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('area_code', 'varchar(2)', (c) => c.notNull().references('areas.code'))
		.addColumn('city_id', idType, (c) => c.notNull().references('cities.id'))
		.addColumn('address', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('accreditations', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('contact_email', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('contact_phone', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('confirmed_at', big, (c) => c.notNull())
		.addColumn('created_at', big, (c) => c.notNull())
		.execute();
	await db.schema.createIndex('facilities_kind_area').on('facilities').columns(['kind', 'area_code']).execute();
	await db.schema.createIndex('facilities_area_kind').on('facilities').columns(['area_code', 'kind']).execute();
	await db.schema.createIndex('facilities_institution').on('facilities').column('institution_id').execute();

	await db.schema
		.createTable('instruments')
		.addColumn('id', idType, id)
		.addColumn('facility_id', idType, (c) => c.notNull().references('facilities.id'))
		.addColumn('name_zh', 'text', (c) => c.notNull())
		.addColumn('name_en', 'text', (c) => c.notNull())
		.addColumn('model', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('manufacturer', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('category_code', 'varchar(8)', (c) => c.notNull())
		.addColumn('value_fen', big, (c) => c.notNull())
		.addColumn('purchase_year', 'integer', (c) => c.notNull())
		.addColumn('status', 'text', (c) => c.notNull().defaultTo('in_service'))
		.addColumn('photo_url', 'text')
		.addColumn('specifications', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('modes', 'text', (c) => c.notNull())
		.addColumn('required_qualification', 'text')
		.addColumn('published', 'integer', (c) => c.notNull().defaultTo(1))
		.addColumn('timezone', 'text', (c) => c.notNull().defaultTo('Asia/Shanghai'))
		.addColumn('opening_hours', 'text', (c) => c.notNull())
		.addColumn('slot_minutes', 'integer', (c) => c.notNull().defaultTo(30))
		.addColumn('min_minutes', 'integer', (c) => c.notNull().defaultTo(30))
		.addColumn('max_minutes', 'integer', (c) => c.notNull().defaultTo(480))
		.addColumn('notice_minutes', 'integer', (c) => c.notNull().defaultTo(60))
		.addColumn('horizon_days', 'integer', (c) => c.notNull().defaultTo(60))
		.addColumn('cancel_deadline_minutes', 'integer', (c) => c.notNull().defaultTo(120))
		.addColumn('approval_mode', 'text', (c) => c.notNull().defaultTo('manager'))
		.addColumn('cross_area_needs_approval', 'integer', (c) => c.notNull().defaultTo(1))
		.addColumn('price_hour_fen', big, (c) => c.notNull().defaultTo(0))
		.addColumn('area_code', 'varchar(2)', (c) => c.notNull())
		.addColumn('city_id', idType, (c) => c.notNull())
		.addColumn('facility_kind', 'text', (c) => c.notNull())
		.addColumn('institution_id', idType, (c) => c.notNull())
		.addColumn('search_text', 'text', (c) => c.notNull())
		.addColumn('created_at', big, (c) => c.notNull())
		.addColumn('updated_at', big, (c) => c.notNull())
		.execute();
	await db.schema.createIndex('instruments_facility').on('instruments').column('facility_id').execute();
	await db.schema
		.createIndex('instruments_area_category')
		.on('instruments')
		.columns(['area_code', 'category_code'])
		.execute();
	await db.schema.createIndex('instruments_category').on('instruments').column('category_code').execute();
	await db.schema.createIndex('instruments_city').on('instruments').column('city_id').execute();
	await db.schema.createIndex('instruments_kind').on('instruments').column('facility_kind').execute();
	// Catalogue browsing without a text query: filters and the default name order.
	await db.schema
		.createIndex('instruments_filters')
		.on('instruments')
		.columns(['area_code', 'facility_kind', 'category_code', 'city_id', 'published', 'status', 'modes'])
		.execute();
	await db.schema.createIndex('instruments_name_zh').on('instruments').column('name_zh').execute();

	await db.schema
		.createTable('instrument_grams')
		.addColumn('gram', 'varchar(8)', (c) => c.notNull())
		.addColumn('instrument_id', idType, (c) => c.notNull().references('instruments.id').onDelete('cascade'))
		.addPrimaryKeyConstraint('instrument_grams_pk', ['gram', 'instrument_id'])
		.modifyEnd(pg ? sql`` : sql`without rowid`)
		.execute();
	await db.schema
		.createIndex('instrument_grams_instrument')
		.on('instrument_grams')
		.column('instrument_id')
		.execute();

	await db.schema
		.createTable('users')
		.addColumn('id', idType, id)
		.addColumn('email', 'text', (c) => c.notNull().unique())
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('institution_id', idType, (c) => c.notNull().references('institutions.id'))
		.addColumn('password_hash', 'text', (c) => c.notNull())
		.addColumn('locale', 'text', (c) => c.notNull().defaultTo('zh-CN'))
		.addColumn('created_at', big, (c) => c.notNull())
		.addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
		.execute();
	await db.schema.createIndex('users_institution').on('users').column('institution_id').execute();

	await db.schema
		.createTable('sessions')
		.addColumn('id', 'varchar(64)', (c) => c.primaryKey())
		.addColumn('user_id', idType, (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('expires_at', big, (c) => c.notNull())
		.addColumn('absolute_expires_at', big, (c) => c.notNull())
		.addColumn('created_at', big, (c) => c.notNull())
		.execute();
	await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();

	await db.schema
		.createTable('api_tokens')
		.addColumn('id', idType, id)
		.addColumn('user_id', idType, (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('token_hash', 'varchar(64)', (c) => c.notNull().unique())
		.addColumn('created_at', big, (c) => c.notNull())
		.addColumn('last_used_at', big)
		.addColumn('revoked_at', big)
		.execute();

	await db.schema
		.createTable('role_assignments')
		.addColumn('id', idType, id)
		.addColumn('user_id', idType, (c) => c.notNull().references('users.id').onDelete('cascade'))
		.addColumn('role', 'text', (c) => c.notNull())
		.addColumn('facility_id', idType, (c) => c.references('facilities.id'))
		.addColumn('area_code', 'varchar(2)')
		.execute();
	await db.schema.createIndex('role_assignments_user').on('role_assignments').column('user_id').execute();
	await db.schema
		.createIndex('role_assignments_facility')
		.on('role_assignments')
		.columns(['facility_id', 'role'])
		.execute();

	await db.schema
		.createTable('bookings')
		.addColumn('id', idType, id)
		.addColumn('instrument_id', idType, (c) => c.notNull().references('instruments.id'))
		.addColumn('user_id', idType, (c) => c.notNull().references('users.id'))
		.addColumn('mode', 'text', (c) => c.notNull())
		.addColumn('start_at', big, (c) => c.notNull())
		.addColumn('end_at', big, (c) => c.notNull())
		.addColumn('status', 'text', (c) => c.notNull())
		.addColumn('active', 'integer', (c) => c.notNull())
		.addColumn('purpose', 'text', (c) => c.notNull())
		.addColumn('project', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('quote_fen', big, (c) => c.notNull().defaultTo(0))
		.addColumn('user_area_code', 'varchar(2)', (c) => c.notNull())
		.addColumn('user_institution_id', idType, (c) => c.notNull())
		.addColumn('decision_reason', 'text')
		.addColumn('decided_by', idType)
		.addColumn('decided_at', big)
		.addColumn('created_at', big, (c) => c.notNull())
		.addColumn('updated_at', big, (c) => c.notNull())
		.addCheckConstraint('bookings_range', sql`end_at > start_at`)
		.execute();
	// Covering index for the overlap check: instrument, active flag, start (range), end (filter).
	await db.schema
		.createIndex('bookings_overlap')
		.on('bookings')
		.columns(['instrument_id', 'active', 'start_at', 'end_at'])
		.execute();
	await db.schema
		.createIndex('bookings_user_start')
		.on('bookings')
		.columns(['user_id', 'start_at'])
		.execute();
	await db.schema
		.createIndex('bookings_status_instrument')
		.on('bookings')
		.columns(['status', 'instrument_id'])
		.execute();

	await db.schema
		.createTable('audit_log')
		.addColumn('id', idType, id)
		.addColumn('actor_user_id', idType)
		.addColumn('entity', 'text', (c) => c.notNull())
		.addColumn('entity_id', idType, (c) => c.notNull())
		.addColumn('action', 'text', (c) => c.notNull())
		.addColumn('before_json', 'text')
		.addColumn('after_json', 'text')
		.addColumn('created_at', big, (c) => c.notNull())
		.execute();
	await db.schema.createIndex('audit_log_entity').on('audit_log').columns(['entity', 'entity_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const table of [
		'audit_log',
		'bookings',
		'role_assignments',
		'api_tokens',
		'sessions',
		'users',
		'instrument_grams',
		'instruments',
		'facilities',
		'institutions',
		'cities',
		'areas'
	]) {
		await db.schema.dropTable(table).ifExists().execute();
	}
}
