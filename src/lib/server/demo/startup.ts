// On an empty database the portal creates the demo data set; on every start it prints the demo accounts.
import type { Db } from '../db/dialect';

import { DEMO_PASSWORD } from './seed';

export async function ensureDemoData(db: Db): Promise<void> {
	const existing = await db.kysely.selectFrom('areas').select('code').limit(1).execute();
	if (existing.length === 0) {
		const { seedEverything } = await import('./demo-all');
		const started = Date.now();
		console.log('[demo] empty database: creating the demo data set…');
		await seedEverything(db);
		console.log(`[demo] done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
	}
	await printDemoAccounts(db);
}

async function printDemoAccounts(db: Db): Promise<void> {
	const rows = await db.kysely
		.selectFrom('users')
		.innerJoin('institutions', 'institutions.id', 'users.institution_id')
		.leftJoin('role_assignments', 'role_assignments.user_id', 'users.id')
		.select(['users.email', 'institutions.name_zh', 'institutions.area_code', 'role_assignments.role', 'role_assignments.area_code as scope'])
		.where('users.email', 'like', '%@demo.jjj')
		.orderBy('users.id')
		.execute();
	if (rows.length === 0) return;
	const seen = new Map<string, string>();
	for (const r of rows) {
		const role = r.role === 'evaluator' ? `evaluator (${r.scope ?? 'BJ+TJ+HE'})` : (r.role ?? 'researcher');
		if (!seen.has(r.email)) seen.set(r.email, `${role.padEnd(24)} ${r.name_zh} [${r.area_code}]`);
	}
	console.log(`\nDemo accounts (password for all: ${DEMO_PASSWORD}):`);
	for (const [email, text] of seen) console.log(`  ${email.padEnd(24)} ${text}`);
	console.log('');
}
