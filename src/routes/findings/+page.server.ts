import type { FormKind, Severity } from '$lib/domain/form';
import { getDb } from '$lib/server/db';
import { countFindingsByCode, listFindings } from '$lib/server/repositories/findings';
import { yearsAvailable } from '$lib/server/repositories/forms';
import { intParam, textParam } from '$lib/params';
import type { PageServerLoad } from './$types';

const PAGE_SIZE = 100;
const SEVERITIES = ['error', 'warning', 'info'] as const;

/** 问题: every finding across units and years, filterable; each links to its place in the form. */
export const load: PageServerLoad = async ({ url }) => {
	const db = await getDb();
	const p = url.searchParams;
	const code = textParam(p, 'code');
	const severityParam = p.get('severity');
	const severity = (SEVERITIES as readonly string[]).includes(severityParam ?? '') ? (severityParam as Severity) : undefined;
	const year = intParam(p, 'year') ?? undefined;
	const kindParam = p.get('kind');
	const kind: FormKind | undefined = kindParam === 'department' || kindParam === 'project' ? kindParam : undefined;
	const unitId = intParam(p, 'unit') ?? undefined;
	const search = textParam(p, 'q') ?? undefined;
	const page = intParam(p, 'page') ?? 1;
	const filter = { code: code ?? undefined, severity, year, kind, unitId, search };
	const [list, codes, years] = await Promise.all([
		listFindings(db, { ...filter, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }),
		countFindingsByCode(db, { year, kind, unitId }),
		yearsAvailable(db)
	]);
	return {
		rows: list.rows,
		total: list.total,
		codes,
		years,
		filters: { code, severity: severity ?? null, year: year ?? null, kind: kind ?? null, unitId: unitId ?? null, q: search ?? null, page },
		pageSize: PAGE_SIZE
	};
};
