// Public JSON shapes of the qualification API (ISO 8601 UTC instants; validity ends are exclusive).
import type { Decision } from '../../domain/qualification/resolver';
import { describeDecision, describeMisses } from '../../domain/qualification/reason';
import { translator, type Locale } from '../../i18n/locale';
import type { QualificationTypeView } from './qualification.service';
import type { AgreementView } from './agreement.service';
import type { walletOf } from './wallet.service';

const iso = (ms: number | null | undefined) => (ms === null || ms === undefined || !Number.isFinite(ms) ? null : new Date(ms).toISOString());

export function decisionJson(d: Decision, instrumentId: number, locale: Locale) {
	const t = translator(locale);
	const basis = d.allowed && d.basis.kind !== 'none' ? d.basis : null;
	const lines = describeMisses(t, locale, d);
	return {
		instrumentId,
		at: iso(d.at),
		allowed: d.allowed,
		reason: describeDecision(t, locale, d),
		misses: d.allowed ? [] : d.misses.map((m, i) => ({ code: m.code, message: lines[i] })),
		basis: d.allowed
			? {
					kind: d.basis.kind,
					qualificationId: basis ? basis.held.qualificationId : null,
					agreementId: basis?.kind === 'agreement' ? basis.agreementId : null,
					caseId: basis?.kind === 'case' ? basis.caseId : null,
					validUntil: basis ? iso(basis.until) : null
				}
			: null,
		required: d.required ? { id: d.required.id, code: d.required.code, name: { zh: d.required.nameZh, en: d.required.nameEn }, institution: { id: d.required.institutionId, zh: d.required.institutionNameZh, en: d.required.institutionNameEn } } : null
	};
}

export function typeJson(t: QualificationTypeView) {
	return {
		id: t.id,
		code: t.code,
		name: { zh: t.name_zh, en: t.name_en },
		description: t.description,
		level: t.level,
		validityMonths: t.validity_months,
		lapseDays: t.lapse_days,
		institution: { id: t.institution_id, zh: t.institution_name_zh, en: t.institution_name_en, area: t.area_code },
		covers: { categories: t.coversCategoryList, instrumentIds: t.coversInstrumentIds }
	};
}

export function agreementJson(g: AgreementView) {
	const side = (which: 'a' | 'b') =>
		g.kind === 'institution'
			? { institutionId: which === 'a' ? g.a_institution_id : g.b_institution_id, zh: which === 'a' ? g.a_institution_zh : g.b_institution_zh, en: which === 'a' ? g.a_institution_en : g.b_institution_en }
			: { area: which === 'a' ? g.a_area_code : g.b_area_code, zh: which === 'a' ? g.a_area_zh : g.b_area_zh, en: which === 'a' ? g.a_area_en : g.b_area_en };
	return {
		id: g.id,
		kind: g.kind,
		title: g.title,
		sideA: side('a'),
		sideB: side('b'),
		mutual: g.mutual === 1,
		status: g.status,
		statusReason: g.status_reason,
		validFrom: iso(g.valid_from),
		validTo: iso(g.valid_to),
		proposedAt: iso(g.proposed_at),
		acceptedAt: iso(g.accepted_at),
		mappings: g.mappings.map((m) => ({
			from: { typeId: m.from_type_id, code: m.from_code, institution: { zh: m.from_institution_zh, en: m.from_institution_en } },
			to: { typeId: m.to_type_id, code: m.to_code, institution: { zh: m.to_institution_zh, en: m.to_institution_en } }
		}))
	};
}

export function walletJson(w: Awaited<ReturnType<typeof walletOf>>) {
	return {
		items: w.items.map((i) => ({
			id: i.grant.id,
			type: { id: i.type.id, code: i.type.code, name: { zh: i.type.nameZh, en: i.type.nameEn }, level: i.type.level, institution: { zh: i.type.institutionZh, en: i.type.institutionEn, area: i.type.areaCode } },
			status: i.status,
			validFrom: iso(i.grant.valid_from),
			expiresAt: iso(i.grant.expires_at),
			validUntil: iso(i.until),
			revokedAt: iso(i.grant.revoked_at),
			revokeReason: i.grant.revoke_reason,
			trainingDate: iso(i.grant.training_date),
			trainer: i.grant.trainer,
			recognisedAs: i.recognitions.map((r) => ({ via: r.via, id: r.id, status: r.status, agreementKind: r.agreementKind ?? null, typeId: r.asType.id, code: r.asType.code, where: { zh: r.asType.institutionZh, en: r.asType.institutionEn }, validTo: iso(r.validTo) }))
		}))
	};
}
