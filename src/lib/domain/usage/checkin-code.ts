// The short check-in code shown at an instrument: 6 characters without look-alikes (0/O, 1/I/L).

export const CHECKIN_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const CHECKIN_CODE_LENGTH = 6;

/** A new code from a source of random integers in [0, n) (crypto.randomInt on the server). */
export function newCheckinCode(randomInt: (n: number) => number): string {
	let code = '';
	for (let i = 0; i < CHECKIN_CODE_LENGTH; i++) code += CHECKIN_CODE_ALPHABET[randomInt(CHECKIN_CODE_ALPHABET.length)];
	return code;
}

/** What people type: case, spaces and dashes do not matter. */
export function normaliseCheckinCode(input: string): string {
	return input.toUpperCase().replace(/[\s-]/g, '');
}

/** Compares a typed code with the instrument's code. */
export function checkinCodeMatches(typed: string, code: string): boolean {
	return typed.trim() !== '' && normaliseCheckinCode(typed) === normaliseCheckinCode(code);
}
