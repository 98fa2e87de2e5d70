import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '$lib/server/app';
import { claimDetail } from '$lib/server/voucher/settlement.service';
import { ServiceError } from '$lib/server/booking/booking.errors';
import { download, yuanText, type Cell } from '$lib/server/voucher/export';

// A claim with its lines as CSV or XLSX, for whoever may see the claim.
export const GET: RequestHandler = async ({ params, locals, url }) => {
	if (!locals.user) error(401, { message: 'unauthorized', code: 'unauthorized' });
	const claimId = Number(params.id);
	if (!Number.isSafeInteger(claimId) || claimId <= 0) error(404, { message: 'not found', code: 'not_found' });
	let detail;
	try {
		detail = await claimDetail(getDb(), locals.user, locals.roles, claimId);
	} catch (e) {
		if (e instanceof ServiceError) error(404, { message: 'not found', code: 'not_found' });
		throw e;
	}
	const c = detail.claim;
	const header = ['claim', 'programme', 'issuer_area', 'kind', 'line', 'booking', 'enterprise', 'contract', 'receipt', 'final_charge_yuan', 'amount_yuan', 'status', 'reason'];
	const rows: Cell[][] = detail.lines.map((l) => [c.id, c.programme_zh, c.issuer_area, c.kind, l.id, l.booking_id ?? `S${l.sample_request_id}` /* sample vouchers */, l.enterprise_zh, l.contract_no, l.receipt_no, yuanText(l.final_charge_fen), yuanText(l.amount_fen), l.status, l.reason ?? '']);
	rows.push([c.id, 'TOTAL claimed', c.issuer_area, c.kind, null, null, null, null, null, null, yuanText(c.claimed_fen), c.status, '']);
	rows.push([c.id, 'TOTAL approved', c.issuer_area, c.kind, null, null, null, null, null, null, yuanText(c.approved_fen), c.status, '']);
	return download(url.searchParams.get('format'), `settlement-claim-${c.id}`, header, rows);
};
