// The whole demo data set: the foundation's data, then each capability's demo additions, in order.
// A capability adds its seeding call here (after seedDemo), never inside seed.ts.
import { afterBulkLoad, type Db } from '../db/dialect';
import { seedDemo, type DemoAccount } from './seed';
import { seedVoucherDemo } from './voucher-demo'; // voucher
import { seedUsageDemo } from '../usage/usage.demo'; // usage
import { seedQualificationDemo } from './qualification-demo';
import { seedStatisticsHistory } from './statistics-demo'; // statistics
import { refreshRollups } from '../statistics/statistics.rollup'; // statistics roll-ups
import { seedInstrumentAdminDemo } from '../instrument-admin/instrument-admin.demo'; // instrument-admin

export async function seedEverything(db: Db, now = Date.now()): Promise<DemoAccount[]> {
	const accounts = await seedDemo(db, { now });
	await seedCapabilityDemos(db, now);
	await seedStatisticsHistory(db, now); // statistics: two years of past use with seasons and cross-area flows
	await afterBulkLoad(db);
	await refreshRollups(db, { rebuild: true }); // statistics: the evaluator's roll-ups over the history
	return accounts;
}

/** Each capability's demo additions on top of the foundation's data (the scale data set uses them too). */
export async function seedCapabilityDemos(db: Db, now: number): Promise<void> {
	await seedQualificationDemo(db, now); // qualification recognition: types, grants, agreements
	await seedInstrumentAdminDemo(db); // instrument-admin: listing freshness and acceptance dates
	await seedUsageDemo(db); // usage: usage records for completed demo bookings
	await seedVoucherDemo(db, now); // voucher: prices, Hebei and Beijing programmes, a grant for researcher.he
}
