// The one rounding rule for money in the portal (prices, charges, voucher shares):
// amounts are integer fen; a fraction of a fen is rounded half up (0.5 fen → 1 fen), computed
// in integers so no floating point ever touches money.

/** numerator / denominator rounded half up to an integer, for non-negative integers (denominator > 0). */
export function divideHalfUp(numerator: number, denominator: number): number {
	if (numerator <= 0) return 0;
	return Math.floor((2 * numerator + denominator) / (2 * denominator));
}

/** A ratio in basis points (1 bp = 0.01 %, 10 000 = 100 %) of an amount in fen, rounded half up. */
export function ratioOfFen(ratioBp: number, fen: number): number {
	return divideHalfUp(ratioBp * fen, 10_000);
}
