// Prices and innovation vouchers (创新券): price rules per instrument and mode, voucher programmes with
// their shared-resource lists, grants, reservations on bookings (redeemed with an idempotency key),
// service orders (服务单) with facility templates, and settlement claims with their lines.
// Same for SQLite and PostgreSQL. Frozen once landed.
import { PostgresAdapter, sql, type ColumnDefinitionBuilder, type Kysely } from 'kysely';

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
		.createTable('price_rules')
		.addColumn('id', idType, id)
		.addColumn('instrument_id', idType, (c) => c.notNull().references('instruments.id').onDelete('cascade'))
		.addColumn('mode', 'text', (c) => c.notNull())
		.addColumn('unit', 'text', (c) => c.notNull())
		.addColumn('internal_fen', big, (c) => c.notNull())
		.addColumn('outside_fen', big, (c) => c.notNull())
		.addColumn('min_billed_minutes', 'integer', (c) => c.notNull().defaultTo(1))
		.addColumn('free_quota_per_year', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('free_kinds', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('updated_by', idType)
		.addColumn('created_at', big, (c) => c.notNull())
		.addColumn('updated_at', big, (c) => c.notNull())
		.addUniqueConstraint('price_rules_instrument_mode', ['instrument_id', 'mode'])
		.addCheckConstraint('price_rules_internal_le_outside', sql`internal_fen <= outside_fen and internal_fen >= 0`)
		.execute();

	// The money of one booking: the quote when sent, the final charge on completion (from the usage
	// record or the booked time, or a manager's adjustment with a reason), and the free quota it used.
	await db.schema
		.createTable('booking_charges')
		.addColumn('booking_id', idType, (c) => c.primaryKey().references('bookings.id'))
		.addColumn('instrument_id', idType, (c) => c.notNull())
		.addColumn('user_id', idType, (c) => c.notNull())
		.addColumn('mode', 'text', (c) => c.notNull())
		.addColumn('unit', 'text', (c) => c.notNull())
		.addColumn('rate_fen', big, (c) => c.notNull())
		.addColumn('internal', 'integer', (c) => c.notNull())
		.addColumn('year', 'integer', (c) => c.notNull())
		.addColumn('quantity', 'integer', (c) => c.notNull())
		.addColumn('free_quantity', 'integer', (c) => c.notNull())
		.addColumn('quote_fen', big, (c) => c.notNull())
		.addColumn('computed_fen', big)
		.addColumn('final_fen', big)
		.addColumn('adjust_reason', 'text')
		// quoted → final | void (cancelled or rejected)
		.addColumn('status', 'text', (c) => c.notNull())
		.addColumn('finalised_by', idType)
		.addColumn('created_at', big, (c) => c.notNull())
		.addColumn('updated_at', big, (c) => c.notNull())
		.execute();
	await db.schema.createIndex('booking_charges_user_year').on('booking_charges').columns(['user_id', 'instrument_id', 'mode', 'year']).execute();

	await db.schema
		.createTable('voucher_programmes')
		.addColumn('id', idType, id)
		.addColumn('issuer_area', 'varchar(2)', (c) => c.notNull().references('areas.code'))
		.addColumn('name_zh', 'text', (c) => c.notNull())
		.addColumn('name_en', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('year', 'integer', (c) => c.notNull())
		.addColumn('budget_fen', big, (c) => c.notNull())
		.addColumn('granted_fen', big, (c) => c.notNull().defaultTo(0))
		.addColumn('ratio_bp', 'integer', (c) => c.notNull())
		.addColumn('cap_fen', big, (c) => c.notNull())
		.addColumn('valid_from', big, (c) => c.notNull())
		.addColumn('valid_to', big, (c) => c.notNull())
		.addColumn('model', 'text', (c) => c.notNull())
		.addColumn('scope', 'text', (c) => c.notNull())
		.addColumn('status', 'text', (c) => c.notNull().defaultTo('open'))
		.addColumn('created_by', idType)
		.addColumn('created_at', big, (c) => c.notNull())
		.addColumn('updated_at', big, (c) => c.notNull())
		// the budget can never be over-granted: the conditional update and this check both hold it
		.addCheckConstraint('voucher_programmes_budget', sql`granted_fen >= 0 and granted_fen <= budget_fen`)
		.execute();
	await db.schema.createIndex('voucher_programmes_area').on('voucher_programmes').columns(['issuer_area', 'year']).execute();

	await db.schema
		.createTable('voucher_programme_providers')
		.addColumn('id', idType, id)
		.addColumn('programme_id', idType, (c) => c.notNull().references('voucher_programmes.id').onDelete('cascade'))
		.addColumn('facility_id', idType, (c) => c.references('facilities.id'))
		.addColumn('institution_id', idType, (c) => c.references('institutions.id'))
		.execute();
	await db.schema.createIndex('voucher_programme_providers_programme').on('voucher_programme_providers').column('programme_id').execute();

	await db.schema
		.createTable('voucher_grants')
		.addColumn('id', idType, id)
		.addColumn('programme_id', idType, (c) => c.notNull().references('voucher_programmes.id'))
		.addColumn('institution_id', idType, (c) => c.notNull().references('institutions.id'))
		.addColumn('applicant_user_id', idType, (c) => c.notNull().references('users.id'))
		.addColumn('requested_fen', big, (c) => c.notNull())
		.addColumn('purpose', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('amount_fen', big, (c) => c.notNull().defaultTo(0))
		.addColumn('reserved_fen', big, (c) => c.notNull().defaultTo(0))
		.addColumn('redeemed_fen', big, (c) => c.notNull().defaultTo(0))
		.addColumn('status', 'text', (c) => c.notNull())
		.addColumn('decision_reason', 'text')
		.addColumn('decided_by', idType)
		.addColumn('decided_at', big)
		.addColumn('expires_at', big, (c) => c.notNull())
		.addColumn('created_at', big, (c) => c.notNull())
		.addColumn('updated_at', big, (c) => c.notNull())
		// a voucher can never go negative
		.addCheckConstraint('voucher_grants_balance', sql`reserved_fen >= 0 and redeemed_fen >= 0 and reserved_fen + redeemed_fen <= amount_fen`)
		.execute();
	await db.schema.createIndex('voucher_grants_institution').on('voucher_grants').columns(['institution_id', 'programme_id']).execute();
	await db.schema.createIndex('voucher_grants_programme').on('voucher_grants').columns(['programme_id', 'status']).execute();

	await db.schema
		.createTable('voucher_reservations')
		.addColumn('id', idType, id)
		.addColumn('grant_id', idType, (c) => c.notNull().references('voucher_grants.id'))
		.addColumn('booking_id', idType, (c) => c.notNull().unique().references('bookings.id'))
		.addColumn('programme_id', idType, (c) => c.notNull())
		.addColumn('issuer_area', 'varchar(2)', (c) => c.notNull())
		.addColumn('model', 'text', (c) => c.notNull())
		.addColumn('enterprise_institution_id', idType, (c) => c.notNull())
		.addColumn('provider_facility_id', idType, (c) => c.notNull())
		.addColumn('provider_institution_id', idType, (c) => c.notNull())
		.addColumn('provider_area', 'varchar(2)', (c) => c.notNull())
		.addColumn('fee_fen', big, (c) => c.notNull())
		.addColumn('reserved_fen', big, (c) => c.notNull())
		.addColumn('final_charge_fen', big)
		.addColumn('redeemed_fen', big, (c) => c.notNull().defaultTo(0))
		.addColumn('released_fen', big, (c) => c.notNull().defaultTo(0))
		// reserved → redeemed | released
		.addColumn('status', 'text', (c) => c.notNull())
		.addColumn('redemption_key', 'varchar(100)', (c) => c.unique())
		.addColumn('redeemed_at', big)
		.addColumn('claim_line_id', idType)
		.addColumn('created_at', big, (c) => c.notNull())
		.addColumn('updated_at', big, (c) => c.notNull())
		.addCheckConstraint('voucher_reservations_amounts', sql`redeemed_fen + released_fen <= reserved_fen and reserved_fen > 0`)
		.execute();
	await db.schema.createIndex('voucher_reservations_grant').on('voucher_reservations').column('grant_id').execute();
	await db.schema.createIndex('voucher_reservations_provider').on('voucher_reservations').columns(['provider_facility_id', 'status']).execute();
	await db.schema.createIndex('voucher_reservations_issuer').on('voucher_reservations').columns(['issuer_area', 'status']).execute();

	await db.schema
		.createTable('service_order_templates')
		.addColumn('facility_id', idType, (c) => c.primaryKey().references('facilities.id').onDelete('cascade'))
		.addColumn('ip_terms', 'text', (c) => c.notNull())
		.addColumn('confidentiality_terms', 'text', (c) => c.notNull())
		.addColumn('updated_by', idType)
		.addColumn('updated_at', big, (c) => c.notNull())
		.execute();

	await db.schema
		.createTable('service_orders')
		.addColumn('id', idType, id)
		.addColumn('booking_id', idType, (c) => c.notNull().unique().references('bookings.id'))
		.addColumn('number', 'varchar(32)', (c) => c.notNull().unique())
		.addColumn('provider_facility_id', idType, (c) => c.notNull().references('facilities.id'))
		.addColumn('provider_institution_id', idType, (c) => c.notNull())
		.addColumn('client_institution_id', idType, (c) => c.notNull())
		.addColumn('client_user_id', idType, (c) => c.notNull())
		.addColumn('content', 'text', (c) => c.notNull())
		.addColumn('quote_fen', big, (c) => c.notNull())
		.addColumn('charge_fen', big)
		.addColumn('charge_note', 'text')
		.addColumn('voucher_fen', big, (c) => c.notNull().defaultTo(0))
		.addColumn('ip_terms', 'text', (c) => c.notNull())
		.addColumn('confidentiality_terms', 'text', (c) => c.notNull())
		.addColumn('status', 'text', (c) => c.notNull())
		.addColumn('receipt_no', 'text')
		.addColumn('paid_fen', big)
		.addColumn('paid_at', big)
		.addColumn('created_at', big, (c) => c.notNull())
		.addColumn('updated_at', big, (c) => c.notNull())
		.execute();
	await db.schema.createIndex('service_orders_facility').on('service_orders').columns(['provider_facility_id', 'created_at']).execute();
	await db.schema.createIndex('service_orders_client').on('service_orders').columns(['client_institution_id', 'created_at']).execute();

	await db.schema
		.createTable('settlement_claims')
		.addColumn('id', idType, id)
		.addColumn('programme_id', idType, (c) => c.notNull().references('voucher_programmes.id'))
		.addColumn('issuer_area', 'varchar(2)', (c) => c.notNull())
		// 'provider' (通兑: a facility claims what it redeemed) | 'enterprise' (通用: reimbursement)
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('facility_id', idType, (c) => c.references('facilities.id'))
		.addColumn('institution_id', idType, (c) => c.notNull().references('institutions.id'))
		.addColumn('period_from', big, (c) => c.notNull())
		.addColumn('period_to', big, (c) => c.notNull())
		.addColumn('claimed_fen', big, (c) => c.notNull())
		.addColumn('approved_fen', big, (c) => c.notNull().defaultTo(0))
		// submitted → reviewed → paid
		.addColumn('status', 'text', (c) => c.notNull())
		.addColumn('paid_reference', 'text')
		.addColumn('paid_at', big)
		.addColumn('paid_by', idType)
		.addColumn('created_by', idType, (c) => c.notNull())
		.addColumn('created_at', big, (c) => c.notNull())
		.addColumn('updated_at', big, (c) => c.notNull())
		.execute();
	await db.schema.createIndex('settlement_claims_issuer').on('settlement_claims').columns(['issuer_area', 'status']).execute();
	await db.schema.createIndex('settlement_claims_facility').on('settlement_claims').column('facility_id').execute();

	await db.schema
		.createTable('settlement_claim_lines')
		.addColumn('id', idType, id)
		.addColumn('claim_id', idType, (c) => c.notNull().references('settlement_claims.id').onDelete('cascade'))
		.addColumn('reservation_id', idType, (c) => c.notNull().unique().references('voucher_reservations.id'))
		.addColumn('amount_fen', big, (c) => c.notNull())
		.addColumn('contract_no', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('receipt_no', 'text', (c) => c.notNull().defaultTo(''))
		// pending → approved | rejected
		.addColumn('status', 'text', (c) => c.notNull())
		.addColumn('reason', 'text')
		.addColumn('reviewed_by', idType)
		.addColumn('reviewed_at', big)
		.execute();
	await db.schema.createIndex('settlement_claim_lines_claim').on('settlement_claim_lines').column('claim_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const table of [
		'settlement_claim_lines',
		'settlement_claims',
		'service_orders',
		'service_order_templates',
		'voucher_reservations',
		'voucher_grants',
		'voucher_programme_providers',
		'voucher_programmes',
		'booking_charges',
		'price_rules'
	]) {
		await db.schema.dropTable(table).ifExists().execute();
	}
}
