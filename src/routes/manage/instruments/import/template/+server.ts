import type { RequestHandler } from './$types';
import { requireManager } from '$lib/server/auth/guards';
import { templateCsv, templateXlsx } from '$lib/server/instrument-admin/export.service';

export const GET: RequestHandler = async (event) => {
	requireManager(event);
	if (event.url.searchParams.get('format') === 'csv') {
		return new Response(templateCsv(), {
			headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="instrument-import-template.csv"' }
		});
	}
	return new Response(await templateXlsx(), {
		headers: {
			'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
			'content-disposition': 'attachment; filename="instrument-import-template.xlsx"'
		}
	});
};
