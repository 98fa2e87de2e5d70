// The area-to-area flow matrix (user's area → instrument's area): effective hours, accepted
// bookings (by start) and revenue (bookings and sample-testing), from the same facts and definitions as the metrics.
import { ACCEPTED_STATUSES, type BookingFact, type SampleFact, type UsageFact } from './metrics';
import { HOUR } from '../time/range';

export const AREAS = ['BJ', 'TJ', 'HE'] as const;

export interface FlowCell {
	from: string;
	to: string;
	hours: number;
	bookings: number;
	revenueFen: number;
}

/** Every from → to cell over the three areas (zeros included), row by row. */
export function flowMatrix(bookings: BookingFact[], usage: UsageFact[], samples: SampleFact[] = []): FlowCell[] {
	const cells = new Map<string, FlowCell>();
	for (const from of AREAS) for (const to of AREAS) cells.set(`${from}>${to}`, { from, to, hours: 0, bookings: 0, revenueFen: 0 });
	const cell = (from: string, to: string) => {
		const k = `${from}>${to}`;
		let c = cells.get(k);
		if (!c) cells.set(k, (c = { from, to, hours: 0, bookings: 0, revenueFen: 0 }));
		return c;
	};
	const ms = new Map<FlowCell, number>();
	for (const u of usage) {
		const c = cell(u.userArea, u.instrumentArea);
		ms.set(c, (ms.get(c) ?? 0) + u.ms);
	}
	for (const b of bookings) {
		const c = cell(b.userArea, b.instrumentArea);
		if (ACCEPTED_STATUSES.includes(b.status)) c.bookings += b.started;
		c.revenueFen += b.revenueFen;
	}
	for (const s of samples) cell(s.userArea, s.instrumentArea).revenueFen += s.revenueFen;
	for (const [c, total] of ms) c.hours = total / HOUR;
	return [...cells.values()];
}

/** Out : in shares of an area by a value (e.g. revenue): served for other areas vs used of other areas. */
export function outInRatio(cells: FlowCell[], area: string, value: (c: FlowCell) => number): { out: number; in: number } {
	let out = 0;
	let inn = 0;
	for (const c of cells) {
		if (c.from === c.to) continue;
		if (c.to === area) out += value(c); // the area's instruments served others
		if (c.from === area) inn += value(c); // the area's users used others' instruments
	}
	return { out, in: inn };
}
