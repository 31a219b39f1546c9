import { getDb } from '$lib/server/db';
import { countFindingsByCode, listFindings } from '$lib/server/repositories/findings';
import { yearsAvailable } from '$lib/server/repositories/forms';
import { findingFilter, parseFindingsQuery } from './query';
import type { PageServerLoad } from './$types';

const PAGE_SIZE = 100;

/** 问题: every finding across units and years, filterable; each links to its place in the form. */
export const load: PageServerLoad = async ({ url, locals }) => {
	const db = await getDb();
	const filters = parseFindingsQuery(url.searchParams);
	const filter = findingFilter(filters);
	const scope = locals.scope ?? undefined;
	const [list, codes, years] = await Promise.all([
		listFindings(db, { ...filter, limit: PAGE_SIZE, offset: (filters.page - 1) * PAGE_SIZE }, scope),
		countFindingsByCode(db, { year: filter.year, kind: filter.kind, unitId: filter.unitId }, scope),
		yearsAvailable(db, {}, scope)
	]);
	return { rows: list.rows, total: list.total, codes, years, filters, pageSize: PAGE_SIZE };
};
