// Demo data of prices and innovation vouchers (创新券), added after the base demo data:
// - evaluator.he@demo.jjj (河北省科学技术厅, evaluator for Hebei): the Hebei issuing authority;
// - prices of the showcase FE-SEM: self ¥300/h outside, ¥150/h own staff, billed per 30 min;
//   assisted ¥450/h; sample testing ¥200/sample with 2 free samples a year for enterprises;
// - 河北省科技创新券（通用通兑）: Hebei, 通兑, every provider of the three areas, 50 % subsidy;
// - 北京市首都科技条件平台创新券（共享资源清单）: Beijing, 通用, a published list of providers from
//   all three areas (the showcase facility, the Tianjin and Hebei demo managers' facilities, 天津大学);
// - 河北省科技型中小企业创新券（通用·先付后补）: Hebei, 通用 (the enterprise pays in full and claims
//   40 % back from the Hebei authority with the service order and the receipt), every provider;
// - an approved ¥20,000 grant of the Hebei 通兑 programme and an approved ¥10,000 grant of the Hebei
//   通用 programme for researcher.he's enterprise, and a pending application of another Hebei
//   enterprise (when the demo has one).
import type { Kysely } from 'kysely';
import { withWriteTransaction, type Db } from '../db/dialect';
import type { Database } from '../db/schema';
import { zonedToUtc, wallTime } from '../../domain/time/zone';
import { findShowcaseInstrument } from './seed';

type Q = Kysely<Database>;

export const HEBEI_PROGRAMME_ZH = '河北省科技创新券（通用通兑）';
export const BEIJING_PROGRAMME_ZH = '北京市首都科技条件平台创新券（共享资源清单）';
export const HEBEI_GENERAL_PROGRAMME_ZH = '河北省科技型中小企业创新券（通用·先付后补）';
export const HEBEI_EVALUATOR_EMAIL = 'evaluator.he@demo.jjj';

async function userByEmail(trx: Q, email: string) {
	return trx.selectFrom('users').select(['id', 'institution_id', 'password_hash']).where('email', '=', email).executeTakeFirst();
}

async function managedFacilities(trx: Q, email: string): Promise<number[]> {
	const rows = await trx.selectFrom('role_assignments as r').innerJoin('users as u', 'u.id', 'r.user_id').select('r.facility_id').where('u.email', '=', email).where('r.role', '=', 'manager').execute();
	return rows.flatMap((r) => (r.facility_id === null ? [] : [r.facility_id]));
}

export async function seedVoucherDemo(db: Db, now = Date.now()): Promise<void> {
	const showcase = await findShowcaseInstrument(db);
	await withWriteTransaction(db, async (trx) => {
		const admin = await userByEmail(trx, 'admin@demo.jjj');
		const researcherHe = await userByEmail(trx, 'researcher.he@demo.jjj');
		if (!admin || !researcherHe) return; // not the demo data set
		const year = wallTime(now, 'Asia/Shanghai').year;
		const validFrom = zonedToUtc(year, 1, 1, 0, 0, 'Asia/Shanghai');
		const validTo = zonedToUtc(year + 2, 1, 1, 0, 0, 'Asia/Shanghai');

		// the Hebei issuing authority
		const heGov = await trx.selectFrom('institutions').select('id').where('name_zh', '=', '河北省科学技术厅').executeTakeFirst();
		let evaluatorHe = await userByEmail(trx, HEBEI_EVALUATOR_EMAIL);
		if (!evaluatorHe && heGov) {
			const u = await trx
				.insertInto('users')
				.values({ email: HEBEI_EVALUATOR_EMAIL, name: '马文静', institution_id: heGov.id, password_hash: admin.password_hash, locale: 'zh-CN', created_at: now })
				.returning('id')
				.executeTakeFirstOrThrow();
			await trx.insertInto('role_assignments').values({ user_id: u.id, role: 'evaluator', facility_id: null, area_code: 'HE' }).execute();
			evaluatorHe = { id: u.id, institution_id: heGov.id, password_hash: admin.password_hash };
		}

		// prices of the showcase instrument (the displayed hourly rate stays the self-operated outside rate)
		if (showcase) {
			const rules = [
				{ mode: 'self' as const, unit: 'hour' as const, internal_fen: 15_000, outside_fen: 30_000, min_billed_minutes: 30, free_quota_per_year: 0, free_kinds: '' },
				{ mode: 'assisted' as const, unit: 'hour' as const, internal_fen: 30_000, outside_fen: 45_000, min_billed_minutes: 30, free_quota_per_year: 0, free_kinds: '' },
				{ mode: 'sample' as const, unit: 'sample' as const, internal_fen: 10_000, outside_fen: 20_000, min_billed_minutes: 1, free_quota_per_year: 2, free_kinds: 'enterprise' }
			];
			await trx.insertInto('price_rules').values(rules.map((r) => ({ ...r, instrument_id: showcase.instrumentId, updated_by: null, created_at: now, updated_at: now }))).execute();
			await trx.updateTable('instruments').set({ price_hour_fen: 30_000 }).where('id', '=', showcase.instrumentId).execute();
		}

		const hebei = await trx
			.insertInto('voucher_programmes')
			.values({ issuer_area: 'HE', name_zh: HEBEI_PROGRAMME_ZH, name_en: 'Hebei innovation voucher (universal)', year, budget_fen: 5_000_000_000, ratio_bp: 5_000, cap_fen: 5_000_000, valid_from: validFrom, valid_to: validTo, model: 'exchange', scope: 'all', created_by: evaluatorHe?.id ?? admin.id, created_at: now, updated_at: now })
			.returning('id')
			.executeTakeFirstOrThrow();
		const beijing = await trx
			.insertInto('voucher_programmes')
			.values({ issuer_area: 'BJ', name_zh: BEIJING_PROGRAMME_ZH, name_en: 'Beijing innovation voucher (shared-resource list)', year, budget_fen: 10_000_000_000, ratio_bp: 4_000, cap_fen: 10_000_000, valid_from: validFrom, valid_to: validTo, model: 'general', scope: 'list', created_by: admin.id, created_at: now, updated_at: now })
			.returning('id')
			.executeTakeFirstOrThrow();
		const listed = [...(showcase ? [showcase.facilityId] : []), ...(await managedFacilities(trx, 'manager.tj@demo.jjj')), ...(await managedFacilities(trx, 'manager.he@demo.jjj'))];
		const tju = await trx.selectFrom('institutions').select('id').where('name_zh', '=', '天津大学').executeTakeFirst();
		const providers: { programme_id: number; facility_id: number | null; institution_id: number | null }[] = [...new Set(listed)].map((f) => ({ programme_id: beijing.id, facility_id: f, institution_id: null }));
		if (tju) providers.push({ programme_id: beijing.id, facility_id: null, institution_id: tju.id });
		if (providers.length) await trx.insertInto('voucher_programme_providers').values(providers).execute();

		// researcher.he's enterprise holds an approved grant of the Hebei programme
		const amount = 2_000_000;
		await trx
			.insertInto('voucher_grants')
			.values({ programme_id: hebei.id, institution_id: researcherHe.institution_id, applicant_user_id: researcherHe.id, requested_fen: amount, purpose: '新材料表征测试（扫描电镜、原子力显微镜）', amount_fen: amount, status: 'approved', decision_reason: null, decided_by: evaluatorHe?.id ?? admin.id, decided_at: now, expires_at: validTo, created_at: now, updated_at: now })
			.execute();
		await trx.updateTable('voucher_programmes').set({ granted_fen: amount }).where('id', '=', hebei.id).execute();

		// the Hebei 通用 programme: researcher.he's enterprise pays providers in full and claims 40 % back
		const hebeiGeneral = await trx
			.insertInto('voucher_programmes')
			.values({ issuer_area: 'HE', name_zh: HEBEI_GENERAL_PROGRAMME_ZH, name_en: 'Hebei SME innovation voucher (general: pay, then claim)', year, budget_fen: 2_000_000_000, ratio_bp: 4_000, cap_fen: 5_000_000, valid_from: validFrom, valid_to: validTo, model: 'general', scope: 'all', created_by: evaluatorHe?.id ?? admin.id, created_at: now, updated_at: now })
			.returning('id')
			.executeTakeFirstOrThrow();
		const generalAmount = 1_000_000;
		await trx
			.insertInto('voucher_grants')
			.values({ programme_id: hebeiGeneral.id, institution_id: researcherHe.institution_id, applicant_user_id: researcherHe.id, requested_fen: generalAmount, purpose: '跨区域检测服务费用补贴（先付后补）', amount_fen: generalAmount, status: 'approved', decision_reason: null, decided_by: evaluatorHe?.id ?? admin.id, decided_at: now, expires_at: validTo, created_at: now, updated_at: now })
			.execute();
		await trx.updateTable('voucher_programmes').set({ granted_fen: generalAmount }).where('id', '=', hebeiGeneral.id).execute();

		// a pending application for the authority's queue
		const other = await trx
			.selectFrom('users as u')
			.innerJoin('institutions as i', 'i.id', 'u.institution_id')
			.select(['u.id', 'u.institution_id'])
			.where('i.kind', '=', 'enterprise')
			.where('i.area_code', '=', 'HE')
			.where('u.institution_id', '!=', researcherHe.institution_id)
			.orderBy('u.id')
			.executeTakeFirst();
		if (other) {
			await trx
				.insertInto('voucher_grants')
				.values({ programme_id: hebei.id, institution_id: other.institution_id, applicant_user_id: other.id, requested_fen: 1_000_000, purpose: '产品检测', status: 'applied', decision_reason: null, decided_by: null, decided_at: null, expires_at: validTo, created_at: now, updated_at: now })
				.execute();
		}
	});
}
