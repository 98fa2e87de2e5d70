import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS, openTestDb, type TestDb } from './test-db';
import { buildQualificationWorld } from './qualification-world';
import { newInstrument } from './fixtures';
import { searchInstruments } from '../../src/lib/server/catalogue/instrument-search';
import { instrumentQuerySchema } from '../../src/lib/server/catalogue/catalogue.query';
import { grantQualification } from '../../src/lib/server/qualification/qualification.service';

describe.each(DIALECTS)('catalogue filter "instruments I may operate myself" on %s', (dialect) => {
	let db: TestDb;
	let w: Awaited<ReturnType<typeof buildQualificationWorld>>;
	let assistedOnly: number;
	let free: number;
	beforeEach(async () => {
		db = await openTestDb(dialect);
		w = await buildQualificationWorld(db);
		assistedOnly = (await newInstrument(db, { facilityId: w.facilityId, nameZh: '代操作透射电镜', modes: 'assisted,sample' })).id;
		free = (await newInstrument(db, { facilityId: w.facilityId, nameZh: '无需资质的光学显微镜', modes: 'self,assisted' })).id;
	});
	afterEach(async () => db.cleanup());
	const operableIds = async (userId: number | null) => {
		const query = instrumentQuerySchema.parse({ operable: '1', pageSize: '100' });
		return (await searchInstruments(db, query, 'zh-CN', userId)).items.map((i) => i.id).sort();
	};

	it('lists only self-operated instruments without a requirement for someone with no qualification', async () => {
		expect(await operableIds(w.researcherBj.id)).toEqual([free]);
	});

	it('adds the SEM once the person holds the required type', async () => {
		await grantQualification(
			db,
			await w.actor(w.managerBj),
			{ typeId: w.semBj, email: w.researcherBj.email, trainingDate: Date.now() - 86_400_000, trainer: '王老师', evidenceNote: '', validFrom: Date.now() - 86_400_000, expiresAt: Date.now() + 365 * 86_400_000 },
			Date.now()
		);
		expect(await operableIds(w.researcherBj.id)).toEqual([w.instrumentId, free].sort());
		expect(await operableIds(w.researcherTj.id)).toEqual([free]);
		expect(assistedOnly).toBeGreaterThan(0);
	});

	it('ignores the filter for a visitor', async () => {
		expect((await operableIds(null)).length).toBe(3);
	});
});
