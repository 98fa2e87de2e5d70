// A voucher world on top of the booking world: a Hebei 通兑 programme open to all providers, the
// Hebei evaluator as its authority, and an approved grant for the Hebei enterprise researcher.
import type { Db } from '../../src/lib/server/db/dialect';
import type { SessionUser } from '../../src/lib/server/auth/session';
import { loadRoles } from '../../src/lib/server/auth/roles';
import { createProgramme } from '../../src/lib/server/voucher/programme.service';
import { applyForGrant, approveGrant } from '../../src/lib/server/voucher/grant.service';
import { buildBookingWorld } from './booking-world';
import { newUser } from './fixtures';

export async function buildVoucherWorld(db: Db, o: { ratioBp?: number; grantFen?: number; budgetFen?: number; capFen?: number; model?: 'general' | 'exchange' } = {}) {
	const world = await buildBookingWorld(db, { approvalMode: 'auto', crossAreaNeedsApproval: false });
	const ev = await newUser(db, { area: 'HE', role: 'evaluator', roleArea: 'HE', name: 'ev.he' });
	const evaluatorHe: SessionUser = { id: ev.id, email: ev.email, name: ev.name, institutionId: ev.institution_id, institutionName: '', areaCode: 'HE', locale: 'zh-CN' };
	const evaluatorHeRoles = await loadRoles(db, ev.id);
	const programme = await createProgramme(db, evaluatorHe, evaluatorHeRoles, {
		issuerArea: 'HE',
		nameZh: '河北省科技创新券（通用通兑）',
		nameEn: 'Hebei innovation voucher',
		year: 2027,
		budgetFen: o.budgetFen ?? 10_000_000,
		ratioBp: o.ratioBp ?? 5_000,
		capFen: o.capFen ?? 1_000_000,
		validFrom: world.now - 86_400_000,
		validTo: world.now + 365 * 86_400_000,
		model: o.model ?? 'exchange',
		scope: 'all',
		facilityIds: [],
		institutionIds: []
	}, world.now);
	let grantId = 0;
	if (o.grantFen !== 0) {
		const g = await applyForGrant(db, world.researcherHe, programme.id, o.grantFen ?? 500_000, '测试', world.now);
		await approveGrant(db, evaluatorHe, evaluatorHeRoles, g.id, o.grantFen ?? 500_000, world.now);
		grantId = g.id;
	}
	return { ...world, evaluatorHe, evaluatorHeRoles, programme, grantId };
}
