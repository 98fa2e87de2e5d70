import type { RequestHandler } from './$types';
import { checkOut } from '$lib/server/usage/usage.service';
import { checkInOutEndpoint } from '$lib/server/usage/usage.endpoint';

/** Check-out: the booker with the instrument's code, or a manager / the assigned operator without. */
export const POST: RequestHandler = checkInOutEndpoint(checkOut);
