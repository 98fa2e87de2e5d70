// The shape of a demo instrument type and a compact constructor for the type tables.
import type { Domain } from './topics';

export interface InstrumentType {
	zh: string;
	en: string;
	/** top-level category code (domain/catalogue/categories) */
	cat: string;
	/** research domains that use it most; '*' for everyone */
	domains: (Domain | '*')[];
	/** typical original value, 万元 (10,000 yuan) */
	value: [number, number];
	/** typical hourly price for outside users, yuan */
	price: number;
	/** whether trained users may operate it themselves (自主上机) */
	self: boolean;
	spec: string;
	/** [model, manufacturer] */
	models: [string, string][];
	/** opening hours hint: '24h' for computing resources */
	hours?: '24h';
}

export function t(
	zh: string,
	en: string,
	cat: string,
	domains: string,
	value: [number, number],
	price: number,
	self: boolean,
	spec: string,
	models: [string, string][],
	hours?: '24h'
): InstrumentType {
	return { zh, en, cat, domains: domains.split(' ') as (Domain | '*')[], value, price, self, spec, models, hours };
}

