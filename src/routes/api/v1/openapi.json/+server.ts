import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { openApiDocument } from '$lib/server/api/openapi';

/** GET /api/v1/openapi.json: the OpenAPI 3.1 description of every v1 endpoint. */
export const GET: RequestHandler = () => json(openApiDocument, { headers: { 'cache-control': 'public, max-age=300' } });
