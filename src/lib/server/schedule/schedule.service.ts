// Opening hours and booking rules of an instrument: read by anyone, changed by its managers, audited.
import type { Db } from '../db/dialect';
import { withWriteTransaction, lockRow } from '../db/dialect';
import type { SessionUser } from '../auth/session';
import { managesFacility, type Roles } from '../auth/roles';
import { writeAudit } from '../audit/audit.repository';
import { ServiceError } from '../booking/booking.errors';
import { parseOpeningHours, type OpeningRange } from '../../domain/booking/opening-hours';
import { validateOpeningHours } from '../../domain/schedule/hours';
import * as repo from './schedule.repository';
import type { RulesInput } from './schedule.schema';

/** The instrument for a manager of its facility: not_found when missing, forbidden for anyone else. */
export async function instrumentForManager(db: Db['kysely'], roles: Roles, instrumentId: number) {
	const instrument = await repo.findInstrumentSchedule(db, instrumentId);
	if (!instrument) throw new ServiceError('not_found');
	if (!managesFacility(roles, instrument.facility_id)) throw new ServiceError('forbidden');
	return instrument;
}

/** A published instrument's schedule for anyone (API reads). */
export async function publicSchedule(db: Db, instrumentId: number) {
	const instrument = await repo.findInstrumentSchedule(db.kysely, instrumentId);
	if (!instrument || !instrument.published) throw new ServiceError('not_found');
	return instrument;
}

export function rulesOf(i: repo.InstrumentSchedule): RulesInput {
	return {
		slotMinutes: i.slot_minutes,
		minMinutes: i.min_minutes,
		maxMinutes: i.max_minutes,
		noticeMinutes: i.notice_minutes,
		horizonDays: i.horizon_days,
		cancelDeadlineMinutes: i.cancel_deadline_minutes,
		bufferMinutes: i.buffer_minutes,
		maxWeekHours: i.max_week_minutes == null ? null : i.max_week_minutes / 60,
		maxFutureBookings: i.max_future_bookings,
		approvalMode: i.approval_mode,
		crossAreaNeedsApproval: i.cross_area_needs_approval === 1
	};
}

/** Everything the manager's schedule page shows. */
export async function scheduleForManager(db: Db, roles: Roles, instrumentId: number) {
	const instrument = await instrumentForManager(db.kysely, roles, instrumentId);
	return {
		instrument,
		hours: parseOpeningHours(instrument.opening_hours),
		rules: rulesOf(instrument),
		closures: await repo.listClosures(db.kysely, instrumentId)
	};
}

/** Replaces the weekly opening hours; throws conflict with every hours problem when they are invalid. */
export async function setOpeningHours(db: Db, user: SessionUser, roles: Roles, instrumentId: number, hours: OpeningRange[], now = Date.now()) {
	const { hours: sorted, problems } = validateOpeningHours(hours);
	if (problems.length > 0) throw new ServiceError('conflict', problems);
	return withWriteTransaction(db, async (trx) => {
		const before = await instrumentForManager(trx, roles, instrumentId);
		await lockRow(db, trx, 'instruments', instrumentId);
		const json = JSON.stringify(sorted);
		await trx.updateTable('instruments').set({ opening_hours: json, updated_at: now }).where('id', '=', instrumentId).execute();
		await writeAudit(trx, {
			actorUserId: user.id,
			entity: 'instrument',
			entityId: instrumentId,
			action: 'opening_hours',
			before: { openingHours: parseOpeningHours(before.opening_hours) },
			after: { openingHours: sorted },
			at: now
		});
		return sorted;
	});
}

/** Replaces the booking rules (already validated by rulesSchema). */
export async function setBookingRules(db: Db, user: SessionUser, roles: Roles, instrumentId: number, rules: RulesInput, now = Date.now()) {
	return withWriteTransaction(db, async (trx) => {
		const before = await instrumentForManager(trx, roles, instrumentId);
		await lockRow(db, trx, 'instruments', instrumentId);
		await trx
			.updateTable('instruments')
			.set({
				slot_minutes: rules.slotMinutes,
				min_minutes: rules.minMinutes,
				max_minutes: rules.maxMinutes,
				notice_minutes: rules.noticeMinutes,
				horizon_days: rules.horizonDays,
				cancel_deadline_minutes: rules.cancelDeadlineMinutes,
				buffer_minutes: rules.bufferMinutes,
				max_week_minutes: rules.maxWeekHours == null ? null : Math.round(rules.maxWeekHours * 60),
				max_future_bookings: rules.maxFutureBookings,
				approval_mode: rules.approvalMode,
				cross_area_needs_approval: rules.crossAreaNeedsApproval ? 1 : 0,
				updated_at: now
			})
			.where('id', '=', instrumentId)
			.execute();
		await writeAudit(trx, { actorUserId: user.id, entity: 'instrument', entityId: instrumentId, action: 'booking_rules', before: rulesOf(before), after: rules, at: now });
		return rules;
	});
}
