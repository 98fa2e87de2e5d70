// Top level of the national classification of large research instruments (大型科研仪器分类).

export interface Category {
	code: string;
	zh: string;
	en: string;
}

export const CATEGORIES: Category[] = [
	{ code: '01', zh: '分析仪器', en: 'Analytical instruments' },
	{ code: '02', zh: '物理性能测试仪器', en: 'Physical property testing instruments' },
	{ code: '03', zh: '计量仪器', en: 'Metrology instruments' },
	{ code: '04', zh: '电子测量仪器', en: 'Electronic measuring instruments' },
	{ code: '05', zh: '海洋仪器', en: 'Marine instruments' },
	{ code: '06', zh: '地球探测仪器', en: 'Earth exploration instruments' },
	{ code: '07', zh: '大气探测仪器', en: 'Atmospheric sounding instruments' },
	{ code: '08', zh: '特种检测仪器', en: 'Special inspection instruments' },
	{ code: '09', zh: '医学科研仪器', en: 'Medical research instruments' },
	{ code: '10', zh: '核仪器', en: 'Nuclear instruments' },
	{ code: '11', zh: '激光器', en: 'Lasers' },
	{ code: '12', zh: '工艺试验仪器', en: 'Process testing instruments' },
	{ code: '13', zh: '计算机及其配套设备', en: 'Computers and peripherals' },
	{ code: '14', zh: '天文仪器', en: 'Astronomical instruments' },
	{ code: '15', zh: '其他仪器', en: 'Other instruments' }
];

export const CATEGORY_CODES = CATEGORIES.map((c) => c.code);

export function categoryByCode(code: string): Category | undefined {
	return CATEGORIES.find((c) => c.code === code);
}

/** Large instrument threshold: original value of at least 500,000 yuan (in fen). */
export const LARGE_INSTRUMENT_VALUE_FEN = 500_000 * 100;
