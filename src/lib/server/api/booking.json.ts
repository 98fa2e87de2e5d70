// The public JSON shape of a booking (ISO 8601 UTC instants, money in fen).
import type { ServiceError } from '../booking/booking.errors';
import type { Translate } from '../../i18n/locale';
import { translateProblems } from '../../i18n/problems';
import { apiError } from './respond';

export function bookingJson(b: {
	id: number;
	instrument_id: number;
	mode: string;
	start_at: number;
	end_at: number;
	status: string;
	purpose: string;
	project: string;
	quote_fen: number;
	decision_reason: string | null;
	created_at: number;
}) {
	return {
		id: b.id,
		instrumentId: b.instrument_id,
		mode: b.mode,
		start: new Date(b.start_at).toISOString(),
		end: new Date(b.end_at).toISOString(),
		status: b.status,
		purpose: b.purpose,
		project: b.project,
		quoteFen: b.quote_fen,
		decisionReason: b.decision_reason,
		createdAt: new Date(b.created_at).toISOString()
	};
}

/** Maps a booking service error to the API's JSON error. */
export function serviceErrorResponse(e: ServiceError, t: Translate): Response {
	if (e.kind === 'not_found') return apiError(404, 'not_found', t('problem.not_found'));
	if (e.kind === 'forbidden') return apiError(403, 'forbidden', t('problem.forbidden'));
	const problems = translateProblems(t, e.problems);
	return apiError(409, 'booking_rejected', problems.map((p) => p.message).join('; '), { problems });
}
