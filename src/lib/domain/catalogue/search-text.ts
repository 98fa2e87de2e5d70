// Catalogue search text: normalisation, bigrams for the portable inverted index, and abbreviations.
// Search works on any substring of 2+ characters in Chinese or English: the query's bigrams select
// candidates from the index, then a substring test on the normalised text confirms each one.

/** Lower-cases, folds full-width forms to ASCII and collapses whitespace. */
export function normalise(text: string): string {
	return text
		.normalize('NFKC')
		.toLowerCase()
		.replace(/[\s\u3000]+/g, ' ')
		.trim();
}

/** The distinct bigrams of a normalised string, skipping those that contain a space. */
export function bigrams(text: string): string[] {
	const chars = Array.from(text);
	const out = new Set<string>();
	for (let i = 0; i + 1 < chars.length; i++) {
		const g = chars[i] + chars[i + 1];
		if (!/\s/.test(g)) out.add(g);
	}
	return [...out];
}

/** Common abbreviations and short names, each mapped to the full terms it should also find. */
export const ABBREVIATIONS: Record<string, string[]> = {
	电镜: ['电子显微镜'],
	扫描电镜: ['扫描电子显微镜'],
	透射电镜: ['透射电子显微镜'],
	sem: ['扫描电子显微镜', 'scanning electron microscope'],
	tem: ['透射电子显微镜', 'transmission electron microscope'],
	nmr: ['核磁共振'],
	核磁: ['核磁共振'],
	xrd: ['x射线衍射', 'x-ray diffract'],
	xps: ['x射线光电子能谱', 'photoelectron spectro'],
	afm: ['原子力显微镜', 'atomic force microscope'],
	'gc-ms': ['气相色谱-质谱', 'gas chromatograph'],
	gcms: ['气相色谱-质谱', 'gas chromatograph'],
	'lc-ms': ['液相色谱-质谱', 'liquid chromatograph'],
	lcms: ['液相色谱-质谱', 'liquid chromatograph'],
	hplc: ['高效液相色谱', 'high performance liquid chromatograph'],
	'icp-ms': ['电感耦合等离子体质谱'],
	icp: ['电感耦合等离子体'],
	ftir: ['傅里叶变换红外', 'fourier transform infrared'],
	ct: ['计算机断层', 'computed tomography'],
	mri: ['磁共振成像', 'magnetic resonance imaging'],
	epr: ['电子顺磁共振'],
	esr: ['电子顺磁共振'],
	dsc: ['差示扫描量热', 'differential scanning calorimet'],
	tga: ['热重分析', 'thermogravimetric'],
	流式: ['流式细胞仪'],
	质谱: ['质谱仪', 'mass spectromet'],
	色谱: ['色谱仪', 'chromatograph'],
	激光共聚焦: ['激光扫描共聚焦显微镜', 'confocal']
};

export interface SearchTerm {
	/** alternatives: the instrument matches the term when its text contains any of them */
	alternatives: string[];
}

/** Splits a query into terms (AND), each with its abbreviation expansions (OR). */
export function parseQuery(q: string): SearchTerm[] {
	const text = normalise(q).slice(0, 100);
	if (!text) return [];
	return text
		.split(' ')
		.filter(Boolean)
		.slice(0, 6)
		.map((word) => ({ alternatives: [word, ...(ABBREVIATIONS[word] ?? [])].map(normalise) }));
}

/** Builds the normalised search text of an instrument from its searchable fields. */
export function instrumentSearchText(fields: {
	nameZh: string;
	nameEn: string;
	model: string;
	manufacturer: string;
	facilityName: string;
	institutionName: string;
}): string {
	return normalise(
		[fields.nameZh, fields.nameEn, fields.model, fields.manufacturer, fields.facilityName, fields.institutionName].join(
			' | '
		)
	);
}
