import { describe, expect, it } from 'vitest';
import { translator } from '../../i18n/locale';
import { describeDecision, describeMisses } from './reason';
import type { Decision, TypeFact } from './resolver';

const zh = translator('zh-CN');
const en = translator('en');
const tju: TypeFact = { id: 2, code: 'SEM-L2', nameZh: '扫描电镜独立操作（二级）', nameEn: 'SEM independent operation, level 2', institutionId: 2, institutionNameZh: '天津大学', institutionNameEn: 'Tianjin University', areaCode: 'TJ' };
const thu: TypeFact = { id: 1, code: 'SEM-THU', nameZh: '场发射扫描电镜自主上机', nameEn: 'FE-SEM self-operation', institutionId: 1, institutionNameZh: '清华大学', institutionNameEn: 'Tsinghua University', areaCode: 'BJ' };
// 2027-07-01 00:00 in Shanghai: the exclusive end of a grant valid until 2027-06-30
const JULY_1 = Date.UTC(2027, 5, 30, 16, 0);
const at = Date.UTC(2027, 0, 4, 1, 0);

describe('reasons for a self-operation decision', () => {
	it('says which agreement makes an outside qualification count, with its last valid day', () => {
		const d: Decision = { allowed: true, required: thu, at, basis: { kind: 'agreement', agreementKind: 'institution', agreementId: 12, held: { qualificationId: 5, type: tju }, until: JULY_1 } };
		expect(describeDecision(zh, 'zh-CN', d)).toBe('你可以自主上机，因为你持有的天津大学 SEM-L2 资质依据单位互认协议 #12 在本平台有效（视同清华大学 SEM-THU），至 2027-06-30。');
		expect(describeDecision(en, 'en', d)).toBe(
			'You may operate this instrument yourself because your Tianjin University SEM-L2 qualification counts here as Tsinghua University SEM-THU under institution recognition agreement #12, until 2027-06-30.'
		);
	});

	it('names the area agreement and the suspension when it no longer counts', () => {
		const d: Decision = { allowed: false, required: thu, at, misses: [{ code: 'agreement_suspended', held: { qualificationId: 5, type: tju }, via: { kind: 'agreement', id: 3 } }] };
		expect(describeDecision(zh, 'zh-CN', d)).toBe('你目前不能自主上机：你持有的天津大学 SEM-L2 资质所依据的互认协议 #3 已暂停。');
		expect(describeDecision(en, 'en', d)).toBe('You may not operate this instrument yourself at present: recognition agreement #3, under which your Tianjin University SEM-L2 qualification would count here, is suspended.');
	});

	it('explains a direct grant and the requirement when nothing is held', () => {
		const yes: Decision = { allowed: true, required: thu, at, basis: { kind: 'direct', held: { qualificationId: 1, type: thu }, until: JULY_1 } };
		expect(describeDecision(zh, 'zh-CN', yes)).toContain('你持有清华大学的 SEM-THU 资质（场发射扫描电镜自主上机），有效至 2027-06-30');
		const no: Decision = { allowed: false, required: thu, at, misses: [{ code: 'not_held' }] };
		expect(describeDecision(zh, 'zh-CN', no)).toContain('需要清华大学的 SEM-THU 资质');
		expect(describeDecision(en, 'en', no)).toContain('needs the Tsinghua University SEM-THU qualification (FE-SEM self-operation)');
	});

	it('gives the last valid day for an expiry exactly at the start, and the path for an expired recognised grant', () => {
		const d: Decision = {
			allowed: false,
			required: thu,
			at,
			misses: [
				{ code: 'expired', held: { qualificationId: 5, type: tju }, via: { kind: 'agreement', id: 12 }, date: JULY_1 },
				{ code: 'revoked', held: { qualificationId: 6, type: thu }, date: Date.UTC(2027, 0, 2, 3, 0), detail: '违规操作' }
			]
		};
		const lines = describeMisses(zh, 'zh-CN', d);
		expect(lines[0]).toBe('你的天津大学 SEM-L2 资质有效期至 2027-06-30，到预约开始时已过期（经互认协议 #12）');
		expect(lines[1]).toBe('你的清华大学 SEM-THU 资质已于 2027-01-02 被撤销（违规操作）');
		expect(describeMisses(en, 'en', d)[1]).toBe('your Tsinghua University SEM-THU qualification was revoked on 2027-01-02 (违规操作)');
	});

	it('has no placeholder left unfilled in any reason', () => {
		const codes = ['not_held', 'unknown_type', 'not_yet_valid', 'expired', 'revoked', 'lapsed', 'agreement_pending', 'agreement_suspended', 'agreement_ended', 'agreement_out_of_period', 'case_pending', 'case_revoked', 'case_expired'] as const;
		for (const t of [zh, en]) {
			for (const code of codes) {
				const d: Decision = { allowed: false, required: thu, at, misses: [{ code, held: { qualificationId: 5, type: tju }, via: { kind: 'case', id: 4 }, date: JULY_1, days: 180, detail: 'x' }] };
				expect(describeDecision(t, t === zh ? 'zh-CN' : 'en', d)).not.toMatch(/[{}]|qualification\./);
			}
		}
	});
});
