import { getDb } from '$lib/server/db';
import { AUDIT_ACTIONS, auditUsernames, listAudit } from '$lib/server/repositories/audit';
import { auditActionLabel } from '$lib/labels';
import type { PageServerLoad } from './$types';

const PAGE_SIZE = 50;

export const load: PageServerLoad = async ({ url }) => {
	const db = await getDb();
	const actionParam = url.searchParams.get('action');
	const action = actionParam && actionParam in AUDIT_ACTIONS ? actionParam : null;
	const user = url.searchParams.get('user')?.trim() || null;
	const page = Math.max(1, Math.floor(Number(url.searchParams.get('page')) || 1));
	const [{ rows, total }, usernames] = await Promise.all([
		listAudit(db, { action: action ?? undefined, username: user ?? undefined, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }),
		auditUsernames(db)
	]);
	return {
		rows: rows.map((r) => ({
			...r,
			label: auditActionLabel(r.action),
			details: JSON.stringify(r.details) === '{}' ? '' : JSON.stringify(r.details)
		})),
		total,
		pageSize: PAGE_SIZE,
		actions: Object.keys(AUDIT_ACTIONS).map((value) => ({ value, label: auditActionLabel(value) })),
		usernames,
		filters: { action, user, page }
	};
};
