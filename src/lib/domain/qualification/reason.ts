// The sentences that explain a self-operation decision, in the reader's language. Takes the
// translator so it stays free of any page or server code; dates are last valid days in Asia/Shanghai.
import type { Locale, MessageKey, Params, Translate } from '../../i18n/locale';
import type { Basis, Decision, HeldRef, Miss, TypeFact } from './resolver';
import { lastValidDay, QUALIFICATION_ZONE } from './grant-rules';
import { localDate } from '../time/zone';

const institution = (t: TypeFact | null | undefined, locale: Locale) => (t ? (locale === 'en' ? t.institutionNameEn : t.institutionNameZh) : '');
const typeName = (t: TypeFact | null | undefined, locale: Locale) => (t ? (locale === 'en' ? t.nameEn : t.nameZh) : '');

function heldParams(held: HeldRef | undefined, locale: Locale): Params {
	return { heldInstitution: institution(held?.type, locale), heldCode: held?.type.code ?? '', heldName: typeName(held?.type, locale) };
}

function requiredParams(required: TypeFact | null, locale: Locale): Params {
	return { requiredInstitution: institution(required, locale), requiredCode: required?.code ?? '', requiredName: typeName(required, locale) };
}

/** Why the person may self-operate. */
export function describeBasis(t: Translate, locale: Locale, basis: Basis, required: TypeFact | null): string {
	if (basis.kind === 'none') return t('qualification.reason.none');
	const params = { ...heldParams(basis.held, locale), ...requiredParams(required, locale), until: lastValidDay(basis.until) };
	if (basis.kind === 'direct') return t('qualification.reason.direct', params);
	if (basis.kind === 'agreement') return t(`qualification.reason.agreement.${basis.agreementKind}`, { ...params, id: basis.agreementId });
	return t('qualification.reason.case', { ...params, id: basis.caseId });
}

/** Why one path to the required type does not count. */
export function describeMiss(t: Translate, locale: Locale, miss: Miss, required: TypeFact | null): string {
	const params: Params = {
		...heldParams(miss.held, locale),
		...requiredParams(required, locale),
		id: miss.via?.id ?? '',
		detail: miss.detail ?? '',
		days: miss.days ?? '',
		date: miss.date === undefined ? '' : miss.code === 'not_yet_valid' || miss.code === 'revoked' ? localDate(miss.date, QUALIFICATION_ZONE) : lastValidDay(miss.date)
	};
	const key = `qualification.miss.${miss.code}` as MessageKey;
	const text = t(key, params);
	if (miss.via?.kind === 'agreement' && !miss.code.startsWith('agreement_')) return t('qualification.miss.viaAgreement', { ...params, text });
	if (miss.via?.kind === 'case' && !miss.code.startsWith('case_')) return t('qualification.miss.viaCase', { ...params, text });
	return text;
}

/** One sentence for the decision: the basis when allowed, else the first (most direct) miss. */
export function describeDecision(t: Translate, locale: Locale, d: Decision): string {
	if (d.allowed) return t('qualification.decision.yes', { reason: describeBasis(t, locale, d.basis, d.required) });
	return t('qualification.decision.no', { reason: describeMiss(t, locale, d.misses[0], d.required) });
}

/** Every miss as its own sentence (for a list under the main reason). */
export function describeMisses(t: Translate, locale: Locale, d: Decision): string[] {
	return d.allowed ? [] : d.misses.map((m) => describeMiss(t, locale, m, d.required));
}
