// A calendar feed by its token: /feeds/<token>.ics. No session needed — the token is the key; an
// unknown or malformed token is 404 and says nothing more.
import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { getDb } from '$lib/server/app';
import { feedForToken } from '$lib/server/calendar-feed/calendar-feed.service';

export const GET: RequestHandler = async ({ params, url }) => {
	const match = /^(.+)\.ics$/.exec(params.file);
	const feed = match ? await feedForToken(getDb(), match[1], Date.now(), url.searchParams.get('lang') ?? undefined) : null;
	if (!feed) error(404, { message: 'not found', code: 'not_found' });
	return new Response(feed.ics, {
		headers: {
			'content-type': 'text/calendar; charset=utf-8',
			'cache-control': 'private, max-age=300',
			'x-robots-tag': 'noindex'
		}
	});
};
