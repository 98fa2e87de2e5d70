// Research topics that name facilities (先进材料国家重点实验室, 河北省电力装备工程技术研究中心 …).
// The domain steers which instrument types a facility of that topic holds.

export type Domain =
	| 'mat' | 'chem' | 'bio' | 'med' | 'elec' | 'mech' | 'energy' | 'earth' | 'env'
	| 'marine' | 'atmo' | 'nuc' | 'optic' | 'comp' | 'astro' | 'agri' | 'civil' | 'maker';

export interface Topic {
	zh: string;
	en: string;
	domain: Domain;
}

// zh | en | domain
const TOPICS_TEXT = `先进材料|Advanced Materials|mat
新型陶瓷与精细工艺|New Ceramics and Fine Processing|mat
金属材料强韧化|Strengthening and Toughening of Metallic Materials|mat
高分子材料加工|Polymer Materials Processing|mat
纳米材料与器件|Nanomaterials and Devices|mat
稀土材料化学及应用|Rare Earth Materials Chemistry and Applications|mat
功能晶体材料|Functional Crystal Materials|mat
复合材料|Composite Materials|mat
先进钢铁材料技术|Advanced Steel Materials Technology|mat
有色金属新材料|Advanced Non-ferrous Metal Materials|mat
碳纤维及复合材料|Carbon Fibre and Composites|mat
磁性材料与器件|Magnetic Materials and Devices|mat
生物医用材料|Biomedical Materials|mat
膜分离材料|Membrane Separation Materials|mat
超硬材料|Superhard Materials|mat
二维材料|Two-dimensional Materials|mat
智能材料与结构|Smart Materials and Structures|mat
高性能纤维|High-performance Fibres|mat
表面与界面工程|Surface and Interface Engineering|mat
粉末冶金|Powder Metallurgy|mat
有机无机复合材料|Organic-Inorganic Composites|mat
玻璃与非晶材料|Glass and Amorphous Materials|mat
亚稳材料制备技术与科学|Metastable Materials Science and Technology|mat
纺织新材料|New Textile Materials|mat
钢铁冶金|Ferrous Metallurgy|mat
冶金工程|Metallurgical Engineering|mat
超导|Superconductivity|mat
表面物理|Surface Physics|mat
凝聚态物理|Condensed Matter Physics|mat
低维量子物理|Low-dimensional Quantum Physics|mat
分子反应动力学|Molecular Reaction Dynamics|chem
结构化学|Structural Chemistry|chem
元素有机化学|Elemento-Organic Chemistry|chem
催化基础|Catalysis|chem
绿色化工|Green Chemical Engineering|chem
化学工程联合|Chemical Engineering|chem
精细化工|Fine Chemicals|chem
分离科学与技术|Separation Science and Technology|chem
分析化学与仪器|Analytical Chemistry and Instrumentation|chem
石油化工催化|Petrochemical Catalysis|chem
重质油加工|Heavy Oil Processing|chem
煤炭清洁转化|Clean Coal Conversion|chem
光化学转换与功能材料|Photochemical Conversion and Functional Materials|chem
药物化学|Medicinal Chemistry|chem
造纸与生物质|Papermaking and Biomass|chem
化工资源有效利用|Chemical Resource Engineering|chem
蛋白质与植物基因研究|Protein and Plant Gene Research|bio
膜生物学|Membrane Biology|bio
生物大分子|Biomacromolecules|bio
干细胞与生殖生物学|Stem Cell and Reproductive Biology|bio
微生物资源|Microbial Resources|bio
工业生物技术|Industrial Biotechnology|bio
合成生物学|Synthetic Biology|bio
酶工程|Enzyme Engineering|bio
发酵工程|Fermentation Engineering|bio
蛋白质组学|Proteomics|bio
基因组学|Genomics|bio
生物芯片|Biochips|bio
医药生物技术|Pharmaceutical Biotechnology|bio
细胞分析与调控|Cell Analysis and Regulation|bio
天然药物及仿生药物|Natural and Biomimetic Drugs|med
神经科学|Neuroscience|med
认知神经科学与学习|Cognitive Neuroscience and Learning|med
分子肿瘤学|Molecular Oncology|med
心血管疾病|Cardiovascular Disease|med
实验血液学|Experimental Haematology|med
病原微生物|Pathogenic Microbiology|med
免疫学|Immunology|med
医学分子生物学|Medical Molecular Biology|med
中药质量控制|Quality Control of Traditional Chinese Medicine|med
创新药物评价|Innovative Drug Evaluation|med
医学影像|Medical Imaging|med
口腔医学|Oral Medicine|med
生物医学工程|Biomedical Engineering|med
医疗器械检测|Medical Device Testing|med
疫苗研发|Vaccine Research and Development|med
中医药现代化|Modernisation of Traditional Chinese Medicine|med
康复工程|Rehabilitation Engineering|med
作物遗传改良|Crop Genetic Improvement|agri
农业生物技术|Agricultural Biotechnology|agri
动物营养|Animal Nutrition|agri
植物病虫害生物学|Biology of Plant Diseases and Insect Pests|agri
土壤与农业可持续发展|Soil and Sustainable Agriculture|agri
设施农业|Protected Agriculture|agri
食品科学与技术|Food Science and Technology|agri
食品安全检测|Food Safety Testing|agri
林木育种|Tree Breeding|agri
节水灌溉|Water-saving Irrigation|agri
植物生理与生物化学|Plant Physiology and Biochemistry|agri
集成电路|Integrated Circuits|elec
半导体超晶格|Semiconductor Superlattices|elec
宽禁带半导体|Wide Bandgap Semiconductors|elec
微纳加工|Micro and Nano Fabrication|elec
功率半导体器件|Power Semiconductor Devices|elec
微波毫米波|Microwave and Millimetre Wave|elec
电磁兼容|Electromagnetic Compatibility|elec
天线与射频技术|Antennas and RF Technology|elec
移动通信|Mobile Communications|elec
卫星导航|Satellite Navigation|elec
雷达信号处理|Radar Signal Processing|elec
传感器技术|Sensor Technology|elec
智能感知|Intelligent Sensing|elec
先进控制技术|Advanced Control Technology|elec
集成光电子学|Integrated Optoelectronics|optic
信息光子学与光通信|Information Photonics and Optical Communications|optic
量子信息|Quantum Information|optic
强场激光物理|Strong-field Laser Physics|optic
精密测量物理|Precision Measurement Physics|optic
激光技术|Laser Technology|optic
光学精密工程|Optical Precision Engineering|optic
光电检测技术|Photoelectric Detection Technology|optic
超快光学|Ultrafast Optics|optic
网络与交换技术|Networking and Switching Technology|comp
物联网|Internet of Things|comp
软件开发环境|Software Development Environment|comp
计算机体系结构|Computer Architecture|comp
模式识别|Pattern Recognition|comp
人工智能|Artificial Intelligence|comp
大数据分析|Big Data Analytics|comp
网络空间安全|Cyberspace Security|comp
虚拟现实技术与系统|Virtual Reality Technology and Systems|comp
高性能计算|High Performance Computing|comp
工业互联网|Industrial Internet|comp
精密测试技术及仪器|Precision Measurement Technology and Instruments|mech
机械系统与振动|Mechanical Systems and Vibration|mech
摩擦学|Tribology|mech
数字制造装备与技术|Digital Manufacturing Equipment and Technology|mech
增材制造|Additive Manufacturing|mech
精密超精密加工|Precision and Ultra-precision Machining|mech
机器人技术|Robotics|mech
智能制造|Intelligent Manufacturing|mech
高端数控机床|High-end CNC Machine Tools|mech
轨道交通控制与安全|Rail Traffic Control and Safety|mech
汽车安全与节能|Automotive Safety and Energy|mech
航空发动机|Aero Engines|mech
飞行器设计|Aircraft Design|mech
航天器热控|Spacecraft Thermal Control|mech
流体机械|Fluid Machinery|mech
焊接与连接|Welding and Joining|mech
无损检测|Non-destructive Testing|mech
工业过程自动化|Industrial Process Automation|mech
仪器科学|Instrument Science|mech
计量测试技术|Metrology and Testing Technology|mech
物流装备|Logistics Equipment|mech
新能源汽车|New Energy Vehicles|energy
内燃机燃烧|Engine Combustion|energy
新能源电力系统|New Energy Power Systems|energy
电力设备电气绝缘|Electrical Insulation of Power Equipment|energy
智能电网|Smart Grid|energy
电力装备|Electric Power Equipment|energy
储能技术|Energy Storage Technology|energy
氢能|Hydrogen Energy|energy
光伏发电|Photovoltaic Power Generation|energy
风力发电|Wind Power|energy
动力电池|Power Batteries|energy
燃料电池|Fuel Cells|energy
煤炭高效利用|Efficient Coal Utilisation|energy
工程热物理|Engineering Thermophysics|energy
电化学能源|Electrochemical Energy|energy
生物质能源|Biomass Energy|energy
核能与核技术|Nuclear Energy and Technology|nuc
核探测与核电子学|Nuclear Detection and Nuclear Electronics|nuc
辐射防护|Radiation Protection|nuc
同位素技术|Isotope Technology|nuc
粒子物理|Particle Physics|nuc
岩石圈演化|Lithospheric Evolution|earth
地质过程与矿产资源|Geological Processes and Mineral Resources|earth
油气资源与探测|Petroleum Resources and Prospecting|earth
煤炭资源与安全开采|Coal Resources and Safe Mining|earth
深部岩土力学|Deep Geomechanics|earth
地震动力学|Earthquake Dynamics|earth
地下水科学|Groundwater Science|earth
遥感科学|Remote Sensing Science|earth
地理信息系统|Geographic Information Systems|earth
矿物加工|Mineral Processing|earth
大气边界层物理和大气化学|Atmospheric Boundary Layer Physics and Atmospheric Chemistry|atmo
大气环境监测|Atmospheric Environment Monitoring|atmo
气候变化|Climate Change|atmo
大气污染控制|Air Pollution Control|env
环境模拟与污染控制|Environmental Simulation and Pollution Control|env
水污染控制|Water Pollution Control|env
环境化学与生态毒理学|Environmental Chemistry and Ecotoxicology|env
城市水资源与水环境|Urban Water Resources and Water Environment|env
固体废物资源化|Solid Waste Recycling|env
土壤污染修复|Soil Pollution Remediation|env
生态系统研究|Ecosystem Research|env
海水淡化|Seawater Desalination|marine
海洋观测技术|Ocean Observation Technology|marine
海洋环境保护|Marine Environmental Protection|marine
近海工程|Coastal and Offshore Engineering|marine
港口航道|Ports and Waterways|marine
海洋生物资源|Marine Biological Resources|marine
船舶与海洋工程|Naval Architecture and Ocean Engineering|marine
天文光学|Astronomical Optics|astro
空间天气|Space Weather|astro
太阳活动|Solar Activity|astro
空间科学与技术|Space Science and Technology|astro
建筑材料|Building Materials|civil
桥梁工程|Bridge Engineering|civil
土木工程防灾|Civil Engineering Disaster Prevention|civil
绿色建筑|Green Buildings|civil
道路材料|Pavement Materials|civil
地下工程|Underground Engineering|civil
水利工程|Hydraulic Engineering|civil
安全科学|Safety Science|civil
交通运输工程|Transportation Engineering|civil`;

export const TOPICS: Topic[] = TOPICS_TEXT.split('\n').map((line) => {
	const [zh, en, domain] = line.split('|');
	return { zh, en, domain: domain as Domain };
});

/** Ministries whose key labs count as provincial/ministerial (省部级): who may host, which topics. */
export const MINISTRIES: { zh: string; en: string; hosts: 'university' | 'institute' | 'any'; domains?: Domain[] }[] = [
	{ zh: '教育部', en: 'Ministry of Education', hosts: 'university' },
	{ zh: '中国科学院', en: 'Chinese Academy of Sciences', hosts: 'institute' },
	{ zh: '工业和信息化部', en: 'Ministry of Industry and Information Technology', hosts: 'any', domains: ['mat', 'elec', 'mech', 'comp', 'energy', 'optic'] },
	{ zh: '农业农村部', en: 'Ministry of Agriculture and Rural Affairs', hosts: 'any', domains: ['agri', 'bio'] },
	{ zh: '国家卫生健康委', en: 'National Health Commission', hosts: 'any', domains: ['med'] },
	{ zh: '自然资源部', en: 'Ministry of Natural Resources', hosts: 'any', domains: ['earth', 'marine'] },
	{ zh: '生态环境部', en: 'Ministry of Ecology and Environment', hosts: 'any', domains: ['env', 'atmo'] }
];

/** Words for incubator and maker space names: [zh, en]. */
export const INCUBATOR_WORDS: [string, string][] = [
	['启航', 'Qihang'], ['创源', 'Chuangyuan'], ['星火', 'Xinghuo'], ['未来港', 'Future Harbour'], ['智谷', 'Zhigu'],
	['创客汇', 'Makers Hub'], ['青创', 'Qingchuang'], ['科创', 'Kechuang'], ['梦工场', 'Dream Works'], ['硬科技', 'Hard Tech'],
	['知行', 'Zhixing'], ['厚德', 'Houde'], ['领航', 'Linghang'], ['火炬', 'Torch'], ['蓝海', 'Blue Ocean'],
	['云端', 'Cloud'], ['智造', 'Smart Making'], ['融智', 'Rongzhi'], ['海归', 'Returnee'], ['众智', 'Zhongzhi'],
	['创新工场', 'Innovation Works'], ['车库', 'Garage'], ['极客', 'Geek'], ['新动能', 'New Momentum'], ['协同', 'Synergy']
];

export const INCUBATOR_SUFFIXES: [string, string][] = [
	['科技企业孵化器', 'S&T Business Incubator'],
	['创业园', 'Entrepreneurship Park'],
	['留学人员创业园', "Returned Scholars' Entrepreneurship Park"],
	['大学科技园', 'University Science Park'],
	['生物医药孵化器', 'Biomedicine Incubator']
];
