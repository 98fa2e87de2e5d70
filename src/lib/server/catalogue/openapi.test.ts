import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { openApiDocument } from '../api/openapi';

/** Every +server.ts under src/routes/api/v1 (and /healthz) as an OpenAPI path: [id] → {id}. */
function endpointPaths(): string[] {
	const root = path.resolve('src/routes');
	const out: string[] = ['/healthz'];
	const walk = (dir: string) => {
		for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
			const full = path.join(dir, entry.name);
			if (entry.isDirectory()) walk(full);
			else if (entry.name === '+server.ts') {
				const route = '/' + path.relative(root, dir).split(path.sep).join('/');
				out.push(route.replace(/\[(\w+)\]/g, '{$1}'));
			}
		}
	};
	walk(path.join(root, 'api/v1'));
	return out.sort();
}

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
	it('is OpenAPI 3.1 and describes exactly the endpoints that exist', () => {
		expect(openApiDocument.openapi).toBe('3.1.0');
		expect(Object.keys(openApiDocument.paths).sort()).toEqual(endpointPaths());
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
