import { forbidden } from '$lib/server/auth/guards';
import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '$lib/server/app';
import { authorityAreas } from '$lib/server/voucher/access';
import { spendingReport } from '$lib/server/voucher/settlement.service';
import { download, yuanText } from '$lib/server/voucher/export';

// Where the authority's vouchers were spent, as CSV or XLSX.
export const GET: RequestHandler = async ({ locals, url }) => {
	if (!locals.user) error(401, { message: 'unauthorized', code: 'unauthorized' });
	if (authorityAreas(locals.roles).length === 0) forbidden(locals);
	const rows = (await spendingReport(getDb(), locals.roles)).map((r) => [r.issuerArea, r.providerArea, r.count, yuanText(r.redeemedFen), yuanText(r.approvedFen), yuanText(r.paidFen)]);
	return download(url.searchParams.get('format'), 'voucher-spending-report', ['issuer_area', 'provider_area', 'redemptions', 'redeemed_yuan', 'approved_yuan', 'paid_yuan'], rows);
};
