// Where the benchmark's data set lives (SQLite file or PostgreSQL database), seeded on first use.
import { execSync } from 'node:child_process';
import fs from 'node:fs';
import pg from 'pg';
import { createDb, parseDatabaseUrl } from '../../src/lib/server/db/dialect';
import { seedScale, type ScaleName } from '../../src/lib/server/demo/scale';
import { prepare, type BenchInputs } from './prepare';

/**
 * The benchmark's database: DATABASE_URL=postgres://… (created and seeded at the scale when missing),
 * else a fresh copy of data/bench-<scale>.db (seeded when missing), so bookings made by earlier runs
 * never pile up.
 */
export async function benchDatabase(scale: ScaleName, reseed: boolean, copyName = `run-${scale}`): Promise<{ url: string; dialect: 'sqlite' | 'postgres' }> {
	const given = process.env.DATABASE_URL;
	if (given && parseDatabaseUrl(given).dialect === 'postgres') {
		const url = new URL(given);
		const name = url.pathname.slice(1) || 'jjj_bench';
		url.pathname = '/postgres';
		const admin = new pg.Client({ connectionString: url.toString() });
		await admin.connect();
		const exists = await admin.query('select 1 from pg_database where datname = $1', [name]);
		if (exists.rowCount === 0) await admin.query(`create database ${name}`);
		await admin.end();
		url.pathname = `/${name}`;
		const target = url.toString();
		const marker = `bench-results/.seeded-pg-${name}-${scale}`;
		if (reseed || !fs.existsSync(marker)) {
			await seedScale(target, scale);
			fs.writeFileSync(marker, new Date().toISOString());
		}
		return { url: target, dialect: 'postgres' };
	}
	const source = `data/bench-${scale}.db`;
	if (reseed || !fs.existsSync(source)) await seedScale(source, scale);
	// Each run works on a fresh copy, so bookings made by earlier runs never pile up.
	const copy = `bench-results/${copyName}.db`;
	for (const s of ['', '-wal', '-shm']) fs.rmSync(copy + s, { force: true });
	fs.copyFileSync(source, copy);
	return { url: copy, dialect: 'sqlite' };
}

/** Builds the portal (unless build is false) and copies build/ to dir: other engineers may rebuild build/ while a benchmark runs. */
export function privateBuild(dir: string, build: boolean): string {
	if (build) execSync('npm run build', { stdio: ['ignore', 'ignore', 'inherit'] });
	fs.rmSync(dir, { recursive: true, force: true });
	fs.cpSync('build', dir, { recursive: true });
	return dir;
}

/** The scenarios' random inputs and credentials (tokens for `bookers` people), read from and written to the database. */
export async function benchInputs(url: string, bookers: number): Promise<BenchInputs> {
	const db = createDb(url);
	try {
		return await prepare(db, bookers);
	} finally {
		await db.close();
	}
}
