// Named institutions of the demo (universities, institutes, government bodies, the platform
// operator and a few fixed enterprises), plus word lists for invented enterprises and service
// organisations. Weights steer how many facilities an institution gets.
import type { AreaCode, InstitutionKind } from '../db/schema';

export interface NamedInstitution {
	name_zh: string;
	name_en: string;
	kind: InstitutionKind;
	area: AreaCode;
	city: string;
	weight: number;
}

// name_zh | name_en | kind (u/i/e/g/s) | area | city | weight
const NAMED = `清华大学|Tsinghua University|u|BJ|海淀区|10
北京大学|Peking University|u|BJ|海淀区|10
北京理工大学|Beijing Institute of Technology|u|BJ|海淀区|6
北京航空航天大学|Beihang University|u|BJ|海淀区|7
北京师范大学|Beijing Normal University|u|BJ|海淀区|4
北京科技大学|University of Science and Technology Beijing|u|BJ|海淀区|5
北京化工大学|Beijing University of Chemical Technology|u|BJ|朝阳区|4
北京工业大学|Beijing University of Technology|u|BJ|朝阳区|4
北京交通大学|Beijing Jiaotong University|u|BJ|海淀区|3
北京邮电大学|Beijing University of Posts and Telecommunications|u|BJ|海淀区|3
中国农业大学|China Agricultural University|u|BJ|海淀区|4
北京林业大学|Beijing Forestry University|u|BJ|海淀区|2
中国地质大学（北京）|China University of Geosciences (Beijing)|u|BJ|海淀区|2.5
中国石油大学（北京）|China University of Petroleum-Beijing|u|BJ|昌平区|2.5
中国矿业大学（北京）|China University of Mining and Technology-Beijing|u|BJ|海淀区|2
华北电力大学|North China Electric Power University|u|BJ|昌平区|3
首都师范大学|Capital Normal University|u|BJ|海淀区|1.5
首都医科大学|Capital Medical University|u|BJ|丰台区|3
北京中医药大学|Beijing University of Chinese Medicine|u|BJ|朝阳区|1.5
北京协和医学院|Peking Union Medical College|u|BJ|东城区|3
中国科学院大学|University of Chinese Academy of Sciences|u|BJ|怀柔区|3
北京工商大学|Beijing Technology and Business University|u|BJ|房山区|1
北方工业大学|North China University of Technology|u|BJ|石景山区|1
北京建筑大学|Beijing University of Civil Engineering and Architecture|u|BJ|大兴区|1
北京信息科技大学|Beijing Information Science and Technology University|u|BJ|昌平区|1
北京石油化工学院|Beijing Institute of Petrochemical Technology|u|BJ|大兴区|1
北京农学院|Beijing University of Agriculture|u|BJ|昌平区|0.8
中国科学院物理研究所|Institute of Physics, Chinese Academy of Sciences|i|BJ|海淀区|5
中国科学院化学研究所|Institute of Chemistry, Chinese Academy of Sciences|i|BJ|海淀区|4
中国科学院半导体研究所|Institute of Semiconductors, Chinese Academy of Sciences|i|BJ|海淀区|3
中国科学院过程工程研究所|Institute of Process Engineering, Chinese Academy of Sciences|i|BJ|海淀区|3
中国科学院理化技术研究所|Technical Institute of Physics and Chemistry, Chinese Academy of Sciences|i|BJ|海淀区|2.5
中国科学院生物物理研究所|Institute of Biophysics, Chinese Academy of Sciences|i|BJ|朝阳区|3
中国科学院微生物研究所|Institute of Microbiology, Chinese Academy of Sciences|i|BJ|朝阳区|2
中国科学院动物研究所|Institute of Zoology, Chinese Academy of Sciences|i|BJ|朝阳区|2
中国科学院植物研究所|Institute of Botany, Chinese Academy of Sciences|i|BJ|海淀区|2
中国科学院地质与地球物理研究所|Institute of Geology and Geophysics, Chinese Academy of Sciences|i|BJ|朝阳区|2.5
中国科学院大气物理研究所|Institute of Atmospheric Physics, Chinese Academy of Sciences|i|BJ|朝阳区|2
中国科学院空天信息创新研究院|Aerospace Information Research Institute, Chinese Academy of Sciences|i|BJ|海淀区|2.5
中国科学院高能物理研究所|Institute of High Energy Physics, Chinese Academy of Sciences|i|BJ|石景山区|3
中国科学院国家天文台|National Astronomical Observatories, Chinese Academy of Sciences|i|BJ|朝阳区|1.5
中国科学院生态环境研究中心|Research Center for Eco-Environmental Sciences, Chinese Academy of Sciences|i|BJ|海淀区|2
中国科学院计算技术研究所|Institute of Computing Technology, Chinese Academy of Sciences|i|BJ|海淀区|2
中国科学院自动化研究所|Institute of Automation, Chinese Academy of Sciences|i|BJ|海淀区|2
中国科学院力学研究所|Institute of Mechanics, Chinese Academy of Sciences|i|BJ|海淀区|2
中国科学院工程热物理研究所|Institute of Engineering Thermophysics, Chinese Academy of Sciences|i|BJ|海淀区|1.5
中国科学院电工研究所|Institute of Electrical Engineering, Chinese Academy of Sciences|i|BJ|海淀区|1.5
中国科学院微电子研究所|Institute of Microelectronics, Chinese Academy of Sciences|i|BJ|朝阳区|2
中国科学院遗传与发育生物学研究所|Institute of Genetics and Developmental Biology, Chinese Academy of Sciences|i|BJ|朝阳区|2
中国科学院地理科学与资源研究所|Institute of Geographic Sciences and Natural Resources Research, CAS|i|BJ|朝阳区|1.5
中国原子能科学研究院|China Institute of Atomic Energy|i|BJ|房山区|2
中国计量科学研究院|National Institute of Metrology, China|i|BJ|朝阳区|2
钢铁研究总院|Central Iron and Steel Research Institute|i|BJ|海淀区|2
中国有研科技集团有限公司|China GRINM Group Co., Ltd.|i|BJ|西城区|2
中国航发北京航空材料研究院|AECC Beijing Institute of Aeronautical Materials|i|BJ|海淀区|1.5
中国农业科学院|Chinese Academy of Agricultural Sciences|i|BJ|海淀区|3
中国医学科学院药物研究所|Institute of Materia Medica, Chinese Academy of Medical Sciences|i|BJ|西城区|1.5
中国食品药品检定研究院|National Institutes for Food and Drug Control|i|BJ|大兴区|1
中国环境科学研究院|Chinese Research Academy of Environmental Sciences|i|BJ|朝阳区|1.5
中国建筑材料科学研究总院|China Building Materials Academy|i|BJ|朝阳区|1.5
北京市科学技术研究院|Beijing Academy of Science and Technology|i|BJ|海淀区|1.5
北京生命科学研究所|National Institute of Biological Sciences, Beijing|i|BJ|昌平区|1.5
中国电力科学研究院有限公司|China Electric Power Research Institute|i|BJ|海淀区|1.5
天津大学|Tianjin University|u|TJ|南开区|8
南开大学|Nankai University|u|TJ|南开区|7
天津医科大学|Tianjin Medical University|u|TJ|和平区|2.5
天津工业大学|Tiangong University|u|TJ|西青区|2.5
天津理工大学|Tianjin University of Technology|u|TJ|西青区|2
天津科技大学|Tianjin University of Science and Technology|u|TJ|滨海新区|2
天津师范大学|Tianjin Normal University|u|TJ|西青区|1.5
河北工业大学|Hebei University of Technology|u|TJ|北辰区|2.5
中国民航大学|Civil Aviation University of China|u|TJ|东丽区|1.5
天津中医药大学|Tianjin University of Traditional Chinese Medicine|u|TJ|静海区|1.5
天津城建大学|Tianjin Chengjian University|u|TJ|西青区|1
天津职业技术师范大学|Tianjin University of Technology and Education|u|TJ|河西区|1
天津农学院|Tianjin Agricultural University|u|TJ|西青区|0.8
天津商业大学|Tianjin University of Commerce|u|TJ|北辰区|0.8
中国科学院天津工业生物技术研究所|Tianjin Institute of Industrial Biotechnology, Chinese Academy of Sciences|i|TJ|滨海新区|2.5
国家海洋技术中心|National Ocean Technology Center|i|TJ|南开区|1.5
自然资源部天津海水淡化与综合利用研究所|Institute of Seawater Desalination and Multipurpose Utilization, MNR|i|TJ|南开区|1.2
中国医学科学院血液病医院（血液学研究所）|Institute of Hematology & Blood Diseases Hospital, CAMS|i|TJ|和平区|1.2
中国汽车技术研究中心有限公司|China Automotive Technology and Research Center|i|TJ|东丽区|1.5
天津市农业科学院|Tianjin Academy of Agricultural Sciences|i|TJ|西青区|1
中国电子科技集团公司第十八研究所|The 18th Research Institute of CETC|i|TJ|西青区|1
中国电子科技集团公司第四十六研究所|The 46th Research Institute of CETC|i|TJ|河西区|1
天津国际生物医药联合研究院|Tianjin International Joint Academy of Biomedicine|i|TJ|滨海新区|1
中国地质调查局天津地质调查中心|Tianjin Center, China Geological Survey|i|TJ|河东区|1
河北大学|Hebei University|u|HE|保定|4
燕山大学|Yanshan University|u|HE|秦皇岛|4
河北科技大学|Hebei University of Science and Technology|u|HE|石家庄|2.5
河北师范大学|Hebei Normal University|u|HE|石家庄|2
河北农业大学|Hebei Agricultural University|u|HE|保定|2
华北理工大学|North China University of Science and Technology|u|HE|唐山|2
河北医科大学|Hebei Medical University|u|HE|石家庄|2
石家庄铁道大学|Shijiazhuang Tiedao University|u|HE|石家庄|1.5
河北工程大学|Hebei University of Engineering|u|HE|邯郸|1.5
河北地质大学|Hebei GEO University|u|HE|石家庄|1.2
东北大学秦皇岛分校|Northeastern University at Qinhuangdao|u|HE|秦皇岛|1
北华航天工业学院|North China Institute of Aerospace Engineering|u|HE|廊坊|1
河北北方学院|Hebei North University|u|HE|张家口|0.8
承德医学院|Chengde Medical University|u|HE|承德|0.8
衡水学院|Hengshui University|u|HE|衡水|0.6
邢台学院|Xingtai University|u|HE|邢台|0.6
沧州师范学院|Cangzhou Normal University|u|HE|沧州|0.6
河北省科学院|Hebei Academy of Sciences|i|HE|石家庄|2
中国电子科技集团公司第十三研究所|The 13th Research Institute of CETC|i|HE|石家庄|1.5
中国电子科技集团公司第五十四研究所|The 54th Research Institute of CETC|i|HE|石家庄|1.5
河北省农林科学院|Hebei Academy of Agriculture and Forestry Sciences|i|HE|石家庄|1.5
中国地质科学院水文地质环境地质研究所|Institute of Hydrogeology and Environmental Geology, CAGS|i|HE|石家庄|1
河北省药品医疗器械检验研究院|Hebei Institute for Drug and Medical Device Control|i|HE|石家庄|0.8
京津冀科技资源共享服务中心|Beijing-Tianjin-Hebei S&T Resource Sharing Service Center|s|BJ|西城区|0
北京市科学技术委员会、中关村科技园区管理委员会|Beijing Municipal Science & Technology Commission, Administrative Commission of Zhongguancun Science Park|g|BJ|海淀区|0
天津市科学技术局|Tianjin Municipal Science and Technology Bureau|g|TJ|河西区|0
河北省科学技术厅|Department of Science and Technology of Hebei Province|g|HE|石家庄|0
河北华研新材料科技有限公司|Hebei Huayan New Materials Technology Co., Ltd.|e|HE|石家庄|1`;

const KINDS: Record<string, InstitutionKind> = {
	u: 'university',
	i: 'institute',
	e: 'enterprise',
	g: 'government',
	s: 'service'
};

export const NAMED_INSTITUTIONS: NamedInstitution[] = NAMED.split('\n').map((line) => {
	const [name_zh, name_en, kind, area, city, weight] = line.split('|');
	return { name_zh, name_en, kind: KINDS[kind], area: area as AreaCode, city, weight: Number(weight) };
});

/** Invented brand names for enterprises and service organisations: [zh, pinyin]. */
export const BRANDS: [string, string][] = [
	['华研', 'Huayan'], ['中科博远', 'Zhongke Boyuan'], ['瑞泰', 'Ruitai'], ['新锐', 'Xinrui'], ['恒信', 'Hengxin'],
	['金石', 'Jinshi'], ['冀新', 'Jixin'], ['津航', 'Jinhang'], ['京仪', 'Jingyi'], ['凯德', 'Kaide'],
	['海泰', 'Haitai'], ['赛特', 'Saite'], ['天晟', 'Tiansheng'], ['中鼎', 'Zhongding'], ['鼎新', 'Dingxin'],
	['宏达', 'Hongda'], ['启明', 'Qiming'], ['清源', 'Qingyuan'], ['远航', 'Yuanhang'], ['博瑞', 'Borui'],
	['华控', 'Huakong'], ['科润', 'Kerun'], ['晶华', 'Jinghua'], ['泰和', 'Taihe'], ['联创', 'Lianchuang'],
	['同创', 'Tongchuang'], ['诚研', 'Chengyan'], ['蓝海', 'Lanhai'], ['北辰', 'Beichen'], ['华北', 'Huabei'],
	['燕赵', 'Yanzhao'], ['渤海', 'Bohai'], ['中兴源', 'Zhongxingyuan'], ['未来', 'Weilai'], ['智源', 'Zhiyuan'],
	['润泽', 'Runze'], ['长城', 'Changcheng'], ['太行', 'Taihang'], ['海河', 'Haihe'], ['永定', 'Yongding'],
	['云杉', 'Yunshan'], ['星图', 'Xingtu'], ['易达', 'Yida'], ['金桥', 'Jinqiao'], ['康源', 'Kangyuan'],
	['睿思', 'Ruisi'], ['安泰', 'Antai'], ['中材', 'Zhongcai'], ['锐达', 'Ruida'], ['神州', 'Shenzhou'],
	['方圆', 'Fangyuan'], ['融创', 'Rongchuang'], ['航天精工', 'Hangtian Jinggong'], ['华测', 'Huace'], ['普瑞', 'Purui'],
	['科达', 'Keda'], ['弘毅', 'Hongyi'], ['嘉禾', 'Jiahe'], ['众诚', 'Zhongcheng'], ['昊天', 'Haotian']
];

/** Enterprise industries: [zh, en] of "… 有限公司". */
export const INDUSTRIES: [string, string][] = [
	['新材料科技有限公司', 'New Materials Technology Co., Ltd.'],
	['生物医药有限公司', 'Biopharmaceutical Co., Ltd.'],
	['精密仪器有限公司', 'Precision Instruments Co., Ltd.'],
	['电子科技有限公司', 'Electronic Technology Co., Ltd.'],
	['新能源科技有限公司', 'New Energy Technology Co., Ltd.'],
	['环保科技有限公司', 'Environmental Technology Co., Ltd.'],
	['智能装备有限公司', 'Intelligent Equipment Co., Ltd.'],
	['半导体有限公司', 'Semiconductor Co., Ltd.'],
	['医疗器械有限公司', 'Medical Devices Co., Ltd.'],
	['化工科技有限公司', 'Chemical Technology Co., Ltd.'],
	['信息技术有限公司', 'Information Technology Co., Ltd.'],
	['汽车零部件有限公司', 'Auto Parts Co., Ltd.'],
	['光电科技有限公司', 'Optoelectronics Technology Co., Ltd.'],
	['农业科技有限公司', 'Agricultural Technology Co., Ltd.'],
	['钢铁科技有限公司', 'Steel Technology Co., Ltd.']
];

/** Service organisations (incubator and maker space operators): [zh, en]. */
export const SERVICES: [string, string][] = [
	['创业孵化服务有限公司', 'Incubation Services Co., Ltd.'],
	['科技企业孵化器有限公司', 'Technology Business Incubator Co., Ltd.'],
	['众创空间管理有限公司', 'Maker Space Management Co., Ltd.'],
	['科技服务中心', 'Science and Technology Service Center'],
	['创新创业服务有限公司', 'Innovation and Entrepreneurship Services Co., Ltd.']
];
