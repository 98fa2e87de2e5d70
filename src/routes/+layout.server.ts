import type { LayoutServerLoad } from './$types';
import { isManager } from '$lib/server/auth/roles';
import { getDb } from '$lib/server/app';
import { unreadForLayout } from '$lib/server/notification/notification.service'; // notifications
import { listingStaleDays } from '$lib/server/instrument-admin/config'; // instrument-admin

export const load: LayoutServerLoad = async ({ locals, url }) => {
	return {
		locale: locals.locale,
		user: locals.user ? { id: locals.user.id, name: locals.user.name, email: locals.user.email, areaCode: locals.user.areaCode } : null,
		isManager: isManager(locals.roles),
		isOperator: (locals.roles.operatedFacilityIds ?? []).length > 0, // usage: operators see their assignments
		isAdmin: locals.roles.admin,
		isEvaluator: locals.roles.evaluatorAreas === 'all' || locals.roles.evaluatorAreas.length > 0,
		listingStaleDays: listingStaleDays(), // instrument-admin: the freshness badge's period (LISTING_STALE_DAYS)
		unreadNotifications: await unreadForLayout(getDb(), locals.user?.id, url) // notifications: the header bell
	};
};
