// Public JSON shapes of usage records and sample requests (ISO 8601 UTC instants, money in fen).
import { z } from 'zod';
import type { ServiceError } from '../booking/booking.errors';
import type { Translate } from '../../i18n/locale';
import { translateProblems } from '../../i18n/problems';
import { apiError } from '../api/respond';
import { MAX_SAMPLE_COUNT } from '../../domain/usage/sample-status';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function usageRecordJson(u: {
	id: number;
	booking_id: number | null;
	instrument_id: number;
	user_id: number;
	operator_user_id: number | null;
	start_at: number;
	end_at: number | null;
	source: string;
	notes: string;
	user_name?: string;
	operator_name?: string | null;
}) {
	return {
		id: u.id,
		bookingId: u.booking_id,
		instrumentId: u.instrument_id,
		userId: u.user_id,
		userName: u.user_name ?? null,
		operatorUserId: u.operator_user_id,
		operatorName: u.operator_name ?? null,
		start: iso(u.start_at),
		end: iso(u.end_at),
		minutes: u.end_at === null ? null : Math.round((u.end_at - u.start_at) / 60_000),
		source: u.source,
		notes: u.notes
	};
}

export function sampleRequestJson(s: {
	id: number;
	instrument_id: number;
	instrument_name_zh: string;
	instrument_name_en: string;
	user_id: number;
	sample_count: number;
	sample_kind: string;
	hazards: string;
	wanted_date: string | null;
	notes: string;
	status: string;
	quote_fen: number | null;
	reject_reason: string | null;
	booking_id: number | null;
	scheduled_start: number | null;
	scheduled_end: number | null;
	result_name: string | null;
	result_size: number | null;
	reported_at: number | null;
	created_at: number;
}) {
	return {
		id: s.id,
		instrumentId: s.instrument_id,
		instrumentName: { zh: s.instrument_name_zh, en: s.instrument_name_en },
		userId: s.user_id,
		sampleCount: s.sample_count,
		sampleKind: s.sample_kind,
		hazards: s.hazards,
		wantedDate: s.wanted_date,
		notes: s.notes,
		status: s.status,
		quoteFen: s.quote_fen,
		rejectReason: s.reject_reason,
		bookingId: s.booking_id,
		scheduledStart: iso(s.scheduled_start),
		scheduledEnd: iso(s.scheduled_end),
		result: s.result_name ? { name: s.result_name, size: s.result_size, url: `/samples/${s.id}/result` } : null,
		reportedAt: iso(s.reported_at),
		createdAt: iso(s.created_at)
	};
}

/** The fields of a new sample-testing request, for the form and the API. */
export const sampleRequestSchema = z.object({
	instrumentId: z.coerce.number().int().positive(),
	sampleCount: z.coerce.number().int().min(1).max(MAX_SAMPLE_COUNT),
	sampleKind: z.string().trim().min(1).max(200),
	hazards: z.string().trim().max(500).default(''),
	wantedDate: z
		.string()
		.trim()
		.regex(/^\d{4}-\d{2}-\d{2}$/)
		.nullable()
		.optional()
		.or(z.literal('').transform(() => null)),
	notes: z.string().trim().max(2000).default(''),
	// sample vouchers: the enterprise grant to reserve the voucher share on ('' or absent: none)
	voucherGrantId: z.coerce.number().int().positive().nullable().optional().or(z.literal('').transform(() => null))
});

/** Maps a usage or sample service error to the API's JSON error. */
export function usageErrorResponse(e: ServiceError, t: Translate): Response {
	if (e.kind === 'not_found') return apiError(404, 'not_found', t('error.notFound'));
	if (e.kind === 'forbidden') return apiError(403, 'forbidden', t('problem.forbidden'));
	const problems = translateProblems(t, e.problems);
	return apiError(409, 'rejected', problems.map((p) => p.message).join('; '), { problems });
}
