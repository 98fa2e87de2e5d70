// Chinese public holidays (法定节假日放假) and make-up working days (调休上班) from the State Council's
// yearly notices: 2025 (国办发明电〔2024〕12号) and 2026 (国办发明电〔2025〕7号). 2027 is not yet
// published: for it, and any later year, working days are plain Monday–Friday.

export interface HolidayCalendar {
	/** days off that fall on a weekday */
	holidays: ReadonlySet<string>;
	/** weekend days that are working days */
	workdays: ReadonlySet<string>;
	/** years the lists cover; outside them only weekends count as days off */
	years: ReadonlySet<number>;
}

function days(ranges: [string, string][]): string[] {
	const out: string[] = [];
	for (const [from, to] of ranges) {
		for (let d = Date.parse(from + 'T00:00:00Z'); d <= Date.parse(to + 'T00:00:00Z'); d += 86_400_000) {
			out.push(new Date(d).toISOString().slice(0, 10));
		}
	}
	return out;
}

export const CHINA_HOLIDAYS: HolidayCalendar = {
	holidays: new Set(
		days([
			// 2025
			['2025-01-01', '2025-01-01'],
			['2025-01-28', '2025-02-04'],
			['2025-04-04', '2025-04-06'],
			['2025-05-01', '2025-05-05'],
			['2025-05-31', '2025-06-02'],
			['2025-10-01', '2025-10-08'],
			// 2026
			['2026-01-01', '2026-01-03'],
			['2026-02-15', '2026-02-23'],
			['2026-04-04', '2026-04-06'],
			['2026-05-01', '2026-05-05'],
			['2026-06-19', '2026-06-21'],
			['2026-09-25', '2026-09-27'],
			['2026-10-01', '2026-10-07']
		])
	),
	workdays: new Set([
		'2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11',
		'2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'
	]),
	years: new Set([2025, 2026])
};

/** Monday–Friday only, no public holidays. */
export const WEEKDAYS_ONLY: HolidayCalendar = { holidays: new Set(), workdays: new Set(), years: new Set() };
