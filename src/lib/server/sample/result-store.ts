// Result files of sample testing: stored under data/results/ (RESULTS_DIR), never under static/,
// served only through the access-checked download route.
import fs from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

export function resultsDir(): string {
	return path.resolve(process.env.RESULTS_DIR ?? 'data/results');
}

/** File extensions accepted as results (reports, data, images, archives). */
export const RESULT_EXTENSIONS = ['pdf', 'zip', 'csv', 'txt', 'json', 'xlsx', 'xls', 'docx', 'doc', 'png', 'jpg', 'jpeg', 'tif', 'tiff'];

export function resultExtension(fileName: string): string | null {
	const ext = path.extname(fileName).slice(1).toLowerCase();
	return RESULT_EXTENSIONS.includes(ext) ? ext : null;
}

/** Writes the bytes under a random name; returns the name relative to the results directory. */
export async function saveResult(requestId: number, ext: string, bytes: Uint8Array): Promise<string> {
	const dir = resultsDir();
	await fs.mkdir(dir, { recursive: true });
	const name = `${requestId}-${randomBytes(12).toString('hex')}.${ext}`;
	await fs.writeFile(path.join(dir, name), bytes, { flag: 'wx' });
	return name;
}

export async function removeResult(relative: string): Promise<void> {
	await fs.rm(path.join(resultsDir(), path.basename(relative)), { force: true });
}

export async function readResult(relative: string): Promise<Buffer> {
	return fs.readFile(path.join(resultsDir(), path.basename(relative)));
}
