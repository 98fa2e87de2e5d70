// Builds the demo people: the nine demo accounts (with their roles) and ~300 ordinary researchers.
import type { AreaCode, Role } from '../db/schema';
import { DAY, HOUR } from '../../domain/time/range';
import { Rng } from './prng';
import type { FacilitySeed, InstitutionSeed } from './build-orgs';
import { GIVEN_CHARS, SURNAMES } from './people';

/** The password of every demo account. */
export const DEMO_PASSWORD = 'demo-pass-2026';

export type DemoRole = 'admin' | 'evaluator' | 'manager' | 'researcher';

/** A demo login, printed by `npm run db:seed` and by the server on start. */
export interface DemoAccount {
	email: string;
	password: string;
	role: DemoRole;
	/** what the account is for, in Chinese */
	descriptionZh: string;
	/** what the account is for, in English */
	descriptionEn: string;
}

export interface DemoAccountSpec {
	email: string;
	name: string;
	role: DemoRole;
	institution: string;
	evaluatorArea?: AreaCode | null;
	/** manager: area of the managed facilities and how many */
	manages?: { area: AreaCode; count: number };
	descriptionZh: string;
	descriptionEn: string;
}

export const DEMO_ACCOUNT_SPECS: DemoAccountSpec[] = [
	{ email: 'admin@demo.jjj', name: '周立新', role: 'admin', institution: '京津冀科技资源共享服务中心',
		descriptionZh: '平台管理员', descriptionEn: 'Platform administrator' },
	{ email: 'evaluator@demo.jjj', name: '孙海燕', role: 'evaluator', institution: '北京市科学技术委员会、中关村科技园区管理委员会', evaluatorArea: null,
		descriptionZh: '绩效评价人员（京津冀三地）', descriptionEn: 'Evaluator, all three areas' },
	{ email: 'evaluator.tj@demo.jjj', name: '高志远', role: 'evaluator', institution: '天津市科学技术局', evaluatorArea: 'TJ',
		descriptionZh: '绩效评价人员（天津）', descriptionEn: 'Evaluator, Tianjin' },
	{ email: 'manager.bj@demo.jjj', name: '陈思远', role: 'manager', institution: '清华大学', manages: { area: 'BJ', count: 4 },
		descriptionZh: '仪器管理员（清华大学，北京，含示范场发射扫描电镜）', descriptionEn: 'Lab manager, Tsinghua University, Beijing (showcase FE-SEM)' },
	{ email: 'manager.tj@demo.jjj', name: '刘海波', role: 'manager', institution: '天津大学', manages: { area: 'TJ', count: 3 },
		descriptionZh: '仪器管理员（天津大学，天津）', descriptionEn: 'Lab manager, Tianjin University, Tianjin' },
	{ email: 'manager.he@demo.jjj', name: '赵建华', role: 'manager', institution: '燕山大学', manages: { area: 'HE', count: 3 },
		descriptionZh: '仪器管理员（燕山大学，河北）', descriptionEn: 'Lab manager, Yanshan University, Hebei' },
	{ email: 'researcher.bj@demo.jjj', name: '王晓明', role: 'researcher', institution: '北京理工大学',
		descriptionZh: '科研人员（北京理工大学，北京）', descriptionEn: 'Researcher, Beijing Institute of Technology, Beijing' },
	{ email: 'researcher.tj@demo.jjj', name: '李静怡', role: 'researcher', institution: '中国科学院天津工业生物技术研究所',
		descriptionZh: '科研人员（中科院天津工业生物所，天津）', descriptionEn: 'Researcher, Tianjin Institute of Industrial Biotechnology, CAS, Tianjin' },
	{ email: 'researcher.he@demo.jjj', name: '张伟', role: 'researcher', institution: '河北华研新材料科技有限公司',
		descriptionZh: '科研人员（河北华研新材料，河北企业）', descriptionEn: 'Researcher, Hebei Huayan New Materials (enterprise), Hebei' }
];

export interface UserSeed {
	email: string;
	name: string;
	inst: number;
	created_at: number;
}

export interface RoleSeed {
	user: number;
	role: Role;
	/** facility index (manager) */
	fac: number | null;
	area_code: AreaCode | null;
}

export function institutionByName(insts: InstitutionSeed[], name: string): number {
	const i = insts.findIndex((x) => x.name_zh === name);
	if (i < 0) throw new Error(`demo: no institution ${name}`);
	return i;
}

/** The facilities each demo manager runs: the first labs/centres of their institution in their area. */
export function managerFacilities(insts: InstitutionSeed[], facs: FacilitySeed[]): Map<string, number[]> {
	const out = new Map<string, number[]>();
	for (const spec of DEMO_ACCOUNT_SPECS) {
		if (!spec.manages) continue;
		const inst = institutionByName(insts, spec.institution);
		const chosen = facs
			.map((f, i) => [f, i] as const)
			.filter(([f]) => f.inst === inst && f.area_code === spec.manages!.area && f.kind !== 'incubator' && f.kind !== 'maker_space' && f.kind !== 'testing_centre')
			.slice(0, spec.manages.count)
			.map(([, i]) => i);
		if (chosen.length < 3) throw new Error(`demo: ${spec.email} would manage only ${chosen.length} facilities`);
		out.set(spec.email, chosen);
	}
	return out;
}

export function buildPeople(
	insts: InstitutionSeed[],
	managed: Map<string, number[]>,
	today: number,
	researchers = 300
): { users: UserSeed[]; roles: RoleSeed[] } {
	const rng = new Rng('people');
	const users: UserSeed[] = [];
	const roles: RoleSeed[] = [];
	const personName = () => rng.pick(SURNAMES) + rng.pick(GIVEN_CHARS) + (rng.chance(0.7) ? rng.pick(GIVEN_CHARS) : '');
	for (const spec of DEMO_ACCOUNT_SPECS) {
		const user = users.length;
		users.push({
			email: spec.email,
			name: spec.name,
			inst: institutionByName(insts, spec.institution),
			created_at: today - 400 * DAY
		});
		if (spec.role === 'admin') roles.push({ user, role: 'admin', fac: null, area_code: null });
		if (spec.role === 'evaluator') roles.push({ user, role: 'evaluator', fac: null, area_code: spec.evaluatorArea ?? null });
		for (const fac of managed.get(spec.email) ?? []) roles.push({ user, role: 'manager', fac, area_code: null });
	}
	const weight = (i: number) => {
		const inst = insts[i];
		const k = { university: 5, institute: 3, enterprise: 1, service: 0.3, government: 0 }[inst.kind];
		return k * Math.max(inst.weight, 0.5);
	};
	const candidates = insts.map((_, i) => i).filter((i) => weight(i) > 0);
	for (let n = 1; n <= researchers; n++) {
		const inst = rng.weighted(candidates, weight);
		const kind = insts[inst].kind;
		const domain = kind === 'university' ? 'example.edu.cn' : kind === 'institute' ? 'example.ac.cn' : 'example.com.cn';
		users.push({
			email: `user${String(n).padStart(3, '0')}@${domain}`,
			name: personName(),
			inst,
			created_at: today - rng.int(20, 1500) * DAY - rng.int(0, 23) * HOUR
		});
	}
	return { users, roles };
}

export function demoAccounts(): DemoAccount[] {
	return DEMO_ACCOUNT_SPECS.map((s) => ({
		email: s.email,
		password: DEMO_PASSWORD,
		role: s.role,
		descriptionZh: s.descriptionZh,
		descriptionEn: s.descriptionEn
	}));
}
