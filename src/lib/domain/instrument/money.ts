// Money typed by people: yuan with at most two decimals becomes integer fen, without floating point.

/** Largest value accepted: 10 billion yuan (no research instrument costs more; keeps fen a safe integer). */
export const MAX_YUAN = 10_000_000_000;

/**
 * Parses "1234567.8", "1,234,567.89", "¥ 800000", "80万" (万 = 10,000 yuan) into fen; null when it is
 * not a non-negative amount with at most two decimals (of yuan; of 万 at most six) or exceeds MAX_YUAN.
 */
export function parseYuanToFen(text: string | number | null | undefined): number | null {
	if (text === null || text === undefined) return null;
	let s = String(text).trim().replace(/^[¥￥]\s*/, '').replace(/元$/, '').trim();
	let scale = 0; // extra powers of ten: 万 shifts four places
	if (s.endsWith('万')) {
		scale = 4;
		s = s.slice(0, -1).trim();
	}
	// thousands separators only in well-formed groups
	if (s.includes(',')) {
		if (!/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(s)) return null;
		s = s.replace(/,/g, '');
	}
	const m = /^(\d+)(?:\.(\d+))?$/.exec(s);
	if (!m) return null;
	const whole = m[1];
	const decimals = m[2] ?? '';
	if (decimals.length > 2 + scale) return null;
	// fen = digits shifted left by (2 + scale) places
	const digits = (whole + decimals.padEnd(2 + scale, '0')).replace(/^0+(?=\d)/, '');
	if (digits.length > 16) return null;
	const fen = Number(digits);
	if (!Number.isSafeInteger(fen) || fen > MAX_YUAN * 100) return null;
	return fen;
}

/** Fen as a plain yuan string for forms and exports: 12345 → "123.45", 100 → "1". */
export function fenToYuanText(fen: number): string {
	const sign = fen < 0 ? '-' : '';
	const abs = Math.abs(fen);
	const yuan = Math.floor(abs / 100);
	const rest = abs % 100;
	return sign + String(yuan) + (rest === 0 ? '' : '.' + String(rest).padStart(2, '0').replace(/0$/, ''));
}
