// Expected failures of booking services; routes map them to 404/403/409 (pages) or JSON errors (API).
import type { Problem } from '../../domain/booking/booking-rules';

export type ServiceProblem = Problem | { code: string; params?: Record<string, string | number> };

export class ServiceError extends Error {
	constructor(
		readonly kind: 'not_found' | 'forbidden' | 'conflict',
		readonly problems: ServiceProblem[] = []
	) {
		super(kind);
	}
	get status(): 404 | 403 | 409 {
		return this.kind === 'not_found' ? 404 : this.kind === 'forbidden' ? 403 : 409;
	}
}
