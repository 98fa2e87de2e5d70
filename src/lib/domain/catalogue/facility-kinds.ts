// Kinds of facility (平台/载体) and the service modes instruments offer.

export const FACILITY_KINDS = [
	'national_key_lab',
	'provincial_key_lab',
	'national_engineering_centre',
	'provincial_engineering_centre',
	'testing_centre',
	'incubator',
	'maker_space'
] as const;
export type FacilityKindCode = (typeof FACILITY_KINDS)[number];

export const SERVICE_MODES = ['self', 'assisted', 'sample'] as const;
export type ServiceModeCode = (typeof SERVICE_MODES)[number];

export const AREA_CODES = ['BJ', 'TJ', 'HE'] as const;
export type AreaCodeValue = (typeof AREA_CODES)[number];

export function parseModes(modes: string): ServiceModeCode[] {
	return modes
		.split(',')
		.map((m) => m.trim())
		.filter((m): m is ServiceModeCode => (SERVICE_MODES as readonly string[]).includes(m));
}
