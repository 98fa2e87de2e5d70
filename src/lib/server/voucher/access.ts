// Who is the issuing authority of an area: the platform admin, or an evaluator of that area (or of all three).
import type { Roles } from '../auth/roles';
import type { AreaCode } from '../db/schema';

export const AREAS: AreaCode[] = ['BJ', 'TJ', 'HE'];

export function isAuthorityFor(roles: Roles, area: AreaCode): boolean {
	return roles.admin || roles.evaluatorAreas === 'all' || roles.evaluatorAreas.includes(area);
}

/** The areas whose programmes, grants and claims this person administers (empty: none). */
export function authorityAreas(roles: Roles): AreaCode[] {
	return AREAS.filter((a) => isAuthorityFor(roles, a));
}
