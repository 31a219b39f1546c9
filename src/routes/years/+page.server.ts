import { getDb } from '$lib/server/db';
import { getSettings } from '$lib/server/repositories/settings';
import { getTrend, getYearsMatrix } from '$lib/server/repositories/dashboard';
import { intParam, kindParam, oneOf, textParam } from '$lib/params';
import type { PageServerLoad } from './$types';

const METRICS = ['rate', 'score', 'self'] as const;

/** 趋势: units × years, the largest drops, and the lines of the units the analyst picked (?pick=1,2,3). */
export const load: PageServerLoad = async ({ url }) => {
	const db = await getDb();
	const p = url.searchParams;
	const kind = kindParam(p);
	const metric = oneOf(p, 'metric', METRICS, 'rate');
	const search = textParam(p, 'q');
	const page = intParam(p, 'page') ?? 1;
	const picked = (p.get('pick') ?? '')
		.split(',')
		.map(Number)
		.filter((n) => Number.isInteger(n) && n > 0)
		.slice(0, 20);
	const [matrix, trend, settings] = await Promise.all([
		getYearsMatrix(db, { kind, metric, search, page, pageSize: 50 }),
		picked.length ? getTrend(db, { unitIds: picked, kind, metric }) : Promise.resolve(null),
		getSettings(db)
	]);
	return { kind, metric, search, picked, matrix, trend, alertLine: settings.alertLine };
};
