// The whole demo data set: the foundation's data, then each capability's demo additions, in order.
// A capability adds its seeding call here (after seedDemo), never inside seed.ts.
import { afterBulkLoad, type Db } from '../db/dialect';
import { seedDemo, type DemoAccount } from './seed';
import { seedQualificationDemo } from './qualification-demo';
import { seedInstrumentAdminDemo } from '../instrument-admin/instrument-admin.demo'; // instrument-admin

export async function seedEverything(db: Db, now = Date.now()): Promise<DemoAccount[]> {
	const accounts = await seedDemo(db, { now });
	// capability demo data goes here
	await seedQualificationDemo(db, now); // qualification recognition: types, grants, agreements
	await seedInstrumentAdminDemo(db); // instrument-admin: listing freshness and acceptance dates
	await afterBulkLoad(db);
	return accounts;
}
