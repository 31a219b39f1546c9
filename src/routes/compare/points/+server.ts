import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { compareYear, comparisonPoints, parseCompareQuery } from '../query';
import type { RequestHandler } from './$types';

/**
 * The comparison's chart points (every matching form: thousands at province scale) for the page's filters,
 * fetched by the page once its table is on screen. Same query string, same scope as the page: a unit
 * account gets its own unit's forms only. `null` when there are no forms of the kind.
 */
export const GET: RequestHandler = async ({ url, locals }) => {
	const db = await getDb();
	const q = parseCompareQuery(url.searchParams);
	const { year } = await compareYear(db, q, locals.scope);
	const points = year === null ? null : await comparisonPoints(db, q, year, locals.scope);
	// the points follow the data: a reload after an import must not be answered from a browser's cache
	return json(points, { headers: { 'cache-control': 'private, no-cache' } });
};
