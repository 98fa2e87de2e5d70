// Bulk import of a facility's instruments from CSV or XLSX: every row is validated first and the
// report lists every problem; only a file without any problem is written, in one transaction.
import type { Db } from '../db/dialect';
import { writeAudit } from '../audit/audit.repository';
import { ServiceError } from '../booking/booking.errors';
import { indexInstruments } from '../catalogue/catalogue.repository';
import { managesFacility } from '../auth/roles';
import { validateImport, type ImportProblem } from '../../domain/instrument/import-rows';
import { localDate } from '../../domain/time/zone';
import { adminTransaction, type Actor } from './instrument-admin.service';
import * as repo from './instrument-admin.repository';
import { readTableFile } from './table-file';

export type ImportOutcome = { ok: true; ids: number[] } | { ok: false; problems: ImportProblem[]; rowCount: number };

export async function importInstruments(db: Db, actor: Actor, facilityId: number, file: { name: string; bytes: Uint8Array }, now = Date.now()): Promise<ImportOutcome> {
	if (!managesFacility(actor.roles, facilityId)) throw new ServiceError('forbidden', [{ code: 'instrument_forbidden' }]);
	const read = await readTableFile(file.name, file.bytes);
	if (!read.ok) return { ok: false, problems: [{ row: 0, field: null, code: read.code }], rowCount: 0 };
	const checked = validateImport(read.table, localDate(now, 'Asia/Shanghai'));
	if (!checked.ok) return checked;
	const ids = await adminTransaction(db, { facilityIds: [facilityId] }, async (trx) => {
		const facility = await repo.findFacility(trx, facilityId);
		if (!facility) throw new ServiceError('not_found', [{ code: 'instrument_facility_not_found' }]);
		const created: number[] = [];
		for (const { row, value } of checked.rows) {
			const id = await repo.insertInstrument(trx, facility, value, now);
			created.push(id);
			await writeAudit(trx, {
				actorUserId: actor.userId,
				entity: 'instrument',
				entityId: id,
				action: 'import',
				after: { ...value, facility_id: facilityId, file: file.name.slice(0, 200), row },
				at: now
			});
		}
		await indexInstruments(trx, created);
		return created;
	});
	return { ok: true, ids };
}
