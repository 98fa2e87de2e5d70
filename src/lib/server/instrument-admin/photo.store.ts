// Instrument photos on disk under UPLOAD_DIR/instruments/, served by /uploads/instruments/[id]/[file]
// (which checks who may see them). File names are random: a replaced photo's old URL stops working.
import fs from 'node:fs/promises';
import path from 'node:path';
import crypto from 'node:crypto';
import { IMAGE_EXTENSION, photoProblem, sniffImageType, type ImageType } from '../../domain/instrument/image-type';
import { uploadDir } from './config';

const FILE_NAME = /^[0-9a-f]{24}\.(png|jpg|webp)$/;
const TYPE_OF_EXTENSION: Record<string, ImageType> = { png: 'image/png', jpg: 'image/jpeg', webp: 'image/webp' };

const dir = () => path.join(uploadDir(), 'instruments');

export function photoUrl(instrumentId: number, file: string): string {
	return `/uploads/instruments/${instrumentId}/${file}`;
}

/** The file name of a photo URL of this instrument, or null when the URL is not one of ours. */
export function photoFileOf(instrumentId: number, url: string | null): string | null {
	const prefix = `/uploads/instruments/${instrumentId}/`;
	if (!url || !url.startsWith(prefix)) return null;
	const file = url.slice(prefix.length);
	return FILE_NAME.test(file) ? file : null;
}

/** Validates and stores the bytes; returns the problem code or the new file's URL. */
export async function storePhoto(instrumentId: number, bytes: Uint8Array): Promise<{ problem: string } | { url: string }> {
	const problem = photoProblem(bytes);
	if (problem) return { problem };
	const type = sniffImageType(bytes)!;
	const file = `${crypto.randomBytes(12).toString('hex')}.${IMAGE_EXTENSION[type]}`;
	const target = path.join(dir(), String(instrumentId), file);
	await fs.mkdir(path.dirname(target), { recursive: true });
	await fs.writeFile(target + '.tmp', bytes);
	await fs.rename(target + '.tmp', target);
	return { url: photoUrl(instrumentId, file) };
}

/** Reads a stored photo (null when the name is not ours or the file is gone). */
export async function readPhoto(instrumentId: number, file: string): Promise<{ bytes: Buffer; type: ImageType } | null> {
	if (!FILE_NAME.test(file)) return null;
	try {
		const bytes = await fs.readFile(path.join(dir(), String(instrumentId), file));
		return { bytes, type: TYPE_OF_EXTENSION[file.split('.').pop()!] };
	} catch {
		return null;
	}
}

export async function deletePhoto(instrumentId: number, url: string | null): Promise<void> {
	const file = photoFileOf(instrumentId, url);
	if (file) await fs.rm(path.join(dir(), String(instrumentId), file), { force: true });
}
