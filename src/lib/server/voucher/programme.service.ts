// Voucher programmes: set up by the issuing area's authority (admin or that area's evaluator);
// the programme and its shared-resource list are public, so providers and enterprises can see them.
import { validateProgramme, type VoucherModel, type VoucherScope } from '../../domain/voucher/voucher-rules';
import { withWriteTransaction, type Db } from '../db/dialect';
import type { Roles } from '../auth/roles';
import type { SessionUser } from '../auth/session';
import type { AreaCode } from '../db/schema';
import { writeAudit } from '../audit/audit.repository';
import { ServiceError } from '../booking/booking.errors';
import { isAuthorityFor } from './access';
import * as repo from './voucher.repository';

export interface ProgrammeInput {
	issuerArea: AreaCode;
	nameZh: string;
	nameEn: string;
	year: number;
	budgetFen: number;
	ratioBp: number;
	capFen: number;
	validFrom: number;
	validTo: number;
	model: VoucherModel;
	scope: VoucherScope;
	facilityIds: number[];
	institutionIds: number[];
}

export async function createProgramme(db: Db, user: SessionUser, roles: Roles, input: ProgrammeInput, now = Date.now()) {
	if (!isAuthorityFor(roles, input.issuerArea)) throw new ServiceError('forbidden');
	const facilityIds = input.scope === 'list' ? [...new Set(input.facilityIds)] : [];
	const institutionIds = input.scope === 'list' ? [...new Set(input.institutionIds)] : [];
	const problems = validateProgramme({ ...input, listSize: facilityIds.length + institutionIds.length });
	if (problems.length > 0) throw new ServiceError('conflict', problems);
	return withWriteTransaction(db, async (trx) => {
		if (facilityIds.length) {
			const found = await trx.selectFrom('facilities').select('id').where('id', 'in', facilityIds).execute();
			if (found.length !== facilityIds.length) throw new ServiceError('conflict', [{ code: 'voucher_provider_unknown' }]);
		}
		if (institutionIds.length) {
			const found = await trx.selectFrom('institutions').select('id').where('id', 'in', institutionIds).execute();
			if (found.length !== institutionIds.length) throw new ServiceError('conflict', [{ code: 'voucher_provider_unknown' }]);
		}
		const row = await trx
			.insertInto('voucher_programmes')
			.values({
				issuer_area: input.issuerArea,
				name_zh: input.nameZh.trim(),
				name_en: input.nameEn.trim(),
				year: input.year,
				budget_fen: input.budgetFen,
				ratio_bp: input.ratioBp,
				cap_fen: input.capFen,
				valid_from: input.validFrom,
				valid_to: input.validTo,
				model: input.model,
				scope: input.scope,
				created_by: user.id,
				created_at: now,
				updated_at: now
			})
			.returningAll()
			.executeTakeFirstOrThrow();
		const providers = [...facilityIds.map((f) => ({ programme_id: row.id, facility_id: f, institution_id: null })), ...institutionIds.map((i) => ({ programme_id: row.id, facility_id: null, institution_id: i }))];
		if (providers.length) await trx.insertInto('voucher_programme_providers').values(providers).execute();
		await writeAudit(trx, { actorUserId: user.id, entity: 'voucher_programme', entityId: row.id, action: 'create', after: { ...row, facilityIds, institutionIds }, at: now });
		return row;
	});
}

/** Open or close a programme (closing stops applications; approved grants stay spendable until expiry). */
export async function setProgrammeStatus(db: Db, user: SessionUser, roles: Roles, programmeId: number, status: 'open' | 'closed', now = Date.now()) {
	return withWriteTransaction(db, async (trx) => {
		const before = await repo.findProgramme(trx, programmeId);
		if (!before) throw new ServiceError('not_found');
		if (!isAuthorityFor(roles, before.issuer_area)) throw new ServiceError('forbidden');
		await trx.updateTable('voucher_programmes').set({ status, updated_at: now }).where('id', '=', programmeId).execute();
		await writeAudit(trx, { actorUserId: user.id, entity: 'voucher_programme', entityId: programmeId, action: status === 'open' ? 'open' : 'close', before, after: { status }, at: now });
	});
}

/** Public: every programme with what it is (not who holds grants). */
export async function publicProgrammes(db: Db) {
	const rows = await repo.listProgrammes(db.kysely);
	return rows.map(({ granted_fen: _granted, created_by: _by, ...p }) => p);
}

/** Public: one programme with its shared-resource list (共享资源清单). */
export async function publicProgramme(db: Db, programmeId: number) {
	const p = await repo.findProgramme(db.kysely, programmeId);
	if (!p) return null;
	const { granted_fen: _granted, created_by: _by, ...programme } = p;
	return { programme, providers: await repo.listProviders(db.kysely, programmeId) };
}

/** The authority's view: programmes of its areas with the budget granted. */
export async function authorityProgrammes(db: Db, areas: AreaCode[]) {
	return repo.listProgrammes(db.kysely, areas);
}

/** CSV of a programme's shared-resource list (UTF-8 with BOM so spreadsheet programs read the Chinese). */
export function providersCsv(providers: Awaited<ReturnType<typeof repo.listProviders>>): string {
	const esc = (v: unknown) => {
		const s = String(v ?? '');
		return /[",\n\r]/.test(s) || /^[=+\-@]/.test(s) ? `"${s.replace(/"/g, '""').replace(/^([=+\-@])/, "'$1")}"` : s;
	};
	const lines = [['facility_id', 'facility', 'institution_id', 'institution', 'area'].join(',')];
	for (const p of providers) lines.push([p.facility_id ?? '', p.facility_zh ?? '', p.institution_id ?? '', p.institution_zh ?? '', p.facility_area ?? p.institution_area ?? ''].map(esc).join(','));
	return '\uFEFF' + lines.join('\r\n') + '\r\n';
}
