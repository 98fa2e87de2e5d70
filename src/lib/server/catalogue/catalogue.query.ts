// Query-string shapes of the catalogue (pages and JSON API): strict for the API (422 on bad input),
// lenient for pages (a bad value falls back to its default, so a hand-edited URL still shows a page).
import { z } from 'zod';
import { AREA_CODES, FACILITY_KINDS, SERVICE_MODES } from '../../domain/catalogue/facility-kinds';
import { CATEGORY_CODES } from '../../domain/catalogue/categories';

export const INSTRUMENT_SORTS = ['relevance', 'name', 'value', 'newest'] as const;
export type InstrumentSort = (typeof INSTRUMENT_SORTS)[number];
export const INSTRUMENT_STATUSES = ['in_service', 'maintenance', 'retired'] as const;

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** An empty form field ("area=") means "not given". */
const blank = (v: unknown) => (v === '' || v === null ? undefined : v);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blank, schema.optional());
const page = z.preprocess(blank, z.coerce.number().int().min(1).max(100_000).default(1));
const pageSize = z.preprocess(blank, z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE));

export const instrumentQuerySchema = z.object({
	q: z.preprocess(blank, z.string().trim().max(100).default('')),
	area: optional(z.enum(AREA_CODES)),
	city: optional(z.coerce.number().int().positive().max(2_147_483_647)),
	kind: optional(z.enum(FACILITY_KINDS)),
	category: optional(z.enum(CATEGORY_CODES as [string, ...string[]])),
	mode: optional(z.enum(SERVICE_MODES)),
	/** a status to show; by default every status but retired */
	status: optional(z.enum(INSTRUMENT_STATUSES)),
	sort: z.preprocess(blank, z.enum(INSTRUMENT_SORTS).default('relevance')),
	/** 1: only instruments the signed-in person may operate themselves (ignored for visitors) */
	operable: z.preprocess(blank, z.enum(['1']).optional()),
	page,
	pageSize
});
export type InstrumentQuery = z.infer<typeof instrumentQuerySchema>;

export const facilityQuerySchema = z.object({
	area: optional(z.enum(AREA_CODES)),
	kind: optional(z.enum(FACILITY_KINDS)),
	page,
	pageSize
});
export type FacilityQuery = z.infer<typeof facilityQuerySchema>;

export const pageQuerySchema = z.object({ page, pageSize });
export type PageQuery = z.infer<typeof pageQuerySchema>;

type ObjectSchema = z.ZodObject<Record<string, z.ZodType>>;

function rawParams(params: URLSearchParams, keys: string[]): Record<string, string | undefined> {
	return Object.fromEntries(keys.map((k) => [k, params.get(k) ?? undefined]));
}

/** Strict parse (JSON API): the zod result, whose issues become a 422. */
export function parseStrict<S extends ObjectSchema>(schema: S, params: URLSearchParams) {
	return schema.safeParse(rawParams(params, Object.keys(schema.shape)));
}

/** Lenient parse (pages): each invalid field is replaced by its default. */
export function parseLenient<S extends ObjectSchema>(schema: S, params: URLSearchParams): z.infer<S> {
	const raw = rawParams(params, Object.keys(schema.shape));
	const out: Record<string, unknown> = {};
	for (const [key, field] of Object.entries(schema.shape)) {
		const r = field.safeParse(raw[key]);
		out[key] = r.success ? r.data : field.parse(undefined);
	}
	return out as z.infer<S>;
}

/** Escapes LIKE wildcards so user text matches literally (used with ESCAPE '\'). */
export function escapeLike(text: string): string {
	return text.replace(/[\\%_]/g, (c) => '\\' + c);
}
