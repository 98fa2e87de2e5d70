import { describe, expect, it } from 'vitest';
import { validateInstrument, type RawInstrument } from './instrument-input';

const today = '2026-11-27';
const good: RawInstrument = {
	nameZh: '场发射扫描电子显微镜',
	nameEn: 'Field emission SEM',
	model: 'GeminiSEM 560',
	manufacturer: 'ZEISS',
	categoryCode: '01',
	valueYuan: '4,800,000.50',
	purchaseYear: '2025',
	acceptanceDate: '2026-03-02',
	accreditations: 'cma, CNAS',
	specifications: '分辨率 0.5 nm',
	modes: '自主上机、送样检测',
	status: '',
	priceHourYuan: '300',
	published: '是'
};

describe('validateInstrument', () => {
	it('normalises a good row: fen, category, modes, accreditations, defaults', () => {
		const r = validateInstrument(good, today);
		expect(r.ok).toBe(true);
		if (!r.ok) return;
		expect(r.value).toMatchObject({ valueFen: 480_000_050, categoryCode: '01', modes: ['self', 'sample'], accreditations: 'CMA,CNAS', status: 'in_service', priceHourFen: 30_000, published: true, purchaseYear: 2025 });
	});
	it('accepts a category by its Chinese name and a date written with slashes', () => {
		const r = validateInstrument({ ...good, categoryCode: '物理性能测试仪器', acceptanceDate: '2026/3/2' }, today);
		expect(r.ok && r.value.categoryCode).toBe('02');
		expect(r.ok && r.value.acceptanceDate).toBe('2026-03-02');
	});
	it('reports every bad field at once', () => {
		const r = validateInstrument({ ...good, nameZh: 'x', valueYuan: '12.345', purchaseYear: '2027', modes: 'fly', categoryCode: '99', status: 'broken' }, today);
		expect(r.ok).toBe(false);
		if (r.ok) return;
		expect(r.problems.map((p) => p.field).sort()).toEqual(['categoryCode', 'modes', 'nameZh', 'purchaseYear', 'status', 'valueYuan']);
	});
	it('accepts acceptance today and refuses tomorrow', () => {
		expect(validateInstrument({ ...good, acceptanceDate: today }, today).ok).toBe(true);
		const r = validateInstrument({ ...good, acceptanceDate: '2026-11-28' }, today);
		expect(!r.ok && r.problems[0].code).toBe('instrument_acceptance_future');
	});
	it('refuses an acceptance before the purchase year and a value of zero', () => {
		const r = validateInstrument({ ...good, acceptanceDate: '2024-12-31', valueYuan: '0' }, today);
		expect(!r.ok && r.problems.map((p) => p.code)).toEqual(['instrument_value_invalid', 'instrument_acceptance_before_purchase']);
	});
	it('requires at least one service mode and takes modes as a list', () => {
		expect(validateInstrument({ ...good, modes: '' }, today).ok).toBe(false);
		const r = validateInstrument({ ...good, modes: ['assisted', 'self'] }, today);
		expect(r.ok && r.value.modes).toEqual(['self', 'assisted']);
	});
});
