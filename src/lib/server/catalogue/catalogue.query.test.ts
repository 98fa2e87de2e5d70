import { describe, expect, it } from 'vitest';
import { escapeLike, facilityQuerySchema, instrumentQuerySchema, parseLenient, parseStrict } from './catalogue.query';
import { searchTerms } from './instrument-search';

const params = (s: string) => new URLSearchParams(s);

describe('catalogue query parsing', () => {
	it('fills defaults and treats empty form fields as not given', () => {
		const r = parseStrict(instrumentQuerySchema, params('q=&area=&city=&kind=&sort=&page=&pageSize='));
		expect(r.success && r.data).toEqual({ q: '', sort: 'relevance', page: 1, pageSize: 20, area: undefined, city: undefined, kind: undefined, category: undefined, mode: undefined, status: undefined });
	});
	it('reads every filter', () => {
		const r = parseStrict(instrumentQuerySchema, params('q=+显微镜+&area=TJ&city=7&kind=testing_centre&category=01&mode=self&status=retired&sort=value&page=3&pageSize=100'));
		expect(r.success && r.data).toMatchObject({ q: '显微镜', area: 'TJ', city: 7, kind: 'testing_centre', category: '01', mode: 'self', status: 'retired', sort: 'value', page: 3, pageSize: 100 });
	});
	it('reports each bad parameter for the API', () => {
		const r = parseStrict(instrumentQuerySchema, params('area=SH&city=abc&pageSize=101&page=0&sort=random&mode=fast'));
		expect(r.success).toBe(false);
		expect(r.error?.issues.map((i) => i.path[0]).sort()).toEqual(['area', 'city', 'mode', 'page', 'pageSize', 'sort']);
	});
	it('replaces bad parameters by defaults for pages', () => {
		expect(parseLenient(instrumentQuerySchema, params('area=SH&kind=incubator&pageSize=1000&page=-1'))).toMatchObject({ area: undefined, kind: 'incubator', pageSize: 20, page: 1 });
		expect(parseLenient(facilityQuerySchema, params('area=HE&kind=castle'))).toEqual({ area: 'HE', kind: undefined, page: 1, pageSize: 20 });
	});
});

describe('search terms', () => {
	it('escapes LIKE wildcards and the escape character', () => {
		expect(escapeLike('100%_a\\b')).toBe('100\\%\\_a\\\\b');
	});
	it('splits words (AND) and expands abbreviations (OR), dropping alternatives implied by a shorter one', () => {
		const terms = searchTerms('质谱 NMR');
		expect(terms).toHaveLength(2);
		expect(terms[0].map((a) => a.pattern)).toEqual(['%质谱%', '%mass spectromet%']);
		expect(terms[1].map((a) => a.pattern)).toEqual(['%nmr%', '%核磁共振%']);
		expect(terms[1][1].grams).toEqual(['核磁', '磁共', '共振']);
	});
	it('gives a one-character word no bigrams', () => {
		expect(searchTerms('镜')).toEqual([[{ text: '镜', pattern: '%镜%', grams: [] }]]);
		expect(searchTerms('   ')).toEqual([]);
	});
});
