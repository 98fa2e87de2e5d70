// Booking quote from an hourly price. Rounding rule (stated once): fen are rounded half up.

/** The fee in integer fen for minutes of use at priceHourFen per hour, rounded half up to the fen. */
export function quoteFen(priceHourFen: number, minutes: number): number {
	if (priceHourFen <= 0 || minutes <= 0) return 0;
	return Math.floor((priceHourFen * minutes) / 60 + 0.5);
}
