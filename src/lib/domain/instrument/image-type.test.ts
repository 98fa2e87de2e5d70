import { describe, expect, it } from 'vitest';
import { MAX_PHOTO_BYTES, photoProblem, sniffImageType } from './image-type';

const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const jpeg = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46]);
const webp = new TextEncoder().encode('RIFF\u0024\u0000\u0000\u0000WEBPVP8 ');

describe('sniffImageType', () => {
	it('recognises PNG, JPEG and WebP by their first bytes', () => {
		expect(sniffImageType(png)).toBe('image/png');
		expect(sniffImageType(jpeg)).toBe('image/jpeg');
		expect(sniffImageType(webp)).toBe('image/webp');
	});
	it('rejects a GIF, an SVG, a RIFF that is not WebP and a truncated PNG signature', () => {
		expect(sniffImageType(new TextEncoder().encode('GIF89a...'))).toBeNull();
		expect(sniffImageType(new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull();
		expect(sniffImageType(new TextEncoder().encode('RIFF\u0024\u0000\u0000\u0000WAVEfmt '))).toBeNull();
		expect(sniffImageType(png.slice(0, 7))).toBeNull();
	});
});

describe('photoProblem', () => {
	it('accepts a PNG of exactly 2 MB and refuses one byte more', () => {
		const exact = new Uint8Array(MAX_PHOTO_BYTES);
		exact.set(png);
		expect(photoProblem(exact)).toBeNull();
		const over = new Uint8Array(MAX_PHOTO_BYTES + 1);
		over.set(png);
		expect(photoProblem(over)).toBe('photo_too_large');
	});
	it('refuses an empty file and a file of another type', () => {
		expect(photoProblem(new Uint8Array())).toBe('photo_empty');
		expect(photoProblem(new TextEncoder().encode('%PDF-1.7'))).toBe('photo_type');
	});
});
