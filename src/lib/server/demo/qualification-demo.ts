// Demo data of qualification recognition (资质互认), added after the base demo data:
// - qualification types of Tsinghua (SEM-THU, TEM-THU), Tianjin University (SEM-L2, TEM-L1),
//   Yanshan University in Hebei (SEM-YSU, AFM-YSU) and the CAS Tianjin biotech institute (CLSM-TIB);
// - the SEMs/TEMs/AFMs of those institutions require their own type (the showcase FE-SEM: SEM-THU);
// - grants: researcher.bj holds SEM-THU; researcher.he (a Hebei enterprise) was trained at Yanshan
//   University and holds SEM-YSU; researcher.tj holds Tianjin University's SEM-L2; everyone who has
//   self-operated bookings on a now-restricted instrument holds its type (a few expired or revoked);
// - agreements: an ACTIVE one-way area agreement HE → BJ (SEM-YSU counts as SEM-THU) signed by an
//   evaluator for Hebei and the admin for Beijing; an ACTIVE mutual Tianjin University ⇄ Tsinghua
//   agreement (SEM-L2 ⇄ SEM-THU); a PROPOSED TJ ⇄ HE area agreement; an ENDED TEM agreement;
// - case recognitions at the showcase facility (accepted, pending, refused) and a training request;
// - every self-operated booking on a restricted instrument records its basis (or is flagged).
import { withWriteTransaction, type Db } from '../db/dialect';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { DAY } from '../../domain/time/range';
import { decideFor, recognitionColumns } from '../qualification/self-operation.service';

type Q = Kysely<Database>;

interface TypeSeed {
	institution: string;
	code: string;
	zh: string;
	en: string;
	level: number;
	months: number;
	lapse: number | null;
	/** instrument names (zh) of the institution that require it */
	instruments: string[];
}

const TYPES: TypeSeed[] = [
	{ institution: '清华大学', code: 'SEM-THU', zh: '扫描电镜自主上机（二级）', en: 'SEM self-operation, level 2', level: 2, months: 24, lapse: 365, instruments: ['场发射扫描电子显微镜', '钨灯丝扫描电子显微镜'] },
	{ institution: '清华大学', code: 'TEM-THU', zh: '透射电镜自主上机（三级）', en: 'TEM self-operation, level 3', level: 3, months: 12, lapse: 180, instruments: ['透射电子显微镜'] },
	{ institution: '天津大学', code: 'SEM-L2', zh: '扫描电镜独立操作（二级）', en: 'SEM independent operation, level 2', level: 2, months: 24, lapse: null, instruments: ['场发射扫描电子显微镜', '钨灯丝扫描电子显微镜'] },
	{ institution: '天津大学', code: 'TEM-L1', zh: '透射电镜基础操作（一级）', en: 'TEM basic operation, level 1', level: 1, months: 12, lapse: null, instruments: ['透射电子显微镜'] },
	{ institution: '燕山大学', code: 'SEM-YSU', zh: '扫描电镜上机操作', en: 'SEM operation', level: 2, months: 24, lapse: null, instruments: ['场发射扫描电子显微镜', '钨灯丝扫描电子显微镜'] },
	{ institution: '燕山大学', code: 'AFM-YSU', zh: '原子力显微镜上机操作', en: 'AFM operation', level: 1, months: 24, lapse: null, instruments: ['原子力显微镜'] },
	{ institution: '中国科学院天津工业生物技术研究所', code: 'CLSM-TIB', zh: '激光共聚焦显微镜自主上机', en: 'Confocal microscope self-operation', level: 1, months: 12, lapse: null, instruments: ['激光扫描共聚焦显微镜'] }
];

async function userId(k: Q, email: string): Promise<number | undefined> {
	return (await k.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst())?.id;
}

async function managerFacility(k: Q, email: string, institutionId: number): Promise<number | null> {
	const row = await k
		.selectFrom('role_assignments as r')
		.innerJoin('users as u', 'u.id', 'r.user_id')
		.innerJoin('facilities as f', 'f.id', 'r.facility_id')
		.select('f.id')
		.where('u.email', '=', email)
		.where('f.institution_id', '=', institutionId)
		.orderBy('f.id')
		.executeTakeFirst();
	return row?.id ?? null;
}

/** Adds the recognition demo data (see the top of this file) in one write transaction; skips what the base data lacks. */
export async function seedQualificationDemo(db: Db, now: number): Promise<void> {
	await withWriteTransaction(db, async (k) => {
		const institutions = new Map(
			(await k.selectFrom('institutions').select(['id', 'name_zh']).where('name_zh', 'in', [...new Set(TYPES.map((t) => t.institution))]).execute()).map((i) => [i.name_zh, i.id])
		);
		const typeIds = new Map<string, number>();
		const restricted = new Map<number, number>(); // instrument → type
		for (const t of TYPES) {
			const institutionId = institutions.get(t.institution);
			if (institutionId === undefined) continue;
			const { id } = await k
				.insertInto('qualification_types')
				.values({ institution_id: institutionId, code: t.code, name_zh: t.zh, name_en: t.en, description: `${t.institution}${t.zh}：完成理论与上机培训并通过考核`, level: t.level, validity_months: t.months, lapse_days: t.lapse, covers_categories: '01', created_by: null, created_at: now - 400 * DAY, updated_at: now - 400 * DAY })
				.returning('id')
				.executeTakeFirstOrThrow();
			typeIds.set(t.code, id);
			const instruments = await k.selectFrom('instruments').select('id').where('institution_id', '=', institutionId).where('name_zh', 'in', t.instruments).where('modes', 'like', '%self%').execute();
			for (const i of instruments) restricted.set(i.id, id);
		}
		for (const [instrumentId, typeId] of restricted) {
			await k.updateTable('instruments').set({ required_qualification_type_id: typeId }).where('id', '=', instrumentId).execute();
		}

		const grant = async (email: string | number, code: string, o: { by?: string; daysAgo?: number; months?: number; revoked?: string } = {}) => {
			const user = typeof email === 'number' ? email : await userId(k, email);
			const typeId = typeIds.get(code);
			const type = TYPES.find((t) => t.code === code)!;
			if (user === undefined || typeId === undefined) return undefined;
			const by = o.by ? await userId(k, o.by) : undefined;
			const facility = o.by ? await managerFacility(k, o.by, institutions.get(type.institution)!) : null;
			const from = now - (o.daysAgo ?? 200) * DAY;
			const { id } = await k
				.insertInto('qualifications')
				.values({
					type_id: typeId,
					user_id: user,
					facility_id: facility,
					granted_by: by ?? null,
					training_date: from - 2 * DAY,
					trainer: `${type.institution}仪器共享中心 培训教师`,
					evidence_note: `培训考核记录 ${code}-${user}`,
					valid_from: from,
					expires_at: from + (o.months ?? type.months) * 30 * DAY,
					revoked_at: o.revoked ? now - 5 * DAY : null,
					revoked_by: o.revoked && by ? by : null,
					revoke_reason: o.revoked ?? null,
					created_at: from,
					updated_at: o.revoked ? now - 5 * DAY : from
				})
				.returning('id')
				.executeTakeFirstOrThrow();
			return id;
		};
		await grant('researcher.bj@demo.jjj', 'SEM-THU', { by: 'manager.bj@demo.jjj', daysAgo: 120 });
		const heSem = await grant('researcher.he@demo.jjj', 'SEM-YSU', { by: 'manager.he@demo.jjj', daysAgo: 90 });
		const tjSem = await grant('researcher.tj@demo.jjj', 'SEM-L2', { by: 'manager.tj@demo.jjj', daysAgo: 60 });
		await grant('researcher.tj@demo.jjj', 'CLSM-TIB', { daysAgo: 300 });
		await grant('researcher.he@demo.jjj', 'AFM-YSU', { by: 'manager.he@demo.jjj', daysAgo: 500, months: 12 }); // expired: shows in the wallet

		// Everyone with self-operated bookings on a restricted instrument was trained there.
		const selfUsers = restricted.size
			? await k
					.selectFrom('bookings')
					.innerJoin('users', 'users.id', 'bookings.user_id')
					.select(['bookings.user_id', 'bookings.instrument_id'])
					.distinct()
					.where('bookings.mode', '=', 'self')
					.where('bookings.instrument_id', 'in', [...restricted.keys()])
					.where('users.email', 'not like', '%@demo.jjj') // the demo accounts keep the grants above
					.orderBy('bookings.user_id')
					.orderBy('bookings.instrument_id')
					.execute()
			: [];
		const held = new Set<string>();
		let n = 0;
		for (const b of selfUsers) {
			const typeId = restricted.get(b.instrument_id)!;
			const code = [...typeIds].find(([, id]) => id === typeId)![0];
			if (held.has(`${b.user_id}:${code}`)) continue;
			held.add(`${b.user_id}:${code}`);
			n++;
			// every 23rd revoked, every 17th only recently valid: variety for the managers' lists
			await grant(b.user_id, code, { daysAgo: n % 17 === 0 ? 20 : 300, revoked: n % 23 === 0 ? '多次违反操作规程' : undefined });
		}

		const id = async (email: string) => (await userId(k, email)) ?? null;
		const [admin, evaluator, evaluatorTj, managerBj, managerTj] = await Promise.all(['admin@demo.jjj', 'evaluator@demo.jjj', 'evaluator.tj@demo.jjj', 'manager.bj@demo.jjj', 'manager.tj@demo.jjj'].map(id));
		const agreement = async (v: { kind: 'institution' | 'area'; a: string; b: string; mutual: boolean; title: string; status: 'active' | 'proposed' | 'ended'; by: number | null; acceptedBy: number | null; daysAgo: number; years: number; mappings: [string, string][] }) => {
			const mappings = v.mappings.filter(([f, t]) => typeIds.has(f) && typeIds.has(t));
			if (mappings.length === 0) return undefined;
			const inst = (name: string) => (v.kind === 'institution' ? (institutions.get(name) ?? null) : null);
			const area = (code: string) => (v.kind === 'area' ? (code as 'BJ' | 'TJ' | 'HE') : null);
			const at = now - v.daysAgo * DAY;
			const { id: agreementId } = await k
				.insertInto('recognition_agreements')
				.values({
					kind: v.kind,
					a_institution_id: inst(v.a),
					b_institution_id: inst(v.b),
					a_area_code: area(v.a),
					b_area_code: area(v.b),
					mutual: v.mutual ? 1 : 0,
					title: v.title,
					note: '依据京津冀科技资源共享合作协议，经双方主管部门确认。',
					valid_from: at,
					valid_to: at + v.years * 365 * DAY,
					status: v.status,
					proposed_by: v.by,
					proposed_at: at - 7 * DAY,
					accepted_by: v.status === 'proposed' ? null : v.acceptedBy,
					accepted_at: v.status === 'proposed' ? null : at,
					suspended_side: null,
					status_reason: v.status === 'ended' ? '培训标准修订，协议终止' : null,
					status_by: v.status === 'ended' ? v.acceptedBy : null,
					status_at: v.status === 'ended' ? now - 30 * DAY : null,
					created_at: at - 7 * DAY,
					updated_at: at
				})
				.returning('id')
				.executeTakeFirstOrThrow();
			await k.insertInto('recognition_mappings').values(mappings.map(([f, t]) => ({ agreement_id: agreementId, from_type_id: typeIds.get(f)!, to_type_id: typeIds.get(t)! }))).execute();
			return agreementId;
		};
		await agreement({ kind: 'area', a: 'HE', b: 'BJ', mutual: false, title: '冀京扫描电镜上机资质互认', status: 'active', by: evaluator, acceptedBy: admin, daysAgo: 60, years: 3, mappings: [['SEM-YSU', 'SEM-THU']] });
		await agreement({ kind: 'institution', a: '天津大学', b: '清华大学', mutual: true, title: '清华大学—天津大学电镜资质互认', status: 'active', by: managerTj, acceptedBy: managerBj, daysAgo: 100, years: 2, mappings: [['SEM-L2', 'SEM-THU']] });
		await agreement({ kind: 'area', a: 'TJ', b: 'HE', mutual: true, title: '津冀扫描电镜资质互认（征求意见）', status: 'proposed', by: evaluatorTj, acceptedBy: null, daysAgo: 3, years: 2, mappings: [['SEM-L2', 'SEM-YSU']] });
		await agreement({ kind: 'institution', a: '天津大学', b: '清华大学', mutual: false, title: '透射电镜资质认可（已终止）', status: 'ended', by: managerTj, acceptedBy: managerBj, daysAgo: 400, years: 2, mappings: [['TEM-L1', 'TEM-THU']] });

		// Case recognitions and a training request at the showcase facility (manager.bj's first facility).
		const thu = institutions.get('清华大学');
		const showcaseFacility = thu === undefined ? null : await managerFacility(k, 'manager.bj@demo.jjj', thu);
		const showcaseSem = showcaseFacility === null ? undefined : await k.selectFrom('instruments').select(['id', 'required_qualification_type_id']).where('facility_id', '=', showcaseFacility).where('required_qualification_type_id', 'is not', null).orderBy('id').executeTakeFirst();
		const others = await k.selectFrom('users').select('id').where('email', 'like', 'user%').orderBy('id').limit(3).execute();
		if (showcaseFacility !== null && showcaseSem && tjSem && heSem) {
			const caseRow = async (userIdValue: number, qualificationId: number, status: 'accepted' | 'requested' | 'refused', instrumentId: number | null) =>
				k
					.insertInto('recognition_cases')
					.values({ user_id: userIdValue, qualification_id: qualificationId, facility_id: showcaseFacility, instrument_id: instrumentId, target_type_id: showcaseSem.required_qualification_type_id!, message: '已在原单位独立操作扫描电镜两年以上', status, expires_at: status === 'accepted' ? now + 180 * DAY : null, decided_by: status === 'requested' ? null : managerBj, decided_at: status === 'requested' ? null : now - 10 * DAY, decision_reason: status === 'refused' ? '请先参加本中心安全培训' : null, created_at: now - 12 * DAY, updated_at: now - 10 * DAY })
					.execute();
			for (const [index, other] of others.entries()) {
				const q = await grant(other.id, index === 0 ? 'SEM-YSU' : 'SEM-L2', { daysAgo: 150 });
				if (q) await caseRow(other.id, q, (['accepted', 'requested', 'refused'] as const)[index], index === 0 ? null : showcaseSem.id);
			}
			if (others[0]) {
				await k.insertInto('training_requests').values({ user_id: others[0].id, facility_id: showcaseFacility, instrument_id: showcaseSem.id, type_id: showcaseSem.required_qualification_type_id, message: '希望参加下一期场发射扫描电镜培训', status: 'requested', decided_by: null, decided_at: null, decision_note: null, created_at: now - 2 * DAY, updated_at: now - 2 * DAY }).execute();
			}
		}

		// The statistics hook for the existing self-operated bookings on restricted instruments.
		if (restricted.size > 0) {
			const bookings = await k
				.selectFrom('bookings')
				.innerJoin('instruments', 'instruments.id', 'bookings.instrument_id')
				.select(['bookings.id', 'bookings.user_id', 'bookings.start_at', 'bookings.active', 'instruments.id as instrument_id', 'instruments.facility_id', 'instruments.required_qualification_type_id'])
				.where('bookings.mode', '=', 'self')
				.where('bookings.instrument_id', 'in', [...restricted.keys()])
				.orderBy('bookings.start_at') // past uses first: they count for the lapse of later ones
				.execute();
			for (const b of bookings) {
				const d = await decideFor(k, b.user_id, { id: b.instrument_id, facilityId: b.facility_id, requiredTypeId: b.required_qualification_type_id }, b.start_at);
				const c = recognitionColumns(d);
				const flag = !d.allowed && b.active === 1 && b.start_at > now ? d.misses[0].code : null;
				await k
					.updateTable('bookings')
					.set({ qualification_id: c.qualificationId, recognition_kind: c.recognitionKind, recognition_agreement_id: c.recognitionAgreementId, recognition_case_id: c.recognitionCaseId, qualification_flag: flag, qualification_flagged_at: flag ? now : null })
					.where('id', '=', b.id)
					.execute();
			}
		}
	});
}
