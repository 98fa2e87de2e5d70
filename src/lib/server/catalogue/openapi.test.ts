import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../api/openapi';

function refs(node: unknown, out: string[] = []): string[] {
	if (Array.isArray(node)) node.forEach((n) => refs(n, out));
	else if (node && typeof node === 'object') {
		for (const [k, v] of Object.entries(node)) {
			if (k === '$ref' && typeof v === 'string') out.push(v);
			else refs(v, out);
		}
	}
	return out;
}

describe('OpenAPI document', () => {
	it('is OpenAPI 3.1 and describes every v1 endpoint', () => {
		expect(openApiDocument.openapi).toBe('3.1.0');
		expect(Object.keys(openApiDocument.paths).sort()).toEqual(
			[
				'/api/v1/instruments',
				'/api/v1/instruments/{id}',
				'/api/v1/instruments/{id}/availability',
				'/api/v1/facilities',
				'/api/v1/bookings',
				'/api/v1/me/bookings',
				'/api/v1/bookings/{id}/cancel',
				'/api/v1/openapi.json',
				'/healthz'
			].sort()
		);
		expect(Object.keys(openApiDocument.components.securitySchemes)).toEqual(['cookieAuth', 'bearerAuth']);
		for (const name of ['Error', 'Problem', 'Instrument', 'Facility', 'Booking']) expect(openApiDocument.components.schemas).toHaveProperty(name);
	});
	it('has no dangling schema references', () => {
		const schemas = openApiDocument.components.schemas as Record<string, unknown>;
		for (const ref of refs(openApiDocument)) expect(schemas, ref).toHaveProperty(ref.replace('#/components/schemas/', ''));
	});
	it('marks the booking endpoints as needing a session or a token', () => {
		expect(openApiDocument.paths['/api/v1/bookings'].post.security).toEqual([{ cookieAuth: [] }, { bearerAuth: [] }]);
		expect(openApiDocument.paths['/api/v1/bookings'].post.responses).toHaveProperty('409');
	});
});
