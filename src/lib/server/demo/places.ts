// Areas and their cities/districts, with the administrative division codes used in credit codes
// and the telephone area codes used for facility contacts.
import type { AreaCode } from '../db/schema';

export interface AreaSeed {
	code: AreaCode;
	name_zh: string;
	name_en: string;
	sort_order: number;
	/** prefix of provincial facility names: 北京市 / 天津市 / 河北省 */
	prefixZh: string;
	prefixEn: string;
}

export const AREAS: AreaSeed[] = [
	{ code: 'BJ', name_zh: '北京', name_en: 'Beijing', sort_order: 1, prefixZh: '北京市', prefixEn: 'Beijing' },
	{ code: 'TJ', name_zh: '天津', name_en: 'Tianjin', sort_order: 2, prefixZh: '天津市', prefixEn: 'Tianjin' },
	{ code: 'HE', name_zh: '河北', name_en: 'Hebei', sort_order: 3, prefixZh: '河北省', prefixEn: 'Hebei' }
];

export interface CitySeed {
	area: AreaCode;
	name_zh: string;
	name_en: string;
	kind: 'district' | 'city';
	/** 6-digit administrative division code (GB/T 2260) */
	division: string;
	/** telephone area code */
	phone: string;
	/** how likely a facility of the area sits here (science hubs weigh more) */
	weight: number;
}

// name_zh | name_en | division | phone | weight
const BJ = `海淀区|Haidian District|110108|010|12
朝阳区|Chaoyang District|110105|010|6
昌平区|Changping District|110114|010|5
大兴区|Daxing District|110115|010|3
东城区|Dongcheng District|110101|010|2
西城区|Xicheng District|110102|010|2
丰台区|Fengtai District|110106|010|2
石景山区|Shijingshan District|110107|010|1.5
顺义区|Shunyi District|110113|010|2
房山区|Fangshan District|110111|010|1.5
通州区|Tongzhou District|110112|010|2
怀柔区|Huairou District|110116|010|2.5
门头沟区|Mentougou District|110109|010|0.5
平谷区|Pinggu District|110117|010|0.5
密云区|Miyun District|110118|010|0.5
延庆区|Yanqing District|110119|010|0.5`;

const TJ = `南开区|Nankai District|120104|022|6
和平区|Heping District|120101|022|2
河西区|Hexi District|120103|022|3
河东区|Hedong District|120102|022|1
河北区|Hebei District|120105|022|1
红桥区|Hongqiao District|120106|022|1
西青区|Xiqing District|120111|022|4
津南区|Jinnan District|120112|022|3
滨海新区|Binhai New Area|120116|022|8
东丽区|Dongli District|120110|022|2
北辰区|Beichen District|120113|022|2
武清区|Wuqing District|120114|022|2
静海区|Jinghai District|120118|022|1
宝坻区|Baodi District|120115|022|0.5`;

const HE = `石家庄|Shijiazhuang|130100|0311|8
保定|Baoding|130600|0312|5
廊坊|Langfang|131000|0316|4
唐山|Tangshan|130200|0315|3
秦皇岛|Qinhuangdao|130300|0335|2.5
邯郸|Handan|130400|0310|1.5
沧州|Cangzhou|130900|0317|1.5
张家口|Zhangjiakou|130700|0313|1
承德|Chengde|130800|0314|1
邢台|Xingtai|130500|0319|1
衡水|Hengshui|131100|0318|1
雄安新区|Xiong'an New Area|133100|0312|2`;

function parse(area: AreaCode, kind: 'district' | 'city', text: string): CitySeed[] {
	return text.split('\n').map((line) => {
		const [name_zh, name_en, division, phone, weight] = line.split('|');
		return { area, name_zh, name_en, kind, division, phone, weight: Number(weight) };
	});
}

export const CITIES: CitySeed[] = [...parse('BJ', 'district', BJ), ...parse('TJ', 'district', TJ), ...parse('HE', 'city', HE)];

export function cityIndex(area: AreaCode, nameZh: string): number {
	const i = CITIES.findIndex((c) => c.area === area && c.name_zh === nameZh);
	if (i < 0) throw new Error(`unknown demo city ${area} ${nameZh}`);
	return i;
}

/** Road names for facility addresses, per area. */
export const ROADS: Record<AreaCode, string[]> = {
	BJ: ['学院路', '中关村大街', '中关村北大街', '科学院南路', '北四环西路', '西土城路', '清华东路', '农大南路', '未来科学城路', '生命园路', '经海路', '北三环东路', '复兴路', '丰台科学城路', '中关村东路'],
	TJ: ['卫津路', '黄河道', '海泰发展六道', '宾水西道', '雅安道', '团结东道', '西青道', '津塘路', '黄海路', '第七大街', '鞍山西道', '红旗南路'],
	HE: ['槐安东路', '友谊北大街', '五四东路', '建设北大街', '新石北路', '河北大街西段', '新华路', '光明路', '创业路', '科技大道', '东二环北路', '长江道']
};
