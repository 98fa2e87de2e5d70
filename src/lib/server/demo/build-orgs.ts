// Builds the demo institutions and facilities in memory (no database): pure functions of the
// local day they are built for, driven by seeded PRNG streams.
import type { AreaCode, FacilityKind, InstitutionKind } from '../db/schema';
import { withCheckChar } from '../../domain/institution/credit-code';
import { DAY, HOUR } from '../../domain/time/range';
import { Rng } from './prng';
import { AREAS, CITIES, ROADS, cityIndex } from './places';
import { BRANDS, INDUSTRIES, NAMED_INSTITUTIONS, SERVICES } from './institution-names';
import { INCUBATOR_SUFFIXES, INCUBATOR_WORDS, MINISTRIES, TOPICS, type Domain, type Topic } from './topics';

export interface InstitutionSeed {
	name_zh: string;
	name_en: string;
	kind: InstitutionKind;
	area_code: AreaCode;
	/** index into CITIES */
	city: number;
	credit_code: string;
	created_at: number;
	/** how many facilities it tends to host */
	weight: number;
	/** research domains its facilities lean to */
	affinity: Domain[];
}

export interface FacilitySeed {
	/** index into the institutions */
	inst: number;
	name_zh: string;
	name_en: string;
	kind: FacilityKind;
	area_code: AreaCode;
	city: number;
	address: string;
	accreditations: string;
	contact_email: string;
	contact_phone: string;
	description: string;
	confirmed_at: number;
	created_at: number;
	domain: Domain;
}

/** The counts per kind of the three areas (reference/figures.md), plus a few shared testing centres. */
export const FACILITY_COUNTS: Record<Exclude<FacilityKind, 'testing_centre'>, number> = {
	national_key_lab: 141,
	provincial_key_lab: 710,
	national_engineering_centre: 111,
	provincial_engineering_centre: 744,
	incubator: 197,
	maker_space: 103
};
export const TESTING_CENTRES: Record<AreaCode, number> = { BJ: 14, TJ: 5, HE: 5 };
/** Share of each kind located in each area: Beijing holds more than half. */
const AREA_SHARE: Record<AreaCode, number> = { BJ: 0.56, TJ: 0.24, HE: 0.2 };

const AFFINITY: [RegExp, Domain[]][] = [
	[/农|林业|食品/, ['agri', 'bio']],
	[/医|药|血液|中医/, ['med', 'bio']],
	[/地质|矿业|石油|地球|地理|水文/, ['earth', 'env']],
	[/电力|电工/, ['energy', 'elec']],
	[/化工|化学|过程工程/, ['chem', 'mat']],
	[/海洋|海水/, ['marine', 'env']],
	[/大气/, ['atmo', 'env']],
	[/天文/, ['astro', 'optic']],
	[/原子能|高能/, ['nuc']],
	[/计算|自动化|邮电|信息/, ['comp', 'elec']],
	[/半导体|微电子|电子科技集团|空天/, ['elec', 'optic']],
	[/航空|航天|机械|汽车|铁道|交通|民航|力学|热物理/, ['mech', 'energy']],
	[/钢铁|有研|材料|建筑材料|燕山/, ['mat', 'mech']],
	[/生物|微生物|动物|植物|遗传|生命/, ['bio', 'med']],
	[/环境|生态/, ['env', 'chem']],
	[/建筑|城建/, ['civil', 'mat']],
	[/物理|理化/, ['mat', 'optic']]
];

const INDUSTRY_DOMAINS: Domain[] = [
	'mat', 'med', 'mech', 'elec', 'energy', 'env', 'mech', 'elec', 'med', 'chem', 'comp', 'mech', 'optic', 'agri', 'mat'
];

const CODE_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';

function creditCode(rng: Rng, kind: InstitutionKind, nameZh: string, division: string, used: Set<string>): string {
	for (;;) {
		let prefix: string;
		let body: string;
		const digits = (n: number) => Array.from({ length: n }, () => String(rng.int(0, 9))).join('');
		const chars = (n: number) => Array.from({ length: n }, () => rng.pick(Array.from(CODE_CHARS))).join('');
		if (kind === 'enterprise' || (kind === 'service' && !nameZh.endsWith('中心'))) {
			prefix = '91';
			body = 'MA0' + chars(6);
		} else {
			prefix = kind === 'government' ? '11' : '12';
			body = digits(8) + rng.pick(Array.from('0123456789X'));
		}
		const code = withCheckChar(prefix + division + body);
		if (!used.has(code)) {
			used.add(code);
			return code;
		}
	}
}

function areaCity(rng: Rng, area: AreaCode): number {
	const idx = CITIES.map((_, i) => i).filter((i) => CITIES[i].area === area);
	return rng.weighted(idx, (i) => CITIES[i].weight);
}

function shortPlace(city: number): { zh: string; en: string } {
	const c = CITIES[city];
	return { zh: c.name_zh.replace(/(新区|区)$/, ''), en: c.name_en.replace(/ (District|New Area)$/, '') };
}

export function buildInstitutions(today: number): InstitutionSeed[] {
	const rng = new Rng('institutions');
	const used = new Set<string>();
	const out: InstitutionSeed[] = [];
	const add = (name_zh: string, name_en: string, kind: InstitutionKind, area: AreaCode, city: number, weight: number, affinity: Domain[]) =>
		out.push({
			name_zh,
			name_en,
			kind,
			area_code: area,
			city,
			credit_code: creditCode(rng, kind, name_zh, CITIES[city].division, used),
			created_at: today - rng.int(400, 3000) * DAY - rng.int(0, 23) * HOUR,
			weight,
			affinity
		});
	for (const n of NAMED_INSTITUTIONS) {
		const affinity = AFFINITY.filter(([re]) => re.test(n.name_zh)).flatMap(([, d]) => d);
		add(n.name_zh, n.name_en, n.kind, n.area, cityIndex(n.area, n.city), n.weight, n.kind === 'enterprise' ? ['mat'] : affinity);
	}
	const names = new Set(out.map((i) => i.name_zh));
	const invent = (area: AreaCode, count: number, kind: 'enterprise' | 'service') => {
		const areaSeed = AREAS.find((a) => a.code === area)!;
		for (let made = 0; made < count; ) {
			const city = areaCity(rng, area);
			const place = area === 'HE' && rng.chance(0.5) ? shortPlace(city) : { zh: areaSeed.name_zh, en: areaSeed.name_en };
			const [bZh, bEn] = rng.pick(BRANDS);
			const k = kind === 'enterprise' ? rng.int(0, INDUSTRIES.length - 1) : -1;
			const [sZh, sEn] = kind === 'enterprise' ? INDUSTRIES[k] : rng.pick(SERVICES);
			const zh = `${place.zh}${bZh}${sZh}`;
			if (names.has(zh)) continue;
			names.add(zh);
			const affinity: Domain[] = kind === 'enterprise' ? [INDUSTRY_DOMAINS[k]] : ['maker'];
			add(zh, `${place.en} ${bEn} ${sEn}`, kind, area, city, 1, affinity);
			made++;
		}
	};
	invent('BJ', 60, 'enterprise');
	invent('TJ', 36, 'enterprise');
	invent('HE', 40, 'enterprise');
	invent('BJ', 14, 'service');
	invent('TJ', 7, 'service');
	invent('HE', 7, 'service');
	return out;
}

/** How strongly each kind of facility is hosted by each kind of institution. */
const HOST_PREF: Record<FacilityKind, Record<InstitutionKind, number>> = {
	national_key_lab: { university: 6, institute: 5, enterprise: 0.3, service: 0, government: 0 },
	provincial_key_lab: { university: 6, institute: 3, enterprise: 1.2, service: 0, government: 0 },
	national_engineering_centre: { university: 2, institute: 3, enterprise: 2.5, service: 0, government: 0 },
	provincial_engineering_centre: { university: 2, institute: 1.2, enterprise: 3, service: 0, government: 0 },
	testing_centre: { university: 1, institute: 1, enterprise: 0, service: 0, government: 0 },
	incubator: { university: 1, institute: 0.3, enterprise: 0.6, service: 12, government: 0 },
	maker_space: { university: 1.5, institute: 0.2, enterprise: 0.6, service: 10, government: 0 }
};

export function buildFacilities(insts: InstitutionSeed[], today: number): FacilitySeed[] {
	const rng = new Rng('facilities');
	const usedNames = new Set<string>();
	const out: FacilitySeed[] = [];
	const instIdx = insts.map((_, i) => i);

	const hostWeight = (kind: FacilityKind, i: number) => insts[i].weight * HOST_PREF[kind][insts[i].kind];

	const pickTopic = (inst: InstitutionSeed, tryName: (t: Topic) => [string, string] | null): [string, string, Domain] => {
		for (let attempt = 0; attempt < 60; attempt++) {
			const topic = rng.weighted(TOPICS, (t) => (inst.affinity.includes(t.domain) ? 10 : 1));
			const name = tryName(topic);
			if (name && !usedNames.has(name[0])) return [name[0], name[1], topic.domain];
		}
		for (const topic of rng.shuffle(TOPICS)) {
			const name = tryName(topic);
			if (name && !usedNames.has(name[0])) return [name[0], name[1], topic.domain];
		}
		throw new Error('demo: ran out of facility names');
	};

	const nameFor = (kind: FacilityKind, area: AreaCode, inst: InstitutionSeed, city: number): [string, string, Domain] => {
		const a = AREAS.find((x) => x.code === area)!;
		switch (kind) {
			case 'national_key_lab':
				return pickTopic(inst, (t) => [`${t.zh}国家重点实验室`, `State Key Laboratory of ${t.en}`]);
			case 'national_engineering_centre':
				return pickTopic(inst, (t) => [`国家${t.zh}工程技术研究中心`, `National Engineering Research Center of ${t.en}`]);
			case 'provincial_key_lab': {
				const ministries = MINISTRIES.filter(
					(m) =>
						m.hosts === 'any' ||
						(m.hosts === 'university' && inst.kind === 'university') ||
						(m.hosts === 'institute' && inst.name_zh.startsWith('中国科学院'))
				);
				return pickTopic(inst, (t) => {
					const fit = ministries.filter((m) => !m.domains || m.domains.includes(t.domain));
					if (fit.length && rng.chance(0.45)) {
						const m = rng.pick(fit);
						return [`${t.zh}${m.zh}重点实验室`, `Key Laboratory of ${t.en}, ${m.en}`];
					}
					return [`${a.prefixZh}${t.zh}重点实验室`, `${a.prefixEn} Key Laboratory of ${t.en}`];
				});
			}
			case 'provincial_engineering_centre':
				return pickTopic(inst, (t) => {
					const v = rng.int(0, inst.kind === 'university' ? 2 : 1);
					if (v === 2) return [`${t.zh}教育部工程研究中心`, `Engineering Research Center of ${t.en}, Ministry of Education`];
					if (v === 1) return [`${a.prefixZh}${t.zh}工程研究中心`, `${a.prefixEn} Engineering Research Center of ${t.en}`];
					return [`${a.prefixZh}${t.zh}工程技术研究中心`, `${a.prefixEn} Engineering Technology Research Center of ${t.en}`];
				});
			case 'testing_centre':
				return inst.kind === 'university'
					? [`${inst.name_zh}分析测试中心`, `Analysis and Testing Center, ${inst.name_en}`, 'chem']
					: [`${inst.name_zh}公共技术服务中心`, `Public Technology Service Center, ${inst.name_en}`, 'mat'];
			case 'incubator':
			case 'maker_space': {
				for (;;) {
					const p = rng.chance(0.7) ? shortPlace(city) : { zh: '', en: '' };
					const [wZh, wEn] = rng.pick(INCUBATOR_WORDS);
					const [sZh, sEn] = kind === 'incubator' ? rng.pick(INCUBATOR_SUFFIXES) : ['众创空间', 'Maker Space'];
					const zh = `${p.zh}${wZh}${sZh}`;
					if (!usedNames.has(zh)) return [zh, `${p.en} ${wEn} ${sEn}`.trim(), 'maker'];
				}
			}
		}
	};

	const add = (kind: FacilityKind, area: AreaCode, inst: number) => {
		const host = insts[inst];
		const city = host.area_code === area && rng.chance(0.75) ? host.city : areaCity(rng, area);
		const [name_zh, name_en, domain] = nameFor(kind, area, host, city);
		usedNames.add(name_zh);
		const a = AREAS.find((x) => x.code === area)!;
		const c = CITIES[city];
		const place = area === 'HE' ? `${a.prefixZh}${c.name_zh}${c.name_zh.endsWith('区') ? '' : '市'}` : `${a.prefixZh}${c.name_zh}`;
		const n = out.length + 1;
		const mailDomain =
			host.kind === 'university' ? 'example.edu.cn' : host.kind === 'institute' ? 'example.ac.cn' : 'example.com.cn';
		const lab = kind !== 'incubator' && kind !== 'maker_space';
		const accreditations =
			kind === 'testing_centre'
				? 'CMA,CNAS'
				: lab
					? rng.choose<string>([['', 35], ['CMA', 25], ['CNAS', 12], ['CMA,CNAS', 28]])
					: '';
		const branch = host.area_code !== area;
		const hostArea = AREAS.find((x) => x.code === host.area_code)!;
		const description = lab
			? `${name_zh}依托${host.name_zh}建设，位于${place}，面向京津冀地区高校、科研院所和企业开放共享大型科研仪器，提供自主上机、代操作和送样检测服务。` +
				(branch ? `本平台为${hostArea.name_zh}${host.name_zh}设在${a.name_zh}的分支机构。` : '')
			: `${name_zh}由${host.name_zh}运营，位于${place}，为入驻团队提供办公空间、创业辅导、投融资对接和公共技术服务。`;
		const stale = rng.chance(0.18);
		out.push({
			inst,
			name_zh,
			name_en,
			kind,
			area_code: area,
			city,
			address: `${place}${rng.pick(ROADS[area])}${rng.int(1, 300)}号`,
			accreditations,
			contact_email: `facility${String(n).padStart(4, '0')}@${mailDomain}`,
			contact_phone: `${c.phone}-${area === 'BJ' ? '6' : area === 'TJ' ? '2' : '8'}${String(rng.int(0, 9_999_999)).padStart(7, '0')}`,
			description,
			confirmed_at: today - (stale ? rng.int(91, 320) : rng.int(1, 85)) * DAY - rng.int(0, 23) * HOUR,
			created_at: today - rng.int(330, 4000) * DAY,
			domain
		});
	};

	const kinds = Object.keys(FACILITY_COUNTS) as (keyof typeof FACILITY_COUNTS)[];
	for (const kind of kinds) {
		const total = FACILITY_COUNTS[kind];
		const bj = Math.round(total * AREA_SHARE.BJ);
		const tj = Math.round(total * AREA_SHARE.TJ);
		const perArea: [AreaCode, number][] = [['BJ', bj], ['TJ', tj], ['HE', total - bj - tj]];
		for (const [area, count] of perArea) {
			for (let k = 0; k < count; k++) {
				// A branch site: a Beijing institution's facility located in Tianjin or Hebei.
				const branch = area !== 'BJ' && kind !== 'maker_space' && rng.chance(0.1);
				const hostArea: AreaCode = branch ? 'BJ' : area;
				const candidates = instIdx.filter((i) => insts[i].area_code === hostArea && hostWeight(kind, i) > 0);
				add(kind, area, rng.weighted(candidates, (i) => hostWeight(kind, i)));
			}
		}
	}
	for (const [area, count] of Object.entries(TESTING_CENTRES) as [AreaCode, number][]) {
		const hosts = instIdx
			.filter((i) => insts[i].area_code === area && (insts[i].kind === 'university' || insts[i].kind === 'institute'))
			.sort((x, y) => insts[y].weight - insts[x].weight || x - y)
			.slice(0, count);
		for (const i of hosts) add('testing_centre', area, i);
	}
	return out;
}
