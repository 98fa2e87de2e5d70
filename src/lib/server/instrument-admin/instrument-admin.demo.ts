// Demo additions of instrument administration: each demo instrument counts as confirmed when its
// facility last was (so about one facility in five shows stale listings), and instruments bought in
// the last two years get an acceptance date — every tenth one registered late (>30 working days).
import type { Db } from '../db/dialect';
import { localDate } from '../../domain/time/zone';

const DAY = 86_400_000;

export async function seedInstrumentAdminDemo(db: Db): Promise<void> {
	await db.kysely
		.updateTable('instruments')
		.set((eb) => ({ confirmed_at: eb.selectFrom('facilities').select('facilities.confirmed_at').whereRef('facilities.id', '=', 'instruments.facility_id') }))
		.where('confirmed_at', 'is', null)
		.execute();
	const thisYear = Number(localDate(Date.now(), 'Asia/Shanghai').slice(0, 4));
	const recent = await db.kysely
		.selectFrom('instruments')
		.select(['id', 'created_at', 'purchase_year'])
		.where('purchase_year', '>=', thisYear - 1)
		.where('acceptance_date', 'is', null)
		.orderBy('id')
		.execute();
	await db.kysely.transaction().execute(async (trx) => {
		for (const r of recent) {
			const daysBefore = r.id % 10 === 0 ? 75 : 12;
			let day = localDate(r.created_at - daysBefore * DAY, 'Asia/Shanghai');
			if (Number(day.slice(0, 4)) < r.purchase_year) day = `${r.purchase_year}-01-02`;
			await trx.updateTable('instruments').set({ acceptance_date: day }).where('id', '=', r.id).execute();
		}
	});
}
