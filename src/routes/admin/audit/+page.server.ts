import type { PageServerLoad } from './$types';
import { getDb } from '$lib/server/app';
import { forbidden, requireUser } from '$lib/server/auth/guards';
import { listAudit, type AuditFilter } from '$lib/server/audit/audit.service';
import { isIsoDay } from '$lib/domain/instrument/working-days';
import { zonedToUtc } from '$lib/domain/time/zone';

const dayStart = (day: string) => zonedToUtc(Number(day.slice(0, 4)), Number(day.slice(5, 7)), Number(day.slice(8, 10)), 0, 0, 'Asia/Shanghai');

export const load: PageServerLoad = async (event) => {
	requireUser(event);
	if (!event.locals.roles.admin) forbidden(event.locals);
	const q = event.url.searchParams;
	const values = {
		entity: (q.get('entity') ?? '').trim().slice(0, 40),
		entityId: (q.get('entityId') ?? '').trim(),
		actor: (q.get('actor') ?? '').trim().slice(0, 200),
		from: (q.get('from') ?? '').trim(),
		to: (q.get('to') ?? '').trim()
	};
	const filter: AuditFilter = {};
	if (values.entity) filter.entity = values.entity;
	if (/^\d{1,15}$/.test(values.entityId)) filter.entityId = Number(values.entityId);
	if (values.actor) filter.actor = values.actor;
	if (isIsoDay(values.from)) filter.from = dayStart(values.from);
	// the "to" day is inclusive: up to the start of the next day
	if (isIsoDay(values.to)) filter.to = dayStart(values.to) + 86_400_000;
	const page = Math.max(1, Math.min(100_000, Number.parseInt(q.get('page') ?? '1', 10) || 1));
	const result = await listAudit(getDb(), event.locals.roles, filter, page);
	return { ...result, values };
};
