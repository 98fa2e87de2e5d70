// JSON shapes of the manager's instrument API (/api/v1/manage/instruments).
import { json } from '@sveltejs/kit';
import { apiError } from '../api/respond';
import { ServiceError } from '../booking/booking.errors';
import { parseModes } from '../../domain/catalogue/facility-kinds';
import { confirmedAtOf, isStale } from '../../domain/instrument/freshness';
import { isRegisteredLate } from '../../domain/instrument/working-days';
import { INSTRUMENT_FIELDS, type FieldProblem, type RawInstrument } from '../../domain/instrument/instrument-input';
import { localDate } from '../../domain/time/zone';
import type { Translate } from '../../i18n/locale';
import { problemMessage, translateProblems } from '../../i18n/problems';
import type { InstrumentRow } from './instrument-admin.repository';

export function managedInstrumentJson(r: InstrumentRow, staleDays: number, now = Date.now()) {
	const confirmedAt = confirmedAtOf(r);
	return {
		id: r.id,
		facilityId: r.facility_id,
		nameZh: r.name_zh,
		nameEn: r.name_en,
		model: r.model,
		manufacturer: r.manufacturer,
		categoryCode: r.category_code,
		valueFen: r.value_fen,
		purchaseYear: r.purchase_year,
		acceptanceDate: r.acceptance_date,
		accreditations: r.accreditations ? r.accreditations.split(',') : [],
		specifications: r.specifications,
		modes: parseModes(r.modes),
		status: r.status,
		priceHourFen: r.price_hour_fen,
		published: r.published === 1,
		photoUrl: r.photo_url,
		confirmedAt: new Date(confirmedAt).toISOString(),
		stale: isStale(confirmedAt, now, staleDays),
		lateRegistration: isRegisteredLate(r.acceptance_date, localDate(r.created_at, 'Asia/Shanghai')),
		createdAt: new Date(r.created_at).toISOString(),
		updatedAt: new Date(r.updated_at).toISOString(),
		url: `/instruments/${r.id}`
	};
}

/** Only the known fields of a JSON body, as raw text/list values the domain validates. */
export function rawFromJson(body: Record<string, unknown>): RawInstrument {
	const raw: RawInstrument = {};
	for (const f of INSTRUMENT_FIELDS) {
		const v = body[f];
		if (v === undefined) continue;
		if (Array.isArray(v)) raw[f] = v.map(String);
		else if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v === null) raw[f] = v;
	}
	return raw;
}

export function invalidResponse(t: Translate, problems: FieldProblem[]): Response {
	return apiError(422, 'invalid_input', t('error.badRequest'), { problems: problems.map((p) => ({ field: p.field, code: p.code, params: p.params ?? {}, message: problemMessage(t, p) })) });
}

export function serviceErrorJson(t: Translate, e: unknown): Response {
	if (!(e instanceof ServiceError)) throw e;
	const problems = translateProblems(t, e.problems);
	return apiError(e.status, e.kind, problems[0]?.message ?? e.kind, { problems });
}

export { json };
