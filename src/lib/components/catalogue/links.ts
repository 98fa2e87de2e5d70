// Links that change some query parameters and keep the others, so filters survive each other.

type Change = string | number | null | undefined;

/** The current path with the given parameters set (null/undefined/'' removes one); page resets unless given. */
export function withParams(url: URL, changes: Record<string, Change>): string {
	const params = new URLSearchParams(url.searchParams);
	if (!('page' in changes)) params.delete('page');
	for (const [key, value] of Object.entries(changes)) {
		if (value === null || value === undefined || value === '') params.delete(key);
		else params.set(key, String(value));
	}
	for (const [key, value] of [...params.entries()]) if (value === '') params.delete(key);
	const search = params.toString();
	return search ? `${url.pathname}?${search}` : url.pathname;
}
