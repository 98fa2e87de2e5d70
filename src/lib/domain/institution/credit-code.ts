// 统一社会信用代码 (GB 32100-2015): 18 characters from a 31-character alphabet, the last a check character.

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The check character for the first 17 characters of a code; null when they use a forbidden character. */
export function creditCodeCheckChar(first17: string): string | null {
	if (first17.length !== 17) return null;
	let sum = 0;
	for (let i = 0; i < 17; i++) {
		const v = ALPHABET.indexOf(first17[i]);
		if (v < 0) return null;
		sum += v * WEIGHTS[i];
	}
	const check = (31 - (sum % 31)) % 31;
	return ALPHABET[check];
}

/** True for a well-formed code whose check character matches (upper case, no spaces). */
export function isValidCreditCode(code: string): boolean {
	if (!/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(code)) return false;
	return creditCodeCheckChar(code.slice(0, 17)) === code[17];
}

/** Completes a 17-character body with its check character (used by the demo data builder). */
export function withCheckChar(first17: string): string {
	const c = creditCodeCheckChar(first17);
	if (!c) throw new Error(`not a credit code body: ${first17}`);
	return first17 + c;
}
