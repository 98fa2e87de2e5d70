// Starts the built portal for the end-to-end tests on a fresh database: deletes the SQLite file, or
// drops and re-creates the PostgreSQL database named in DATABASE_URL, then starts as `npm run serve` does.
import fs from 'node:fs';
import pg from 'pg';

const url = process.env.DATABASE_URL ?? '';
if (process.env.E2E_RESET_DATABASE === '1') {
	if (/^postgres(ql)?:\/\//.test(url)) {
		const target = new URL(url);
		const name = target.pathname.slice(1);
		if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`unexpected database name ${name}`);
		const admin = new URL(url);
		admin.pathname = '/postgres';
		const client = new pg.Client({ connectionString: admin.toString() });
		await client.connect();
		await client.query(`drop database if exists ${name} with (force)`);
		await client.query(`create database ${name}`);
		await client.end();
	} else if (url) {
		for (const suffix of ['', '-wal', '-shm']) fs.rmSync(url + suffix, { force: true });
	}
}
await import('./start.js');
