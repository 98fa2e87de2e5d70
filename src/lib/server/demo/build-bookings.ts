// Builds a few weeks of past and future demo bookings: never overlapping on one instrument, inside
// opening hours and on the slot grid, with statuses that fit their time and the approval rules.
import type { AreaCode, BookingStatus, ServiceMode } from '../db/schema';
import { initialStatus } from '../../domain/booking/booking-rules';
import { openIntervals, parseOpeningHours } from '../../domain/booking/opening-hours';
import { DAY, HOUR, MINUTE } from '../../domain/time/range';
import { Rng } from './prng';
import type { FacilitySeed, InstitutionSeed } from './build-orgs';
import type { InstrumentSeed } from './build-instruments';
import type { RoleSeed, UserSeed } from './build-people';
import { DEMO_ACCOUNT_SPECS } from './build-people';
import { MANAGER_CANCEL_REASONS, PROJECTS, PURPOSES, REJECT_REASONS } from './people';

export interface BookingSeed {
	instr: number;
	user: number;
	mode: ServiceMode;
	start_at: number;
	end_at: number;
	status: BookingStatus;
	active: number;
	purpose: string;
	project: string;
	quote_fen: number;
	user_area_code: AreaCode;
	user_inst: number;
	decision_reason: string | null;
	/** user index */
	decided_by: number | null;
	decided_at: number | null;
	created_at: number;
	updated_at: number;
}

export const PAST_DAYS = 35;
export const FUTURE_DAYS = 28;
/** The showcase instrument has no bookings in the first days ahead, so tests can book it. */
export const SHOWCASE_FREE_DAYS = 14;
/** How many instruments besides the demo managers' ones get bookings. */
const BOOKED_INSTRUMENTS = 240;

const ACTIVE: BookingStatus[] = ['requested', 'approved', 'checked_in'];

export function buildBookings(
	insts: InstitutionSeed[],
	facs: FacilitySeed[],
	instruments: InstrumentSeed[],
	users: UserSeed[],
	roles: RoleSeed[],
	showcase: number,
	today: number
): BookingSeed[] {
	const rng = new Rng('bookings');
	const managerOf = new Map<number, number>();
	for (const r of roles) if (r.role === 'manager' && r.fac !== null) managerOf.set(r.fac, r.user);

	const bookable = (i: number) => instruments[i].status === 'in_service' && instruments[i].published === 1;
	const chosen = new Set<number>();
	instruments.forEach((x, i) => {
		if (managerOf.has(x.fac) && bookable(i)) chosen.add(i);
	});
	const pool = rng.shuffle(instruments.map((_, i) => i).filter((i) => bookable(i) && !chosen.has(i)));
	for (const i of pool.slice(0, BOOKED_INSTRUMENTS)) chosen.add(i);
	const booked = [...chosen].sort((a, b) => a - b);

	// Who books: the three demo researchers sometimes, otherwise ordinary researchers.
	const demoResearchers = DEMO_ACCOUNT_SPECS.flatMap((s, i) => (s.role === 'researcher' ? [i] : []));
	const ordinary = users.map((_, i) => i).slice(DEMO_ACCOUNT_SPECS.length);
	const byInst = new Map<number, number[]>();
	const byArea: Record<AreaCode, number[]> = { BJ: [], TJ: [], HE: [] };
	for (const u of ordinary) {
		const inst = users[u].inst;
		if (!byInst.has(inst)) byInst.set(inst, []);
		byInst.get(inst)!.push(u);
		byArea[insts[inst].area_code].push(u);
	}

	const out: BookingSeed[] = [];
	const from = today - PAST_DAYS * DAY;
	const to = today + (FUTURE_DAYS + 1) * DAY;
	for (const ii of booked) {
		const ins = instruments[ii];
		const fac = facs[ins.fac];
		const slot = ins.slot_minutes * MINUTE;
		const busy = 0.04 + 0.16 * rng.float();
		const intervals = openIntervals(parseOpeningHours(ins.opening_hours), from, to, ins.timezone);
		for (const iv of intervals) {
			if (iv.start >= today && iv.start < today + DAY) continue; // nothing today: data depends only on the day
			if (ii === showcase && iv.start >= today && iv.start < today + (SHOWCASE_FREE_DAYS + 1) * DAY) continue;
			let cursor = Math.ceil(iv.start / slot) * slot;
			let placed = 0;
			while (placed < 2 && rng.chance(placed === 0 ? busy : 0.35)) {
				cursor += slot * rng.int(0, 3);
				const room = Math.min(iv.end - cursor, ins.max_minutes * MINUTE, 300 * MINUTE);
				if (room < ins.min_minutes * MINUTE) break;
				const steps = Math.floor(room / slot);
				const minSteps = Math.ceil((ins.min_minutes * MINUTE) / slot);
				const dur = slot * rng.int(minSteps, Math.max(minSteps, Math.min(steps, minSteps + 6)));
				out.push(makeBooking(ii, ins, fac, cursor, cursor + dur));
				cursor += dur;
				placed++;
			}
		}
	}
	return out;

	function pickUser(ins: InstrumentSeed, fac: FacilitySeed): number {
		const r = rng.float();
		if (r < 0.06) return rng.pick(demoResearchers);
		const internal = byInst.get(fac.inst);
		if (r < 0.3 && internal?.length) return rng.pick(internal);
		const local = byArea[fac.area_code].filter((u) => users[u].inst !== fac.inst);
		if (r < 0.68 && local.length) return rng.pick(local);
		const other = (['BJ', 'TJ', 'HE'] as AreaCode[]).filter((a) => a !== fac.area_code);
		// cross-area users come more from Beijing, the resource-rich area, and from Hebei enterprises
		const area = rng.choose<AreaCode>(other.map((a) => [a, a === 'BJ' ? 3 : 2] as const));
		return rng.pick(byArea[area]);
	}

	function makeBooking(ii: number, ins: InstrumentSeed, fac: FacilitySeed, start: number, end: number): BookingSeed {
		const user = pickUser(ins, fac);
		const userInst = insts[users[user].inst];
		const selfOk = ins.modes.split(',').includes('self');
		const mode: ServiceMode = selfOk && rng.chance(0.55) ? 'self' : 'assisted';
		const initial = initialStatus({
			policy: {
				slotMinutes: ins.slot_minutes,
				minMinutes: ins.min_minutes,
				maxMinutes: ins.max_minutes,
				noticeMinutes: ins.notice_minutes,
				horizonDays: ins.horizon_days,
				cancelDeadlineMinutes: ins.cancel_deadline_minutes,
				approvalMode: ins.approval_mode,
				crossAreaNeedsApproval: ins.cross_area_needs_approval === 1
			},
			userAreaCode: userInst.area_code,
			instrumentAreaCode: fac.area_code,
			userInstitutionId: users[user].inst,
			instrumentInstitutionId: fac.inst
		});
		const past = start < today;
		let status: BookingStatus;
		if (past) {
			status = rng.choose<BookingStatus>([['completed', 74], ['no_show', 5], ['cancelled', 12], ['rejected', initial === 'requested' ? 9 : 0]]);
		} else {
			status =
				initial === 'approved'
					? rng.choose<BookingStatus>([['approved', 88], ['cancelled', 12]])
					: rng.choose<BookingStatus>([['requested', 45], ['approved', 43], ['cancelled', 12]]);
		}
		const manager = managerOf.get(ins.fac) ?? null;
		const latest = Math.min(start, today) - MINUTE;
		const created_at = Math.min(start - rng.int(1, 14) * DAY - rng.int(0, 10) * HOUR, today - rng.int(1, 30) * HOUR);
		const decisionAt = () => Math.min(created_at + rng.int(1, 20) * HOUR, latest);
		let decided_by: number | null = null;
		let decided_at: number | null = null;
		let decision_reason: string | null = null;
		let updated_at = created_at;
		if (status === 'rejected') {
			decided_by = manager;
			decided_at = decisionAt();
			decision_reason = rng.pick(REJECT_REASONS);
		} else if (status === 'cancelled') {
			decided_at = created_at + Math.floor((latest - created_at) * (0.2 + 0.6 * rng.float()));
			if (rng.chance(0.8)) decided_by = user;
			else {
				decided_by = manager;
				decision_reason = rng.pick(MANAGER_CANCEL_REASONS);
			}
		} else if (status !== 'requested') {
			// approved, completed, no_show: approved automatically or by the manager
			decided_by = initial === 'approved' ? null : manager;
			decided_at = initial === 'approved' ? created_at : decisionAt();
		}
		if (decided_at !== null) updated_at = Math.max(decided_at, created_at);
		if (status === 'completed') updated_at = end + rng.int(5, 30) * MINUTE;
		if (status === 'no_show') updated_at = end + rng.int(10, 120) * MINUTE;
		updated_at = Math.min(Math.max(updated_at, created_at), today);

		const purposes = rng.chance(0.75) ? PURPOSES[ins.category_code] ?? PURPOSES['*'] : PURPOSES['*'];
		const [projectName, tag] = rng.pick(PROJECTS);
		const number =
			tag === 'NSFC' ? String(rng.int(10_000_000, 99_999_999)) : `${tag}${rng.pick([2024, 2025, 2026])}${String(rng.int(1, 999)).padStart(3, '0')}`;
		return {
			instr: ii,
			user,
			mode,
			start_at: start,
			end_at: end,
			status,
			active: ACTIVE.includes(status) ? 1 : 0,
			purpose: rng.pick(purposes),
			project: rng.chance(0.9) ? `${projectName}（${number}）` : '',
			quote_fen: Math.round(((end - start) / HOUR) * ins.price_hour_fen),
			user_area_code: userInst.area_code,
			user_inst: users[user].inst,
			decision_reason,
			decided_by,
			decided_at,
			created_at,
			updated_at
		};
	}
}
