import { getDb } from '$lib/server/db';
import {
	COMPARISON_METRICS,
	COMPARISON_SORTS,
	getComparison,
	type ComparisonSort
} from '$lib/server/repositories/dashboard';
import { yearsAvailable } from '$lib/server/repositories/forms';
import { intParam, kindParam, oneOf, textParam } from '$lib/params';
import type { PageServerLoad } from './$types';

const GRADES = ['优', '良', '中', '差', 'none'] as const;

/** 对比: the units of a year ranked by one metric; filters, sort and page all come from the URL. */
export const load: PageServerLoad = async ({ url }) => {
	const db = await getDb();
	const p = url.searchParams;
	const kind = kindParam(p);
	const years = await yearsAvailable(db, { kind });
	const askedYear = intParam(p, 'year');
	const year = askedYear !== null && years.includes(askedYear) ? askedYear : (years[0] ?? null);
	const metric = oneOf(p, 'metric', COMPARISON_METRICS, 'rate');
	const sortParam = p.get('sort');
	const sort = COMPARISON_SORTS.includes(sortParam as ComparisonSort) ? (sortParam as ComparisonSort) : undefined;
	const dirParam = p.get('dir');
	const dir = dirParam === 'asc' || dirParam === 'desc' ? dirParam : undefined;
	const gradeParam = p.get('grade');
	const grade = (GRADES as readonly string[]).includes(gradeParam ?? '') ? (gradeParam as (typeof GRADES)[number]) : null;
	const search = textParam(p, 'q');
	const belowOnly = p.get('below') === '1';
	const page = intParam(p, 'page') ?? 1;

	const comparison =
		year === null
			? null
			: await getComparison(db, { year, kind, metric, search, grade, belowOnly, sort, dir, page, pageSize: 50 });
	return { years, year, kind, metric, search, grade, belowOnly, comparison };
};
