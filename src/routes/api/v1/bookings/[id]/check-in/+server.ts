import type { RequestHandler } from './$types';
import { checkIn } from '$lib/server/usage/usage.service';
import { checkInOutEndpoint } from '$lib/server/usage/usage.endpoint';

/** Check-in: the booker with the instrument's code, or a manager / the assigned operator without. */
export const POST: RequestHandler = checkInOutEndpoint(checkIn);
