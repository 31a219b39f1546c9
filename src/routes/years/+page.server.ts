import { getDb } from '$lib/server/db';
import { getSettings } from '$lib/server/repositories/settings';
import { getTrend } from '$lib/server/repositories/dashboard';
import { matrixPage, parseYearsQuery } from './query';
import type { PageServerLoad } from './$types';

/** 趋势: units × years, the largest drops, and the lines of the units the analyst picked (?pick=1,2,3). */
export const load: PageServerLoad = async ({ url, locals }) => {
	const db = await getDb();
	const q = parseYearsQuery(url.searchParams);
	const { kind, metric, search, picked } = q;
	const [matrix, trend, settings] = await Promise.all([
		matrixPage(db, q, q.page, 50, locals.scope),
		picked.length ? getTrend(db, { unitIds: picked, kind, metric }, locals.scope) : Promise.resolve(null),
		getSettings(db)
	]);
	return { kind, metric, search, picked, matrix, trend, alertLine: settings.alertLine };
};
