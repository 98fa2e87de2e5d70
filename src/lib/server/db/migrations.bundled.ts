// The migrations folder, bundled into the server build so the built app migrates on start.
import type { Migration } from 'kysely';

const modules = import.meta.glob<Migration>('../../../../migrations/*.ts', { eager: true });

export const bundledMigrations: Record<string, Migration> = Object.fromEntries(
	Object.entries(modules).map(([file, module]) => [file.split('/').pop()!.replace(/\.ts$/, ''), module])
);
