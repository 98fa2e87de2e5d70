// Who may do what with qualifications: the actor's scopes, loaded once per call.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { Roles } from '../auth/roles';
import type { Actor } from '../../domain/qualification/agreement-rules';
import { institutionsOfFacilities } from './qualification.repository';

export interface QualificationActor extends Actor {
	managedFacilityIds: number[];
}

/** The actor's scopes: admin, the institutions of the facilities they manage, evaluator areas. */
export async function actorOf(db: Kysely<Database>, userId: number, roles: Roles): Promise<QualificationActor> {
	return {
		userId,
		admin: roles.admin,
		managedFacilityIds: roles.managedFacilityIds,
		managedInstitutionIds: await institutionsOfFacilities(db, roles.managedFacilityIds),
		evaluatorAreas: roles.evaluatorAreas
	};
}

/** Managers grant, revoke and define types for the institutions of the facilities they run; the admin for all. */
export function managesInstitution(actor: QualificationActor, institutionId: number): boolean {
	return actor.admin || actor.managedInstitutionIds.includes(institutionId);
}

/** True when the actor may propose agreements at all (acts for some institution or area). */
export function mayPropose(actor: QualificationActor): boolean {
	return actor.admin || actor.managedInstitutionIds.length > 0 || actor.evaluatorAreas === 'all' || actor.evaluatorAreas.length > 0;
}
