import { getDb } from '$lib/server/db';
import { compareYear, comparisonPage, parseCompareQuery } from './query';
import type { PageServerLoad } from './$types';

/** 对比: the units of a year ranked by one metric; filters, sort and page all come from the URL. */
export const load: PageServerLoad = async ({ url, locals }) => {
	const db = await getDb();
	const q = parseCompareQuery(url.searchParams);
	const { years, year } = await compareYear(db, q, locals.scope);
	const comparison = year === null ? null : await comparisonPage(db, q, year, q.page, 50, locals.scope);
	return {
		years,
		year,
		kind: q.kind,
		metric: q.metric,
		search: q.search,
		grade: q.grade,
		belowOnly: q.belowOnly,
		comparison
	};
};
