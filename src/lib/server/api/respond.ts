// JSON API responses: data, and errors as { "error": { code, message, details } } — never HTML or stacks.
import { isHttpError, isRedirect, json, type RequestEvent } from '@sveltejs/kit';
import { ZodError } from 'zod';

export function apiError(status: number, code: string, message: string, details?: unknown): Response {
	return json({ error: { code, message, details: details ?? null } }, { status, headers: { 'cache-control': 'no-store' } });
}

/** Wraps an endpoint so any thrown error becomes a JSON error response. */
export function apiHandler<E extends RequestEvent>(fn: (event: E) => Promise<Response> | Response) {
	return async (event: E): Promise<Response> => {
		try {
			return await fn(event);
		} catch (err) {
			if (isHttpError(err)) {
				const body = err.body as { message?: string; code?: string };
				return apiError(err.status, body.code ?? codeForStatus(err.status), body.message ?? 'error');
			}
			if (isRedirect(err)) return apiError(401, 'unauthorized', 'authentication required');
			if (err instanceof ZodError) return apiError(422, 'invalid_input', 'invalid input', err.issues);
			console.error(`[api ${event.request.method} ${event.url.pathname}]`, err);
			return apiError(500, 'internal', 'internal server error');
		}
	};
}

function codeForStatus(status: number): string {
	return (
		{ 400: 'bad_request', 401: 'unauthorized', 403: 'forbidden', 404: 'not_found', 409: 'conflict', 422: 'invalid_input', 429: 'rate_limited' }[
			status
		] ?? 'error'
	);
}
