// A person's roles with their scopes, loaded once per request.
import type { Db } from '../db/dialect';
import type { AreaCode } from '../db/schema';

export interface Roles {
	admin: boolean;
	/** facilities this person manages */
	managedFacilityIds: number[];
	/** 'all' for an evaluator of the three areas, else the areas seen (empty: not an evaluator) */
	evaluatorAreas: 'all' | AreaCode[];
	/** facilities where this person runs staff-assisted bookings as an operator (usage capability; optional so older Roles literals stay valid) */
	operatedFacilityIds?: number[];
}

export const NO_ROLES: Roles = { admin: false, managedFacilityIds: [], evaluatorAreas: [], operatedFacilityIds: [] };

export async function loadRoles(db: Db, userId: number): Promise<Roles> {
	const rows = await db.kysely
		.selectFrom('role_assignments')
		.select(['role', 'facility_id', 'area_code'])
		.where('user_id', '=', userId)
		.execute();
	const roles: Roles = { admin: false, managedFacilityIds: [], evaluatorAreas: [], operatedFacilityIds: [] };
	for (const r of rows) {
		if (r.role === 'admin') roles.admin = true;
		if (r.role === 'manager' && r.facility_id != null) roles.managedFacilityIds.push(r.facility_id);
		if (r.role === 'operator' && r.facility_id != null) roles.operatedFacilityIds!.push(r.facility_id); // usage capability
		if (r.role === 'evaluator') {
			if (r.area_code == null) roles.evaluatorAreas = 'all';
			else if (roles.evaluatorAreas !== 'all') roles.evaluatorAreas.push(r.area_code);
		}
	}
	return roles;
}

export function isManager(roles: Roles): boolean {
	return roles.managedFacilityIds.length > 0;
}

export function managesFacility(roles: Roles, facilityId: number): boolean {
	return roles.managedFacilityIds.includes(facilityId);
}

/** Usage capability: a manager or an operator of the facility may run (check in/out) its assisted bookings. */
export function operatesFacility(roles: Roles, facilityId: number): boolean {
	return roles.managedFacilityIds.includes(facilityId) || (roles.operatedFacilityIds ?? []).includes(facilityId);
}
