// npm run db:migrate — applies pending migrations from migrations/ to DATABASE_URL (default data/portal.db).
import { createDb } from '../src/lib/server/db/dialect';
import { diskMigrations, migrateToLatest, RecordMigrationProvider } from '../src/lib/server/db/migrate';

const db = createDb(process.env.DATABASE_URL);
try {
	const applied = await migrateToLatest(db, new RecordMigrationProvider(await diskMigrations()));
	console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
	console.log(`database: ${db.dialect} ${db.location}`);
} finally {
	await db.close();
}
