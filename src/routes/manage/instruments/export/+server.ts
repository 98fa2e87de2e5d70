import type { RequestHandler } from './$types';
import { getDb } from '$lib/server/app';
import { forbidden, requireManager } from '$lib/server/auth/guards';
import { managesFacility } from '$lib/server/auth/roles';
import { exportCsv, exportXlsx } from '$lib/server/instrument-admin/export.service';
import { parseId } from '$lib/server/instrument-admin/instrument-admin.form';
import { localDate } from '$lib/domain/time/zone';

export const GET: RequestHandler = async (event) => {
	const { user, roles } = requireManager(event);
	const facilityId = parseId(event.url.searchParams.get('facility'));
	if (facilityId === null || !managesFacility(roles, facilityId)) forbidden(event.locals);
	const actor = { userId: user.id, roles };
	const name = `instruments-facility-${facilityId}-${localDate(Date.now(), 'Asia/Shanghai')}`;
	if (event.url.searchParams.get('format') === 'xlsx') {
		return new Response(await exportXlsx(getDb(), actor, facilityId), {
			headers: { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'content-disposition': `attachment; filename="${name}.xlsx"`, 'cache-control': 'no-store' }
		});
	}
	return new Response(exportCsv(getDb(), actor, facilityId), {
		headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${name}.csv"`, 'cache-control': 'no-store' }
	});
};
