// Runs the Kysely migrations in the top-level migrations/ folder. The app bundles them with
// import.meta.glob (see migrations.bundled.ts); scripts load them from disk.
import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { Db } from './dialect';

export class RecordMigrationProvider implements MigrationProvider {
	constructor(private readonly migrations: Record<string, Migration>) {}
	async getMigrations(): Promise<Record<string, Migration>> {
		return this.migrations;
	}
}

/** Applies every pending migration; throws with the failing migration's name on error. */
export async function migrateToLatest(db: Db, provider: MigrationProvider): Promise<string[]> {
	const migrator = new Migrator({ db: db.kysely, provider });
	const { error, results } = await migrator.migrateToLatest();
	const failed = results?.find((r) => r.status === 'Error');
	if (error || failed) {
		throw new Error(`migration ${failed?.migrationName ?? ''} failed: ${String(error)}`);
	}
	return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Loads migrations/*.ts (or .js) from disk by dynamic import: for scripts and tests. */
export async function diskMigrations(): Promise<Record<string, Migration>> {
	const fs = await import('node:fs');
	const path = await import('node:path');
	const url = await import('node:url');
	const dir = path.resolve(process.cwd(), 'migrations');
	const out: Record<string, Migration> = {};
	for (const file of fs.readdirSync(dir).sort()) {
		if (!/\.(ts|js)$/.test(file) || file.endsWith('.d.ts')) continue;
		out[file.replace(/\.(ts|js)$/, '')] = await import(url.pathToFileURL(path.join(dir, file)).href);
	}
	return out;
}
