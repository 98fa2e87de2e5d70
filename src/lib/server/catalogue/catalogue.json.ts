// The public JSON shapes of the catalogue API v1 (camelCase, names in both languages, money in fen,
// instants as ISO 8601 UTC). The OpenAPI document (api/openapi.ts) describes exactly these.
import { categoryByCode } from '../../domain/catalogue/categories';
import { parseOpeningHours } from '../../domain/booking/opening-hours';
import { translator, type MessageKey } from '../../i18n/locale';
import { kindLabel, type InstrumentDetail, type InstrumentSearchResult, type InstrumentSummary, type FacilityListItem } from './catalogue.service';

const zh = translator('zh-CN');
const en = translator('en');
const area = (code: string) => ({ code, zh: zh(`area.${code}` as MessageKey), en: en(`area.${code}` as MessageKey) });
const category = (code: string) => {
	const c = categoryByCode(code);
	return { code, zh: c?.zh ?? code, en: c?.en ?? code };
};
const iso = (ms: number) => new Date(ms).toISOString();

export function instrumentJson(i: InstrumentSummary) {
	return {
		id: i.id,
		name: { zh: i.name_zh, en: i.name_en },
		model: i.model,
		manufacturer: i.manufacturer,
		category: category(i.category_code),
		valueFen: i.value_fen,
		purchaseYear: i.purchase_year,
		status: i.status,
		modes: i.modeList,
		priceHourFen: i.price_hour_fen,
		area: area(i.area_code),
		city: { id: i.city_id, zh: i.city_name_zh, en: i.city_name_en },
		facility: { id: i.facility_id, zh: i.facility_name_zh, en: i.facility_name_en, kind: i.facility_kind },
		institution: { id: i.institution_id, zh: i.institution_name_zh, en: i.institution_name_en },
		url: `/instruments/${i.id}`
	};
}

// A search result served from the cache is the same object each time: its body is built once (a page
// of results with facets is ~17 KB of JSON, and stringifying it cost more than finding it).
const searchBodies = new WeakMap<InstrumentSearchResult, string>();

/** The body of GET /api/v1/instruments for a search result, as JSON text. */
export function instrumentSearchBody(result: InstrumentSearchResult): string {
	let body = searchBodies.get(result);
	if (body === undefined) {
		body = JSON.stringify({
			items: result.items.map(instrumentJson),
			total: result.total,
			page: result.page,
			pageSize: result.pageSize,
			pages: result.pages,
			facets: result.facets
		});
		searchBodies.set(result, body);
	}
	return body;
}

export function instrumentDetailJson(d: InstrumentDetail) {
	return {
		...instrumentJson(d),
		specifications: d.specifications,
		requiredQualification: d.required_qualification,
		photoUrl: d.photo_url,
		timeZone: d.timezone,
		openingHours: parseOpeningHours(d.opening_hours),
		bookingRules: {
			slotMinutes: d.slot_minutes,
			minMinutes: d.min_minutes,
			maxMinutes: d.max_minutes,
			noticeMinutes: d.notice_minutes,
			horizonDays: d.horizon_days,
			cancelDeadlineMinutes: d.cancel_deadline_minutes,
			approvalMode: d.approval_mode,
			crossAreaNeedsApproval: d.cross_area_needs_approval === 1
		},
		updatedAt: iso(d.updated_at)
	};
}

export function facilityJson(f: FacilityListItem) {
	return {
		id: f.id,
		name: { zh: f.name_zh, en: f.name_en },
		kind: f.kind,
		kindLabel: kindLabel(f.kind),
		area: area(f.area_code),
		city: { id: f.city_id, zh: f.city_name_zh, en: f.city_name_en },
		institution: { id: f.institution_id, zh: f.institution_name_zh, en: f.institution_name_en, areaCode: f.institution_area_code },
		crossArea: f.crossArea,
		accreditations: f.accreditations ? f.accreditations.split(',').map((a) => a.trim()).filter(Boolean) : [],
		instrumentCount: f.instrument_count,
		confirmedAt: iso(f.confirmed_at),
		url: `/facilities/${f.id}`
	};
}
