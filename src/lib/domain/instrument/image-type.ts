// What kind of image a file really is, read from its first bytes (never from its name or the
// browser's claim). Only the three formats the portal shows are recognised.

export type ImageType = 'image/png' | 'image/jpeg' | 'image/webp';

export const IMAGE_EXTENSION: Record<ImageType, string> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/webp': 'webp' };

/** Largest photo accepted: 2 MB. */
export const MAX_PHOTO_BYTES = 2 * 1024 * 1024;

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function startsWith(bytes: Uint8Array, prefix: number[], at = 0): boolean {
	if (bytes.length < at + prefix.length) return false;
	return prefix.every((b, i) => bytes[at + i] === b);
}

const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

/** The image type by magic bytes: PNG signature, JPEG SOI + marker, RIFF…WEBP; null for anything else. */
export function sniffImageType(bytes: Uint8Array): ImageType | null {
	if (startsWith(bytes, PNG)) return 'image/png';
	if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
	if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return 'image/webp';
	return null;
}

/** The problem with an uploaded photo, or null when it may be stored. */
export function photoProblem(bytes: Uint8Array): 'photo_empty' | 'photo_too_large' | 'photo_type' | null {
	if (bytes.length === 0) return 'photo_empty';
	if (bytes.length > MAX_PHOTO_BYTES) return 'photo_too_large';
	return sniffImageType(bytes) ? null : 'photo_type';
}
