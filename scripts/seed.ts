// npm run db:seed — migrates the database in DATABASE_URL (default data/portal.db), deletes all
// rows and fills it with the deterministic demo data set, then prints the demo accounts.
import { createDb } from '../src/lib/server/db/dialect';
import { diskMigrations, migrateToLatest, RecordMigrationProvider } from '../src/lib/server/db/migrate';
import { clearAll, findShowcaseInstrument } from '../src/lib/server/demo/seed';
import { seedEverything } from '../src/lib/server/demo/demo-all';

async function main(): Promise<void> {
	// --- scale (issue 7): `--scale quick|large` builds the benchmark data set instead of the demo
	const scaleAt = process.argv.indexOf('--scale');
	if (scaleAt >= 0) {
		const { seedScale } = await import('../src/lib/server/demo/scale');
		const name = process.argv[scaleAt + 1];
		if (name !== 'quick' && name !== 'large') throw new Error('--scale takes quick or large');
		await seedScale(process.env.DATABASE_URL, name);
		return;
	}
	// --- end scale
	const db = createDb(process.env.DATABASE_URL);
	try {
		const started = Date.now();
		const applied = await migrateToLatest(db, new RecordMigrationProvider(await diskMigrations()));
		if (applied.length) console.log(`migrations applied: ${applied.join(', ')}`);
		await clearAll(db);
		const accounts = await seedEverything(db);
		const k = db.kysely;
		const count = async (table: 'institutions' | 'facilities' | 'instruments' | 'users' | 'bookings') =>
			Number((await k.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
		console.log(
			`demo data seeded into ${db.location} in ${((Date.now() - started) / 1000).toFixed(1)} s: ` +
				`${await count('institutions')} institutions, ${await count('facilities')} facilities, ` +
				`${await count('instruments')} instruments, ${await count('users')} users, ${await count('bookings')} bookings`
		);
		const showcase = await findShowcaseInstrument(db);
		if (showcase) console.log(`showcase instrument: /instruments/${showcase.instrumentId} (managed by ${showcase.managerEmail})`);
		console.log('\ndemo accounts (演示账号):');
		console.table(accounts.map((a) => ({ email: a.email, password: a.password, role: a.role, 说明: a.descriptionZh, description: a.descriptionEn })));
	} finally {
		await db.close();
	}
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
