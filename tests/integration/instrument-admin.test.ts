// Instrument administration on a real database: managers act only on their own facilities, every
// change is indexed for search and audited, listings go stale and are re-confirmed in one step.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, openTestDb, type TestDb } from './test-db';
import { newInstrument, newUser } from './fixtures';
import { auditCount, input, instrumentAdminWorld } from './instrument-admin-world';
import {
	applyCommand,
	confirmFacilityListings,
	createInstrument,
	getManagedInstrument,
	listManaged,
	setInstrumentPhoto,
	updateInstrument
} from '../../src/lib/server/instrument-admin/instrument-admin.service';
import { instrumentHistory, listAudit } from '../../src/lib/server/audit/audit.service';
import { searchInstruments } from '../../src/lib/server/catalogue/instrument-search';
import { instrumentQuerySchema } from '../../src/lib/server/catalogue/catalogue.query';
import { ServiceError } from '../../src/lib/server/booking/booking.errors';

const DAY = 86_400_000;

for (const kind of DIALECTS) {
	describe(`instrument administration (${kind})`, () => {
		let db: TestDb;
		let w: Awaited<ReturnType<typeof instrumentAdminWorld>>;
		const search = async (q: string) => (await searchInstruments(db, instrumentQuerySchema.parse({ q, pageSize: 50 }))).items.map((i) => i.id);
		const rejects = async (p: Promise<unknown>, kindOf: 'forbidden' | 'not_found') => {
			const e = await p.then(() => null, (err) => err);
			expect(e).toBeInstanceOf(ServiceError);
			expect((e as ServiceError).kind).toBe(kindOf);
		};

		beforeAll(async () => {
			db = await openTestDb(kind);
			w = await instrumentAdminWorld(db);
		});
		afterAll(async () => db?.cleanup());

		it('creates an instrument that the catalogue finds, with the facility columns and an audit row', async () => {
			const id = await createInstrument(db, w.a, w.facA.id, input({ nameZh: '超分辨荧光显微镜', model: 'N-SIM S' }));
			const row = await getManagedInstrument(db, w.a, id);
			expect(row).toMatchObject({ facility_id: w.facA.id, area_code: w.facA.area_code, city_id: w.facA.city_id, facility_kind: w.facA.kind, institution_id: w.facA.institution_id, value_fen: 180_000_000, acceptance_date: '2025-06-02', accreditations: 'CMA', modes: 'self,assisted' });
			expect(row.confirmed_at).toBe(row.created_at);
			expect(await search('超分辨荧光')).toContain(id);
			const audit = await db.kysely.selectFrom('audit_log').selectAll().where('entity', '=', 'instrument').where('entity_id', '=', id).execute();
			expect(audit).toHaveLength(1);
			expect(audit[0]).toMatchObject({ action: 'create', actor_user_id: w.a.userId, before_json: null });
			expect(JSON.parse(audit[0].after_json!)).toMatchObject({ name_zh: '超分辨荧光显微镜' });
		});

		it('re-indexes an edit and records before and after', async () => {
			const id = await createInstrument(db, w.a, w.facA.id, input({ nameZh: '旧名称拉曼光谱仪', model: 'R-1' }));
			await updateInstrument(db, w.a, id, input({ nameZh: '共聚焦拉曼光谱仪', model: 'R-1' }));
			expect(await search('共聚焦拉曼')).toContain(id);
			expect(await search('旧名称')).not.toContain(id);
			const rows = await db.kysely.selectFrom('audit_log').selectAll().where('entity_id', '=', id).where('action', '=', 'update').execute();
			expect(JSON.parse(rows[0].before_json!).name_zh).toBe('旧名称拉曼光谱仪');
			expect(JSON.parse(rows[0].after_json!).name_zh).toBe('共聚焦拉曼光谱仪');
		});

		it('unpublishing hides an instrument from the catalogue, publishing shows it again', async () => {
			const id = await createInstrument(db, w.a, w.facA.id, input({ nameZh: '穆斯堡尔谱仪', model: 'MS-96' }));
			await applyCommand(db, w.a, id, 'unpublish');
			expect(await search('穆斯堡尔')).not.toContain(id);
			await applyCommand(db, w.a, id, 'publish');
			expect(await search('穆斯堡尔')).toContain(id);
			await applyCommand(db, w.a, id, 'retire');
			expect((await getManagedInstrument(db, w.a, id)).status).toBe('retired');
		});

		it("refuses every change to another facility's instrument and changes nothing", async () => {
			const before = await db.kysely.selectFrom('instruments').selectAll().where('id', '=', w.instrumentB.id).executeTakeFirstOrThrow();
			const audits = await auditCount(db);
			const instrumentsBefore = await db.kysely.selectFrom('instruments').select('id').execute();
			await rejects(createInstrument(db, w.a, w.facB.id, input()), 'forbidden');
			await rejects(updateInstrument(db, w.a, w.instrumentB.id, input({ nameZh: '被篡改' })), 'forbidden');
			await rejects(applyCommand(db, w.a, w.instrumentB.id, 'unpublish'), 'forbidden');
			await rejects(applyCommand(db, w.a, w.instrumentB.id, 'retire'), 'forbidden');
			await rejects(setInstrumentPhoto(db, w.a, w.instrumentB.id, null), 'forbidden');
			await rejects(confirmFacilityListings(db, w.a, w.facB.id), 'forbidden');
			await rejects(getManagedInstrument(db, w.a, w.instrumentB.id), 'forbidden');
			await rejects(updateInstrument(db, w.a, 999_999, input()), 'not_found');
			const after = await db.kysely.selectFrom('instruments').selectAll().where('id', '=', w.instrumentB.id).executeTakeFirstOrThrow();
			expect(after).toEqual(before);
			expect(await auditCount(db)).toBe(audits);
			expect(await db.kysely.selectFrom('instruments').select('id').execute()).toHaveLength(instrumentsBefore.length);
			const facB = await db.kysely.selectFrom('facilities').selectAll().where('id', '=', w.facB.id).executeTakeFirstOrThrow();
			expect(facB.confirmed_at).toBe(w.facB.confirmed_at);
		});

		it('flags listings older than the period and clears them when the facility re-confirms', async () => {
			const now = Date.now();
			const old = await createInstrument(db, w.a, w.facA.id, input({ nameZh: '热重分析仪', model: 'TGA-5500' }), now - 120 * DAY);
			const fresh = await createInstrument(db, w.a, w.facA.id, input({ nameZh: '差示扫描量热仪', model: 'DSC-2500' }), now - 10 * DAY);
			let list = await listManaged(db, w.a, 90, now);
			expect(list.items.find((i) => i.id === old)?.stale).toBe(true);
			expect(list.items.find((i) => i.id === fresh)?.stale).toBe(false);
			// a longer configured period makes the same listing fresh
			expect((await listManaged(db, w.a, 200, now)).items.find((i) => i.id === old)?.stale).toBe(false);
			const count = await confirmFacilityListings(db, w.a, w.facA.id, now);
			expect(count).toBe(list.items.filter((i) => i.facility_id === w.facA.id).length);
			list = await listManaged(db, w.a, 90, now);
			expect(list.items.every((i) => !i.stale)).toBe(true);
			expect(list.facilities[0].confirmed_at).toBe(now);
			const audit = await db.kysely.selectFrom('audit_log').selectAll().where('entity', '=', 'facility').where('entity_id', '=', w.facA.id).executeTakeFirstOrThrow();
			expect(audit.action).toBe('confirm');
			expect(JSON.parse(audit.after_json!).instrument_ids).toContain(old);
		});

		it('treats an instrument written without confirmed_at as confirmed at its creation', async () => {
			const legacy = await newInstrument(db, { facilityId: w.facA.id, nameZh: '旧系统导入的仪器' });
			await db.kysely.updateTable('instruments').set({ created_at: Date.now() - 200 * DAY }).where('id', '=', legacy.id).execute();
			const list = await listManaged(db, w.a, 90);
			expect(list.items.find((i) => i.id === legacy.id)?.stale).toBe(true);
		});

		it('flags an instrument registered more than 30 working days after acceptance', async () => {
			// registered 2027-04-13 (Tue, Shanghai noon); accepted 2027-03-01: the 31st working day
			const registered = Date.UTC(2027, 3, 13, 4, 0);
			const late = await createInstrument(db, w.a, w.facA.id, input({ nameZh: '迟登记的光谱仪', model: 'L-1', acceptanceDate: '2027-03-01' }), registered);
			const onTime = await createInstrument(db, w.a, w.facA.id, input({ nameZh: '按时登记的光谱仪', model: 'L-2', acceptanceDate: '2027-03-02' }), registered);
			const items = (await listManaged(db, w.a, 90, registered)).items;
			expect(items.find((i) => i.id === late)?.lateRegistration).toBe(true);
			expect(items.find((i) => i.id === onTime)?.lateRegistration).toBe(false);
		});

		it("shows an instrument's history (its own and its bookings' rows) to its managers only", async () => {
			const id = await createInstrument(db, w.a, w.facA.id, input({ nameZh: '历史测试仪器', model: 'H-1' }));
			const booker = await newUser(db, {});
			const now = Date.now();
			const booking = await db.kysely
				.insertInto('bookings')
				.values({ instrument_id: id, user_id: booker.id, mode: 'assisted', start_at: now + DAY, end_at: now + DAY + 3_600_000, status: 'requested', active: 1, purpose: '测试', user_area_code: 'BJ', user_institution_id: booker.institution_id, decision_reason: null, decided_by: null, decided_at: null, created_at: now, updated_at: now })
				.returning('id')
				.executeTakeFirstOrThrow();
			await db.kysely.insertInto('audit_log').values({ actor_user_id: booker.id, entity: 'booking', entity_id: booking.id, action: 'create', before_json: null, after_json: '{"status":"requested"}', created_at: now }).execute();
			const history = await instrumentHistory(db, w.a.roles, id);
			expect(history.map((h) => `${h.entity}:${h.action}`)).toEqual(['booking:create', 'instrument:create']);
			await rejects(instrumentHistory(db, w.b.roles, id), 'forbidden');
		});

		it('lists the audit log for admins with filters and pages, and refuses everybody else', async () => {
			const all = await listAudit(db, w.admin.roles, {}, 1);
			expect(all.total).toBeGreaterThan(5);
			const byActor = await listAudit(db, w.admin.roles, { actor: String(w.a.userId), entity: 'instrument' }, 1);
			expect(byActor.items.length).toBeGreaterThan(0);
			expect(byActor.items.every((i) => i.actor_user_id === w.a.userId && i.entity === 'instrument')).toBe(true);
			const future = await listAudit(db, w.admin.roles, { from: Date.now() + 400 * DAY * 10 }, 1);
			expect(future.total).toBe(0);
			const one = byActor.items[0];
			const byEntity = await listAudit(db, w.admin.roles, { entity: 'instrument', entityId: one.entity_id }, 1);
			expect(byEntity.items.every((i) => i.entity_id === one.entity_id)).toBe(true);
			await rejects(listAudit(db, w.a.roles, {}, 1), 'forbidden');
		});
	});
}
