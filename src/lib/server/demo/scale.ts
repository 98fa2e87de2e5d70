// The full-scale data set for benchmarks (issue 7): `npm run db:seed -- --scale large|quick`.
// large: the demo's 279 institutions and ~2,030 facilities, 50,000 instruments, 100,000 more people
// and 5,000,000 bookings over five years, usage records for the completed ones. quick: the same
// shape at 10,000 instruments, 10,000 people and 300,000 bookings.
//
// The demo data set (accounts, showcase, roles, qualification, voucher and usage demos) is built
// first with seedDemo at the scale's instrument count, then the extra people and the history are
// streamed into the database by scale-writer.ts. Deterministic for a given local day: every draw
// comes from a seeded PRNG stream, ids are assigned in generation order.
//
// History sits in [today − 5 years, today − 40 days), before the demo's own bookings, on weekdays
// in half-day windows that never overlap on one instrument; 1 % of the volume are active future
// bookings (days 15–60 ahead) on instruments without demo bookings. Who books follows the demo's
// cross-area pattern: 30 % own institution, 38 % same area, 32 % another area (Beijing weighted).
import { createDb, parseDatabaseUrl, type Db } from '../db/dialect';
import { diskMigrations, migrateToLatest, RecordMigrationProvider } from '../db/migrate';
import { clearAll, demoDayStart, seedDemo } from './seed';
import { seedCapabilityDemos } from './demo-all';
import { afterBulkLoad } from '../db/dialect';
import { refreshRollups } from '../statistics/statistics.rollup';
import { Rng } from './prng';
import { GIVEN_CHARS, PROJECTS, PURPOSES, SURNAMES } from './people';
import { openBulkWriter, type BulkWriter, type Value } from './scale-writer';

export type ScaleName = 'quick' | 'large';

export interface ScaleSpec {
	instruments: number;
	people: number;
	bookings: number;
	years: number;
}

export const SCALES: Record<ScaleName, ScaleSpec> = {
	quick: { instruments: 10_000, people: 10_000, bookings: 300_000, years: 5 },
	large: { instruments: 50_000, people: 100_000, bookings: 5_000_000, years: 5 }
};

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const SHANGHAI_OFFSET = 8 * HOUR; // no daylight saving since 1991
const HISTORY_END_DAYS = 40;
const FUTURE_SHARE = 0.01;

const BOOKING_COLUMNS = [
	'id', 'instrument_id', 'user_id', 'mode', 'start_at', 'end_at', 'status', 'active', 'purpose', 'project', 'quote_fen',
	'user_area_code', 'user_institution_id', 'decision_reason', 'decided_by', 'decided_at', 'created_at', 'updated_at'
] as const;
const USAGE_COLUMNS = ['id', 'booking_id', 'instrument_id', 'user_id', 'start_at', 'end_at', 'source', 'notes', 'created_at', 'updated_at'] as const;
const USER_COLUMNS = ['id', 'email', 'name', 'institution_id', 'password_hash', 'locale', 'created_at', 'disabled'] as const;

interface Person {
	id: number;
	inst: number;
	area: string;
}
interface Instrument {
	id: number;
	inst: number;
	area: string;
	modes: string;
	category: string;
	price: number;
	busy: boolean;
}

export interface ScaleSummary {
	scale: ScaleName;
	seconds: number;
	instruments: number;
	people: number;
	bookings: number;
	usageRecords: number;
}

/** Clears the database in url and builds the scale data set there. */
export async function seedScale(url: string | undefined, scale: ScaleName, now = Date.now(), log: (m: string) => void = console.log): Promise<ScaleSummary> {
	const spec = SCALES[scale];
	const started = Date.now();
	const { dialect, target } = parseDatabaseUrl(url);
	const db = createDb(url);
	let people: Person[];
	let instruments: Instrument[];
	let passwordHash: string;
	try {
		await migrateToLatest(db, new RecordMigrationProvider(await diskMigrations()));
		await clearAll(db);
		await seedBase(db, spec, now);
		log(`[scale] demo base with ${spec.instruments} instruments in ${secs(started)} s`);
		({ people, instruments, passwordHash } = await loadBase(db));
	} finally {
		await db.close();
	}
	const today = demoDayStart(now);
	const writer = await openBulkWriter(dialect, target);
	await writer.dropIndexes(['bookings', 'usage_records']);
	const added = await addPeople(writer, spec.people, people, passwordHash, today);
	people = people.concat(added);
	log(`[scale] ${added.length} people in ${secs(started)} s`);
	const counts = await addBookings(writer, spec, instruments, people, today, (n) => log(`[scale] ${n} bookings in ${secs(started)} s`));
	log(`[scale] rebuilding indexes…`);
	await writer.finish();
	const after = createDb(url);
	try {
		await afterBulkLoad(after);
		const rollStart = Date.now();
		await refreshRollups(after, { rebuild: true });
		log(`[scale] statistics roll-ups built in ${secs(rollStart)} s`);
	} finally {
		await after.close();
	}
	const summary = { scale, seconds: Number(secs(started)), instruments: instruments.length, people: people.length, ...counts };
	log(`[scale] done: ${JSON.stringify(summary)}`);
	return summary;
}

const secs = (from: number) => ((Date.now() - from) / 1000).toFixed(1);

/** The demo data set at the scale's instrument count (the same calls as demo-all.ts seedEverything). */
async function seedBase(db: Db, spec: ScaleSpec, now: number): Promise<void> {
	await seedDemo(db, { now, instruments: spec.instruments });
	// the scale generator writes its own five years of history instead of seedStatisticsHistory
	await seedCapabilityDemos(db, now);
}

async function loadBase(db: Db): Promise<{ people: Person[]; instruments: Instrument[]; passwordHash: string }> {
	const k = db.kysely;
	const people = (
		await k.selectFrom('users as u').innerJoin('institutions as i', 'i.id', 'u.institution_id').select(['u.id', 'u.institution_id', 'i.area_code']).where('u.email', 'not like', '%@demo.jjj').orderBy('u.id').execute()
	).map((r) => ({ id: r.id, inst: r.institution_id, area: r.area_code }));
	const busy = new Set((await k.selectFrom('bookings').select('instrument_id').distinct().execute()).map((r) => r.instrument_id));
	const instruments = (
		await k
			.selectFrom('instruments')
			.select(['id', 'institution_id', 'area_code', 'modes', 'category_code', 'price_hour_fen'])
			.where('published', '=', 1)
			.where('status', '!=', 'retired')
			.orderBy('id')
			.execute()
	).map((r) => ({ id: r.id, inst: r.institution_id, area: r.area_code, modes: r.modes, category: r.category_code, price: r.price_hour_fen, busy: busy.has(r.id) }));
	const hash = await k.selectFrom('users').select('password_hash').where('email', 'like', '%@demo.jjj').limit(1).executeTakeFirstOrThrow();
	return { people, instruments, passwordHash: hash.password_hash };
}

/** People spread over the institutions (larger share for the first, bigger ones), password = the demo password. */
async function addPeople(w: BulkWriter, count: number, base: Person[], passwordHash: string, today: number): Promise<Person[]> {
	const rng = new Rng('scale-people');
	const insts = [...new Map(base.map((p) => [p.inst, p.area])).entries()];
	let id = await w.nextId('users');
	const out: Person[] = [];
	for (let n = 1; n <= count; n++) {
		const [inst, area] = insts[Math.floor(insts.length * rng.float() ** 1.5)];
		const name = rng.pick(SURNAMES) + rng.pick(GIVEN_CHARS) + (rng.chance(0.6) ? rng.pick(GIVEN_CHARS) : '');
		const created = today - rng.int(60, 6 * 365) * DAY;
		await w.add('users', USER_COLUMNS, [id, `p${String(n).padStart(6, '0')}@scale.jjj`, name, inst, passwordHash, 'zh-CN', created, 0]);
		out.push({ id, inst, area });
		id++;
	}
	return out;
}

/** Weekday half-day windows [start, end) in UTC ms, Asia/Shanghai wall time 08:00–12:00 and 13:00–20:00. */
function halfDays(from: number, to: number): [number, number][] {
	const out: [number, number][] = [];
	for (let day = from; day < to; day += DAY) {
		const weekday = new Date(day + SHANGHAI_OFFSET).getUTCDay();
		if (weekday === 0 || weekday === 6) continue;
		out.push([day + 8 * HOUR, day + 12 * HOUR], [day + 13 * HOUR, day + 20 * HOUR]);
	}
	return out;
}

async function addBookings(w: BulkWriter, spec: ScaleSpec, instruments: Instrument[], people: Person[], today: number, progress: (n: number) => void) {
	const rng = new Rng('scale-bookings');
	const past = halfDays(today - spec.years * 365 * DAY, today - HISTORY_END_DAYS * DAY);
	const future = halfDays(today + 15 * DAY, today + 60 * DAY);
	const byInst = new Map<number, Person[]>();
	const byArea = new Map<string, Person[]>();
	for (const p of people) {
		if (!byInst.has(p.inst)) byInst.set(p.inst, []);
		byInst.get(p.inst)!.push(p);
		if (!byArea.has(p.area)) byArea.set(p.area, []);
		byArea.get(p.area)!.push(p);
	}
	// Heavy-tailed demand: a few instruments are busy, most are used now and then.
	const weights = instruments.map(() => rng.float() ** 4);
	const total = weights.reduce((a, b) => a + b, 0);
	let bookingId = await w.nextId('bookings');
	let usageId = await w.nextId('usage_records');
	let bookings = 0;
	let usage = 0;
	const pickUser = (ins: Instrument): Person => {
		const r = rng.float();
		const internal = byInst.get(ins.inst);
		if (r < 0.3 && internal?.length) return rng.pick(internal);
		const local = byArea.get(ins.area)!;
		if (r < 0.68) return rng.pick(local);
		const other = ['BJ', 'TJ', 'HE'].filter((a) => a !== ins.area);
		return rng.pick(byArea.get(rng.choose(other.map((a) => [a, a === 'BJ' ? 3 : 2] as const)))!);
	};
	const purposesOf = (category: string) => PURPOSES[category] ?? PURPOSES['*'];
	const emit = async (ins: Instrument, window: [number, number], isFuture: boolean) => {
		const [ws, we] = window;
		const startSteps = Math.floor((we - ws) / (HOUR / 2)) - 2;
		const start = ws + rng.int(0, Math.max(0, startSteps)) * (HOUR / 2);
		const end = Math.min(we, start + rng.int(2, 8) * (HOUR / 2));
		const user = pickUser(ins);
		const mode = ins.modes.includes('self') && rng.chance(0.55) ? 'self' : 'assisted';
		const status: string = isFuture
			? rng.choose([['approved', 60], ['requested', 40]] as const)
			: rng.choose([['completed', 74], ['no_show', 5], ['cancelled', 12], ['rejected', 9]] as const);
		const created = start - rng.int(1, 14) * DAY - rng.int(0, 10) * HOUR;
		const decided = status === 'requested' ? null : Math.min(created + rng.int(1, 20) * HOUR, start - HOUR);
		const updated = status === 'completed' || status === 'no_show' ? end + rng.int(5, 60) * 60_000 : (decided ?? created);
		const [projectName, tag] = rng.pick(PROJECTS);
		const row: Value[] = [
			bookingId, ins.id, user.id, mode, start, end, status, isFuture ? 1 : 0, rng.pick(purposesOf(ins.category)),
			rng.chance(0.9) ? `${projectName}（${tag}${2021 + rng.int(0, 5)}${String(rng.int(1, 999)).padStart(3, '0')}）` : '',
			Math.round(((end - start) / HOUR) * ins.price), user.area, user.inst,
			status === 'rejected' ? '该时段设备需维护' : null, null, decided, created, updated
		];
		await w.add('bookings', BOOKING_COLUMNS, row);
		if (status === 'completed') {
			const used0 = start + rng.int(0, 15) * 60_000;
			const used1 = Math.max(used0 + 15 * 60_000, end - rng.int(0, 20) * 60_000);
			await w.add('usage_records', USAGE_COLUMNS, [usageId++, bookingId, ins.id, user.id, used0, used1, 'checkin', '', used1, used1]);
			usage++;
		}
		bookingId++;
		if (++bookings % 500_000 === 0) progress(bookings);
	};
	for (let i = 0; i < instruments.length; i++) {
		const ins = instruments[i];
		const wanted = Math.round((spec.bookings * weights[i]) / total);
		const futureCount = ins.busy ? 0 : Math.min(future.length, Math.round(wanted * FUTURE_SHARE * 1.2));
		const pastCount = Math.min(past.length, wanted - futureCount);
		// n bookings in n distinct half-day windows, evenly strided with jitter: never two on one window.
		for (let k = 0; k < pastCount; k++) {
			const lo = Math.floor((k * past.length) / pastCount);
			const hi = Math.floor(((k + 1) * past.length) / pastCount) - 1;
			await emit(ins, past[rng.int(lo, Math.max(lo, hi))], false);
		}
		for (let k = 0; k < futureCount; k++) {
			const lo = Math.floor((k * future.length) / futureCount);
			const hi = Math.floor(((k + 1) * future.length) / futureCount) - 1;
			await emit(ins, future[rng.int(lo, Math.max(lo, hi))], true);
		}
	}
	return { bookings, usageRecords: usage };
}
