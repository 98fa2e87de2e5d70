// Sample testing (送样检测): a researcher requests, the facility's manager accepts with a quote or
// rejects, schedules instrument time (a 'sample' booking), and moves it on to the report with a
// result file only the requester and the facility's managers may download. Audited, notified.
import type { Kysely } from 'kysely';
import { withWriteTransaction, lockRow, type Db } from '../db/dialect';
import type { Database } from '../db/schema';
import type { SampleStatus } from '../db/tables/usage';
import type { SessionUser } from '../auth/session';
import { managesFacility, type Roles } from '../auth/roles';
import { writeAudit } from '../audit/audit.repository';
import { ServiceError, type ServiceProblem } from '../booking/booking.errors';
import { findActiveOverlaps } from '../booking/booking.repository';
import { parseModes } from '../../domain/catalogue/facility-kinds';
import { canMoveSample, canScheduleSample, MAX_RESULT_BYTES } from '../../domain/usage/sample-status';
import { enqueueNotification, notifyFacilityManagers } from '../notification/notification.outbox';
import { translator, type MessageKey } from '../../i18n/locale';
import { toLocale } from '../notification/notification.render';
import * as repo from './sample.repository';
import { readResult, removeResult, resultExtension, saveResult } from './result-store';
import { afterSampleAccepted, afterSampleEnded, afterSampleReported, afterSampleRequested } from '../voucher/sample-voucher.service'; // sample money: quote, voucher, service order

export interface SampleRequestInput {
	instrumentId: number;
	sampleCount: number;
	sampleKind: string;
	hazards: string;
	wantedDate: string | null;
	notes: string;
	/** sample vouchers: the enterprise grant to reserve the voucher share on */
	voucherGrantId?: number | null;
}

const conflict = (...problems: ServiceProblem[]) => new ServiceError('conflict', problems);

async function audited(trx: Kysely<Database>, actor: number, id: number, action: string, before: unknown, now: number) {
	const after = await repo.findSample(trx, id);
	await writeAudit(trx, { actorUserId: actor, entity: 'sample_request', entityId: id, action, before, after, at: now });
	return after!;
}

/** Tells the requester about the new status (in-app and mail, same transaction). */
async function notifyStatus(trx: Kysely<Database>, s: repo.SampleRow, status: SampleStatus, now: number, reason = '') {
	const user = await trx.selectFrom('users').select('locale').where('id', '=', s.user_id).executeTakeFirst();
	const t = translator(toLocale(user?.locale));
	await enqueueNotification(trx, {
		userId: s.user_id,
		kind: 'sample_status',
		entity: 'sample_request',
		entityId: s.id,
		params: { id: s.id, instrumentZh: s.instrument_name_zh, instrumentEn: s.instrument_name_en, status: t(`sample.status.${status}` as MessageKey), reason },
		at: now,
		key: `sample_status:${s.id}:${status}:${now}`
	});
}

/** A researcher asks for testing on an instrument that offers sample testing. */
export async function requestSample(db: Db, user: SessionUser, input: SampleRequestInput, now = Date.now()) {
	return withWriteTransaction(db, async (trx) => {
		const instrument = await trx.selectFrom('instruments').select(['id', 'facility_id', 'published', 'status', 'modes']).where('id', '=', input.instrumentId).executeTakeFirst();
		if (!instrument || instrument.published !== 1) throw new ServiceError('not_found');
		const problems: ServiceProblem[] = [];
		if (!parseModes(instrument.modes).includes('sample')) problems.push({ code: 'mode_not_offered' });
		if (instrument.status !== 'in_service') problems.push({ code: 'instrument_unavailable' });
		if (problems.length) throw conflict(...problems);
		// one person's requests one at a time: each takes what the last left of the yearly free quota
		await lockRow(db, trx, 'users', user.id);
		const id = await repo.insertSample(trx, {
			instrumentId: instrument.id,
			facilityId: instrument.facility_id,
			userId: user.id,
			sampleCount: input.sampleCount,
			sampleKind: input.sampleKind.trim(),
			hazards: input.hazards.trim(),
			wantedDate: input.wantedDate,
			notes: input.notes.trim(),
			userAreaCode: user.areaCode,
			userInstitutionId: user.institutionId,
			now
		});
		await afterSampleRequested(trx, user, { sampleRequestId: id, instrumentId: instrument.id, sampleCount: input.sampleCount, grantId: input.voucherGrantId ?? null }, now); // sample vouchers
		const names = await trx.selectFrom('instruments').select(['name_zh', 'name_en']).where('id', '=', instrument.id).executeTakeFirstOrThrow();
		await notifyFacilityManagers(trx, instrument.facility_id, {
			kind: 'sample_requested',
			entity: 'sample_request',
			entityId: id,
			params: { id, instrumentZh: names.name_zh, instrumentEn: names.name_en, person: user.name, count: input.sampleCount, sampleKind: input.sampleKind.trim() },
			at: now
		});
		return audited(trx, user.id, id, 'create', undefined, now);
	});
}

async function loadManaged(trx: Kysely<Database>, roles: Roles, id: number) {
	const s = await repo.findSample(trx, id);
	if (!s) throw new ServiceError('not_found');
	if (!managesFacility(roles, s.facility_id)) throw new ServiceError('forbidden');
	return s;
}

function assertMove(s: repo.SampleRow, to: SampleStatus) {
	if (!canMoveSample(s.status, to)) throw conflict({ code: 'sample_wrong_status', params: { status: s.status } });
}

async function move(db: Db, user: SessionUser, roles: Roles, id: number, to: SampleStatus, set: Parameters<typeof repo.updateSample>[3], now: number, reason = '') {
	return withWriteTransaction(db, async (trx) => {
		const before = await loadManaged(trx, roles, id);
		assertMove(before, to);
		if (!(await repo.updateSample(trx, id, before.status, { ...set, status: to, updated_at: now }))) throw conflict({ code: 'sample_wrong_status', params: { status: before.status } });
		if (to === 'rejected') await afterSampleEnded(trx, id, user.id, now); // sample money: void, release, cancel the order
		if (to === 'accepted') await afterSampleAccepted(trx, id, now); // the service order for another institution
		await notifyStatus(trx, before, to, now, reason);
		return audited(trx, user.id, id, to, before, now);
	});
}

/** The manager accepts with a quote in fen. */
export async function acceptSample(db: Db, user: SessionUser, roles: Roles, id: number, quoteFen: number, now = Date.now()) {
	if (!Number.isSafeInteger(quoteFen) || quoteFen < 0) throw conflict({ code: 'quote_invalid' });
	return move(db, user, roles, id, 'accepted', { quote_fen: quoteFen, decided_by: user.id, decided_at: now }, now);
}

/** The manager rejects with a reason. */
export async function rejectSample(db: Db, user: SessionUser, roles: Roles, id: number, reason: string, now = Date.now()) {
	if (reason.trim().length < 2) throw conflict({ code: 'reason_required' });
	return move(db, user, roles, id, 'rejected', { reject_reason: reason.trim(), decided_by: user.id, decided_at: now }, now, reason.trim());
}

/** received (the samples arrived) or testing (on the instrument). */
export async function advanceSample(db: Db, user: SessionUser, roles: Roles, id: number, to: 'received' | 'testing', now = Date.now()) {
	return move(db, user, roles, id, to, {}, now);
}

/** Books [start, end) on the instrument for the request (replacing an earlier slot); overlap rules as for any booking. */
export async function scheduleSample(db: Db, user: SessionUser, roles: Roles, id: number, start: number, end: number, now = Date.now()) {
	return withWriteTransaction(db, async (trx) => {
		const before = await loadManaged(trx, roles, id);
		if (!canScheduleSample(before.status)) throw conflict({ code: 'sample_wrong_status', params: { status: before.status } });
		if (!(end > start)) throw conflict({ code: 'invalid_range' });
		await lockRow(db, trx, 'instruments', before.instrument_id);
		const clash = await findActiveOverlaps(trx, before.instrument_id, start, end, before.booking_id ?? undefined);
		if (clash.length > 0) throw conflict({ code: 'overlaps_booking' });
		if (before.booking_id !== null) {
			await repo.setSampleBookingStatus(trx, before.booking_id, 'cancelled', now);
			await writeAudit(trx, { actorUserId: user.id, entity: 'booking', entityId: before.booking_id, action: 'sample_rescheduled', at: now });
		}
		const bookingId = await repo.insertSampleBooking(trx, {
			instrumentId: before.instrument_id,
			userId: before.user_id,
			start,
			end,
			purpose: `送样检测 / sample testing #${before.id}`,
			quoteFen: before.quote_fen ?? 0,
			userAreaCode: before.user_area_code,
			userInstitutionId: before.user_institution_id,
			decidedBy: user.id,
			now
		});
		const booking = await trx.selectFrom('bookings').selectAll().where('id', '=', bookingId).executeTakeFirst();
		await writeAudit(trx, { actorUserId: user.id, entity: 'booking', entityId: bookingId, action: 'create', after: booking, at: now });
		await trx.updateTable('sample_requests').set({ booking_id: bookingId, updated_at: now }).where('id', '=', id).execute();
		return audited(trx, user.id, id, 'schedule', before, now);
	});
}

export interface ResultFile {
	name: string;
	type: string;
	bytes: Uint8Array;
}

/** Problems with a result file: missing, empty, over 20 MB, or of a kind not accepted. */
export function resultFileProblems(file: ResultFile | null): ServiceProblem[] {
	if (!file || file.bytes.byteLength === 0) return [{ code: 'result_file_required' }];
	const problems: ServiceProblem[] = [];
	if (file.bytes.byteLength > MAX_RESULT_BYTES) problems.push({ code: 'result_file_too_large', params: { mb: MAX_RESULT_BYTES / 1024 / 1024 } });
	if (!resultExtension(file.name)) problems.push({ code: 'result_file_type' });
	return problems;
}

/**
 * testing → reported with the result file. The instrument time is completed and counted as a usage
 * record (source 'sample', operator the manager) over the scheduled slot.
 */
export async function reportSample(db: Db, user: SessionUser, roles: Roles, id: number, file: ResultFile | null, now = Date.now()) {
	const problems = resultFileProblems(file);
	if (problems.length) throw conflict(...problems);
	const check = await loadManaged(db.kysely, roles, id);
	assertMove(check, 'reported');
	const stored = await saveResult(id, resultExtension(file!.name)!, file!.bytes);
	try {
		return await withWriteTransaction(db, async (trx) => {
			const before = await loadManaged(trx, roles, id);
			assertMove(before, 'reported');
			const ok = await repo.updateSample(trx, id, before.status, {
				status: 'reported',
				result_path: stored,
				result_name: file!.name.slice(0, 200),
				result_type: file!.type || 'application/octet-stream',
				result_size: file!.bytes.byteLength,
				reported_at: now,
				updated_at: now
			});
			if (!ok) throw conflict({ code: 'sample_wrong_status', params: { status: before.status } });
			if (before.booking_id !== null && before.scheduled_start !== null && before.scheduled_end !== null) {
				await repo.setSampleBookingStatus(trx, before.booking_id, 'completed', now);
				const usage = await trx
					.insertInto('usage_records')
					.values({ booking_id: before.booking_id, instrument_id: before.instrument_id, user_id: before.user_id, operator_user_id: user.id, start_at: before.scheduled_start, end_at: Math.min(before.scheduled_end, Math.max(now, before.scheduled_start + 1)), recorded_by: user.id, source: 'sample', notes: `#${before.id}`, created_at: now, updated_at: now })
					.onConflict((oc) => oc.column('booking_id').doNothing())
					.returningAll()
					.executeTakeFirst();
				if (usage) await writeAudit(trx, { actorUserId: user.id, entity: 'usage_record', entityId: usage.id, action: 'create', after: usage, at: now });
			}
			await afterSampleReported(trx, before, user.id, now); // sample money: final charge, redemption, order
			await notifyStatus(trx, before, 'reported', now);
			return audited(trx, user.id, id, 'reported', before, now);
		});
	} catch (error) {
		await removeResult(stored);
		throw error;
	}
}

/** The requester withdraws a request not yet received; its instrument time is released. */
export async function cancelSample(db: Db, user: SessionUser, id: number, now = Date.now()) {
	return withWriteTransaction(db, async (trx) => {
		const before = await repo.findSample(trx, id);
		if (!before || before.user_id !== user.id) throw new ServiceError('not_found');
		assertMove(before, 'cancelled');
		if (!(await repo.updateSample(trx, id, before.status, { status: 'cancelled', updated_at: now }))) throw conflict({ code: 'sample_wrong_status', params: { status: before.status } });
		if (before.booking_id !== null) await repo.setSampleBookingStatus(trx, before.booking_id, 'cancelled', now);
		await afterSampleEnded(trx, id, user.id, now); // sample money: void, release, cancel the order
		return audited(trx, user.id, id, 'cancel', before, now);
	});
}

export function listMySamples(db: Db, user: SessionUser) {
	return repo.listSamplesOfUser(db.kysely, user.id);
}

export function listManagedSamples(db: Db, roles: Roles, status?: SampleStatus) {
	return repo.listSamplesOfFacilities(db.kysely, roles.managedFacilityIds, status);
}

/** One request, for its requester or the facility's managers; anyone else is told it does not exist. */
export async function getSample(db: Db, user: SessionUser, roles: Roles, id: number) {
	const s = await repo.findSample(db.kysely, id);
	if (!s || (s.user_id !== user.id && !managesFacility(roles, s.facility_id))) throw new ServiceError('not_found');
	return s;
}

/** The result file for its requester or the facility's managers. */
export async function downloadResult(db: Db, user: SessionUser, roles: Roles, id: number) {
	const s = await getSample(db, user, roles, id);
	if (!s.result_path) throw new ServiceError('not_found');
	return { name: s.result_name ?? `result-${s.id}`, size: s.result_size ?? 0, bytes: await readResult(s.result_path) };
}
