// Tables of catalogue read speed (migrations/2026-11-27-0011-catalogue-search.ts). Joined into Database in ../schema.ts.
// The full-text index itself (SQLite instrument_fts, PostgreSQL instruments_search_trgm) is reached
// with raw SQL in catalogue.repository.ts only.

/** One row (id 1): goes up whenever a catalogue table changes (triggers); per-process caches compare it. */
export interface CatalogueVersionTable {
	id: number;
	version: number;
}

export interface CatalogueTables {
	catalogue_version: CatalogueVersionTable;
}
