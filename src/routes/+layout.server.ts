import type { LayoutServerLoad } from './$types';
import { isManager } from '$lib/server/auth/roles';

export const load: LayoutServerLoad = async ({ locals }) => {
	return {
		locale: locals.locale,
		user: locals.user ? { id: locals.user.id, name: locals.user.name, email: locals.user.email, areaCode: locals.user.areaCode } : null,
		isManager: isManager(locals.roles),
		isAdmin: locals.roles.admin,
		isEvaluator: locals.roles.evaluatorAreas === 'all' || locals.roles.evaluatorAreas.length > 0
	};
};
