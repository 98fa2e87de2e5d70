// SQL for people's accounts: users, their institution, their roles and their sessions. No rules here.
import type { Kysely } from 'kysely';
import type { AreaCode, Database, Role } from '../db/schema';

type Q = Kysely<Database>;

export function findUserByEmail(db: Q, email: string) {
	return db
		.selectFrom('users')
		.select(['id', 'email', 'password_hash', 'disabled'])
		.where('email', '=', email)
		.executeTakeFirst();
}

export function findPasswordHash(db: Q, userId: number) {
	return db.selectFrom('users').select(['password_hash']).where('id', '=', userId).executeTakeFirst();
}

export function findInstitution(db: Q, institutionId: number) {
	return db.selectFrom('institutions').select(['id', 'area_code']).where('id', '=', institutionId).executeTakeFirst();
}

/** Every institution with its area's sort order, for the registration select. */
export function listInstitutions(db: Q) {
	return db
		.selectFrom('institutions')
		.innerJoin('areas', 'areas.code', 'institutions.area_code')
		.select(['institutions.id', 'institutions.name_zh', 'institutions.name_en', 'institutions.area_code'])
		.orderBy('areas.sort_order')
		.orderBy('institutions.name_zh')
		.execute();
}

export async function insertUser(
	db: Q,
	user: { email: string; name: string; institutionId: number; passwordHash: string; locale: string; now: number }
): Promise<number> {
	const row = await db
		.insertInto('users')
		.values({
			email: user.email,
			name: user.name,
			institution_id: user.institutionId,
			password_hash: user.passwordHash,
			locale: user.locale,
			created_at: user.now,
			disabled: 0
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return row.id;
}

export async function updateName(db: Q, userId: number, name: string): Promise<void> {
	await db.updateTable('users').set({ name }).where('id', '=', userId).execute();
}

export async function updatePasswordHash(db: Q, userId: number, passwordHash: string): Promise<void> {
	await db.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', userId).execute();
}

/** Ends every session of a person except the one in use (after a password change). */
export async function deleteOtherSessions(db: Q, userId: number, keepSessionId: string | null): Promise<void> {
	let query = db.deleteFrom('sessions').where('user_id', '=', userId);
	if (keepSessionId) query = query.where('id', '!=', keepSessionId);
	await query.execute();
}

export function findProfile(db: Q, userId: number) {
	return db
		.selectFrom('users')
		.innerJoin('institutions', 'institutions.id', 'users.institution_id')
		.select([
			'users.id',
			'users.email',
			'users.name',
			'users.created_at',
			'institutions.name_zh as institution_name_zh',
			'institutions.name_en as institution_name_en',
			'institutions.area_code'
		])
		.where('users.id', '=', userId)
		.executeTakeFirst();
}

export function listRoleAssignments(db: Q, userId: number): Promise<
	{ role: Role; area_code: AreaCode | null; facility_id: number | null; facility_name_zh: string | null; facility_name_en: string | null }[]
> {
	return db
		.selectFrom('role_assignments')
		.leftJoin('facilities', 'facilities.id', 'role_assignments.facility_id')
		.select([
			'role_assignments.role',
			'role_assignments.area_code',
			'role_assignments.facility_id',
			'facilities.name_zh as facility_name_zh',
			'facilities.name_en as facility_name_en'
		])
		.where('role_assignments.user_id', '=', userId)
		.orderBy('role_assignments.id')
		.execute();
}
