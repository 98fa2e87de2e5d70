// The voucher demo data: the Hebei 通用通兑 programme, the Beijing list programme, researcher.he's grant, prices.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, type TestDb } from './test-db';
import { seedDemo, findShowcaseInstrument } from '../../src/lib/server/demo/seed';
import { seedVoucherDemo, HEBEI_PROGRAMME_ZH, BEIJING_PROGRAMME_ZH, HEBEI_GENERAL_PROGRAMME_ZH } from '../../src/lib/server/demo/voucher-demo';
import { loadRoles } from '../../src/lib/server/auth/roles';
import { instrumentPrices } from '../../src/lib/server/pricing/price.service';

describe('voucher demo data', () => {
	let db: TestDb;
	beforeAll(async () => {
		db = await openTestDb('sqlite');
		await seedDemo(db, { instruments: 400 });
		await seedVoucherDemo(db);
	}, 120_000);
	afterAll(async () => {
		await db.cleanup();
	});

	it('has a Hebei 通兑 programme open to every provider and a Beijing shared-resource list', async () => {
		const rows = await db.kysely.selectFrom('voucher_programmes').selectAll().execute();
		expect(rows.find((p) => p.name_zh === HEBEI_PROGRAMME_ZH)).toMatchObject({ issuer_area: 'HE', model: 'exchange', scope: 'all' });
		expect(rows.find((p) => p.name_zh === HEBEI_GENERAL_PROGRAMME_ZH)).toMatchObject({ issuer_area: 'HE', model: 'general', scope: 'all', ratio_bp: 4_000 });
		const bj = rows.find((p) => p.name_zh === BEIJING_PROGRAMME_ZH)!;
		expect(bj).toMatchObject({ issuer_area: 'BJ', scope: 'list' });
		const list = await db.kysely.selectFrom('voucher_programme_providers').selectAll().where('programme_id', '=', bj.id).execute();
		expect(list.length).toBeGreaterThan(3);
	});

	it('gives researcher.he’s enterprise an approved grant and Hebei an issuing authority', async () => {
		const he = await db.kysely.selectFrom('users').select(['institution_id']).where('email', '=', 'researcher.he@demo.jjj').executeTakeFirstOrThrow();
		const grants = await db.kysely
			.selectFrom('voucher_grants as g')
			.innerJoin('voucher_programmes as p', 'p.id', 'g.programme_id')
			.select(['p.name_zh', 'g.status', 'g.amount_fen'])
			.where('g.institution_id', '=', he.institution_id)
			.orderBy('g.id')
			.execute();
		// one grant under each Hebei model: 通兑 (the provider redeems) and 通用 (the enterprise claims back)
		expect(grants.map((g) => [g.name_zh, g.status, g.amount_fen])).toEqual([
			[HEBEI_PROGRAMME_ZH, 'approved', 2_000_000],
			[HEBEI_GENERAL_PROGRAMME_ZH, 'approved', 1_000_000]
		]);
		const ev = await db.kysely.selectFrom('users').select('id').where('email', '=', 'evaluator.he@demo.jjj').executeTakeFirstOrThrow();
		expect((await loadRoles(db, ev.id)).evaluatorAreas).toEqual(['HE']);
	});

	it('publishes the showcase instrument’s prices in step with its displayed hourly rate', async () => {
		const showcase = (await findShowcaseInstrument(db))!;
		const prices = (await instrumentPrices(db, showcase.instrumentId))!;
		expect(prices.map((p) => [p.mode, p.outsideFen])).toEqual([['self', 30_000], ['assisted', 45_000], ['sample', 20_000]]);
		const i = await db.kysely.selectFrom('instruments').select('price_hour_fen').where('id', '=', showcase.instrumentId).executeTakeFirstOrThrow();
		expect(i.price_hour_fen).toBe(30_000);
	});
});
