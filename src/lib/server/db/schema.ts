// The one Database interface: every table Kysely may reach, for SQLite and PostgreSQL alike.
// Instants are UTC epoch milliseconds (number), money is integer fen (number), booleans are 0/1.
import type { Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { QualificationTables } from './tables/qualification';
import type { InstrumentAdminTables } from './tables/instrument-admin';
import type { UsageTables } from './tables/usage';
import type { NotificationTables } from './tables/notification';
import type { VoucherTables } from './tables/voucher';
import type { ScheduleTables } from './tables/schedule';
import type { StatisticsTables } from './tables/statistics'; // statistics
import type { StatisticsRollupTables } from './tables/statistics-rollup'; // statistics roll-ups
import type { CatalogueTables } from './tables/catalogue'; // catalogue version (search and page caches)

export type AreaCode = 'BJ' | 'TJ' | 'HE';

export interface AreaTable {
	code: AreaCode;
	name_zh: string;
	name_en: string;
	sort_order: number;
}

export interface CityTable {
	id: Generated<number>;
	area_code: AreaCode;
	name_zh: string;
	name_en: string;
	/** 'district' (区) or 'city' (地级市) */
	kind: string;
}

export type InstitutionKind = 'university' | 'institute' | 'enterprise' | 'government' | 'service';

export interface InstitutionTable {
	id: Generated<number>;
	name_zh: string;
	name_en: string;
	kind: InstitutionKind;
	area_code: AreaCode;
	city_id: number;
	/** 统一社会信用代码, 18 characters, check character validated on write */
	credit_code: string;
	created_at: number;
}

export type FacilityKind =
	| 'national_key_lab'
	| 'provincial_key_lab'
	| 'national_engineering_centre'
	| 'provincial_engineering_centre'
	| 'testing_centre'
	| 'incubator'
	| 'maker_space';

export interface FacilityTable {
	id: Generated<number>;
	institution_id: number;
	name_zh: string;
	name_en: string;
	kind: FacilityKind;
	/** The facility's own location: a branch site can sit in another area than its institution. */
	area_code: AreaCode;
	city_id: number;
	address: Generated<string>;
	/** comma-separated accreditations, e.g. "CMA,CNAS" */
	accreditations: Generated<string>;
	contact_email: Generated<string>;
	contact_phone: Generated<string>;
	description: Generated<string>;
	/** last time the facility re-confirmed its listings (epoch ms) */
	confirmed_at: number;
	created_at: number;
}

export type InstrumentStatus = 'in_service' | 'maintenance' | 'retired';
export type ServiceMode = 'self' | 'assisted' | 'sample';
export type ApprovalMode = 'auto' | 'manager' | 'auto_internal';

export interface InstrumentTable {
	id: Generated<number>;
	facility_id: number;
	name_zh: string;
	name_en: string;
	model: Generated<string>;
	manufacturer: Generated<string>;
	/** national classification of large research instruments, top-level code (see domain/catalogue/categories) */
	category_code: string;
	value_fen: number;
	purchase_year: number;
	status: Generated<InstrumentStatus>;
	photo_url: string | null;
	specifications: Generated<string>;
	/** comma-separated ServiceMode values */
	modes: string;
	/** qualification required for self-operated use (free text until qualification types land) */
	required_qualification: string | null;
	// qualification capability (migration 0002): the type required for self-operated booking; optional on insert
	required_qualification_type_id: Generated<number | null>;
	published: Generated<number>;
	timezone: Generated<string>;
	/** JSON array of { weekday: 1..7 (Mon..Sun), start: "HH:MM", end: "HH:MM" } in the instrument's zone */
	opening_hours: string;
	slot_minutes: Generated<number>;
	min_minutes: Generated<number>;
	max_minutes: Generated<number>;
	notice_minutes: Generated<number>;
	horizon_days: Generated<number>;
	cancel_deadline_minutes: Generated<number>;
	approval_mode: Generated<ApprovalMode>;
	/** 1: bookings by people from another area always go to a manager */
	cross_area_needs_approval: Generated<number>;
	/** price per hour in fen for outside users (shown; full pricing comes with the prices issue) */
	price_hour_fen: Generated<number>;
	// schedule capability (migration 0004): minutes kept free between bookings; per-person limits (null = none)
	buffer_minutes: Generated<number>;
	max_week_minutes: Generated<number | null>;
	max_future_bookings: Generated<number | null>;
	// usage capability (migration 0005): minutes after the start without check-in before a booking is a no-show
	no_show_minutes: Generated<number>;
	// instrument-admin capability (migration 0003), optional on insert: acceptance day "YYYY-MM-DD" (验收日期),
	// the instrument's accreditations (comma-separated, e.g. "CMA,CNAS"), and when its listing was last
	// confirmed (epoch ms; null means created_at — read it as coalesce(confirmed_at, created_at)).
	acceptance_date: Generated<string | null>;
	accreditations: Generated<string>;
	confirmed_at: Generated<number | null>;
	// --- end instrument-admin
	// Denormalised from the facility so the catalogue filters need no join.
	area_code: AreaCode;
	city_id: number;
	facility_kind: FacilityKind;
	institution_id: number;
	/** normalised text the catalogue search runs over */
	search_text: string;
	created_at: number;
	updated_at: number;
}

/** Inverted bigram index over instruments.search_text: portable substring search for both dialects. */
export interface InstrumentGramTable {
	gram: string;
	instrument_id: number;
}

export interface UserTable {
	id: Generated<number>;
	email: string;
	name: string;
	institution_id: number;
	password_hash: string;
	locale: Generated<string>;
	created_at: number;
	disabled: Generated<number>;
}

export interface SessionTable {
	/** hex SHA-256 of the session token; the token itself is never stored */
	id: string;
	user_id: number;
	expires_at: number;
	/** absolute limit: a session never lives past this, however active */
	absolute_expires_at: number;
	created_at: number;
}

export interface ApiTokenTable {
	id: Generated<number>;
	user_id: number;
	name: string;
	token_hash: string;
	created_at: number;
	last_used_at: number | null;
	revoked_at: number | null;
}

export type Role = 'admin' | 'manager' | 'evaluator' | 'operator'; // operator: usage capability, scoped to a facility

export interface RoleAssignmentTable {
	id: Generated<number>;
	user_id: number;
	role: Role;
	/** manager (and operator): the facility managed (operated) */
	facility_id: number | null;
	/** evaluator: the area seen; null means all three */
	area_code: AreaCode | null;
}

export type BookingStatus =
	| 'requested'
	| 'approved'
	| 'rejected'
	| 'cancelled'
	| 'checked_in'
	| 'completed'
	| 'no_show';

export interface BookingTable {
	id: Generated<number>;
	instrument_id: number;
	user_id: number;
	mode: ServiceMode;
	start_at: number;
	end_at: number;
	status: BookingStatus;
	/** 1 while the booking holds its time (requested, approved, checked_in): what the overlap check reads */
	active: number;
	purpose: string;
	project: Generated<string>;
	quote_fen: Generated<number>;
	// Snapshots of the booker at booking time, for statistics that must not move when people move.
	user_area_code: AreaCode;
	user_institution_id: number;
	decision_reason: string | null;
	decided_by: number | null;
	decided_at: number | null;
	created_at: number;
	updated_at: number;
	// qualification capability (migration 0002), optional on insert: the held qualification a self-operated
	// booking relied on, how ('direct' | 'agreement' | 'case') and under which agreement or case (statistics hook),
	// and the flag set when that basis lapsed before the start (a reason code, see qualification messages).
	qualification_id: Generated<number | null>;
	recognition_kind: Generated<'direct' | 'agreement' | 'case' | null>;
	recognition_agreement_id: Generated<number | null>;
	recognition_case_id: Generated<number | null>;
	qualification_flag: Generated<string | null>;
	qualification_flagged_at: Generated<number | null>;
	// usage capability (migration 0005), optional on insert: the staff member who runs a staff-assisted booking
	operator_user_id: Generated<number | null>;
}

export interface AuditLogTable {
	id: Generated<number>;
	actor_user_id: number | null;
	entity: string;
	entity_id: number;
	action: string;
	before_json: string | null;
	after_json: string | null;
	created_at: number;
}

/** Capabilities add their tables in ./tables/<capability>.ts; this interface joins them. */
export interface Database
	extends QualificationTables,
		InstrumentAdminTables,
		UsageTables,
		NotificationTables,
		VoucherTables,
		ScheduleTables,
		StatisticsTables,
		StatisticsRollupTables,
		CatalogueTables {
	areas: AreaTable;
	cities: CityTable;
	institutions: InstitutionTable;
	facilities: FacilityTable;
	instruments: InstrumentTable;
	instrument_grams: InstrumentGramTable;
	users: UserTable;
	sessions: SessionTable;
	api_tokens: ApiTokenTable;
	role_assignments: RoleAssignmentTable;
	bookings: BookingTable;
	audit_log: AuditLogTable;
}

export type Institution = Selectable<InstitutionTable>;
export type Facility = Selectable<FacilityTable>;
export type Instrument = Selectable<InstrumentTable>;
export type NewInstrument = Insertable<InstrumentTable>;
export type User = Selectable<UserTable>;
export type Booking = Selectable<BookingTable>;
export type BookingUpdate = Updateable<BookingTable>;
export type Session = Selectable<SessionTable>;
export type RoleAssignment = Selectable<RoleAssignmentTable>;
