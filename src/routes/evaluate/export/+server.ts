// CSV (streamed) and XLSX downloads of every workspace table, with the same access checks as the pages.
import { error, type RequestHandler } from '@sveltejs/kit';
import { getDb } from '$lib/server/app';
import { errorMessage, orHttpError, parseStatQuery, requireEvaluator } from '$lib/server/statistics/statistics.query';
import { breakdown, flows, instrumentBookings, scorecards, trend } from '$lib/server/statistics/statistics.service';
import { bookingsTable, flowsTable, rankingTable, scorecardTable, trendTable, type Table } from '$lib/server/statistics/statistics.tables';
import { csvResponse, xlsxResponse } from '$lib/server/statistics/statistics.export';
import { translator } from '$lib/i18n/locale';

export const GET: RequestHandler = async (event) => {
	requireEvaluator(event);
	const t = translator(event.locals.locale);
	const msg = errorMessage(event);
	const q = await orHttpError(async () => parseStatQuery(event.url), msg);
	const which = event.url.searchParams.get('table');
	const format = event.url.searchParams.get('format') === 'xlsx' ? 'xlsx' : 'csv';
	const db = getDb();
	const roles = event.locals.roles;
	const locale = event.locals.locale;
	const table: Table = await orHttpError(async () => {
		switch (which) {
			case 'flows':
				return flowsTable(t, await flows(db, roles, { area: q.selection.area }, q.period));
			case 'rankings':
				return rankingTable(t, await breakdown(db, roles, q.selection, q.level, q.period, q.sort, undefined, q.ascending), locale);
			case 'trend':
				return trendTable(t, await trend(db, roles, q.selection, q.period));
			case 'scorecards':
				return scorecardTable(t, (await scorecards(db, roles, q.selection, q.period)).cards, locale);
			case 'bookings':
				if (!q.selection.instrumentId) error(404, { message: t('error.notFound'), code: 'not_found' });
				return bookingsTable(t, await instrumentBookings(db, roles, q.selection.instrumentId, q.period), locale);
			default:
				error(404, { message: t('error.notFound'), code: 'not_found' });
		}
	}, msg);
	const filename = `${table.name}-${q.period.code.replace(/[^0-9A-Za-z-]/g, '_')}${q.selection.area ? `-${q.selection.area}` : ''}`;
	return format === 'xlsx' ? xlsxResponse(table, filename) : csvResponse(table, filename);
};
