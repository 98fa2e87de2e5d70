// On an empty database the portal creates the demo data set and prints the demo accounts.
import type { Db } from '../db/dialect';

export async function ensureDemoData(db: Db): Promise<void> {
	const existing = await db.kysely.selectFrom('areas').select('code').limit(1).execute();
	if (existing.length > 0) return;
	const { seedDemo } = await import('./seed');
	const started = Date.now();
	console.log('[demo] empty database: creating the demo data set…');
	const result = await seedDemo(db);
	console.log(`[demo] done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
	printAccounts(result);
}

function printAccounts(result: unknown): void {
	const accounts = (Array.isArray(result) ? result : (result as { accounts?: unknown[] })?.accounts) ?? [];
	console.log('\nDemo accounts (password for all: demo-pass-2026):');
	for (const a of accounts as { email: string; role?: string; roleZh?: string; roleEn?: string }[]) {
		console.log(`  ${a.email.padEnd(26)} ${a.roleZh ?? a.role ?? ''} ${a.roleEn ?? ''}`);
	}
	console.log('');
}
