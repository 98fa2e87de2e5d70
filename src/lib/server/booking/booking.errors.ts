// Expected failures of booking services; routes map them to 404/403/409 (pages) or JSON errors (API).
import type { Problem } from '../../domain/booking/booking-rules';

export type ServiceProblem = Problem | { code: string; params?: Record<string, string | number> };

export class ServiceError extends Error {
	readonly kind: 'not_found' | 'forbidden' | 'conflict';
	readonly problems: ServiceProblem[];

	constructor(kind: 'not_found' | 'forbidden' | 'conflict', problems: ServiceProblem[] = []) {
		// An expected answer (a refused booking, a missing row), not a fault: no stack trace is taken.
		// Capturing one walked the async chain of the request and cost ~40 µs per refused booking.
		const limit = Error.stackTraceLimit;
		Error.stackTraceLimit = 0;
		try {
			super(kind);
		} finally {
			Error.stackTraceLimit = limit;
		}
		this.name = 'ServiceError';
		this.kind = kind;
		this.problems = problems;
	}
	get status(): 404 | 403 | 409 {
		return this.kind === 'not_found' ? 404 : this.kind === 'forbidden' ? 403 : 409;
	}
}
