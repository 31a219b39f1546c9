import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { json } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { scopeKey } from '$lib/server/auth/scope';
import { dataVersion } from '$lib/server/repositories/cache';
import { compareYear, comparisonPoints, parseCompareQuery } from '../query';
import type { RequestHandler } from './$types';

/** Below this, compressing saves too little to bother (a handful of points). */
const GZIP_FROM_BYTES = 2 * 1024;

/**
 * The comparison's chart points (every matching form: thousands at province scale) for the page's filters,
 * fetched by the page once its table is on screen. Same query string, same scope as the page: a unit
 * account gets its own unit's forms only. `null` when there are no forms of the kind.
 *
 * A province's year is ~16,000 points, 2.6 MB of JSON: the answer is gzipped (to about a tenth) when the
 * browser accepts it, and carries an ETag made of the data version, the filters and the scope, so that going
 * back to a view the browser has already fetched costs a 304 and nothing is computed.
 */
export const GET: RequestHandler = async ({ url, locals, request }) => {
	const db = await getDb();
	// taken before the data: an ETag is never filed under a version newer than the points it names
	const version = await dataVersion(db);
	const etag = `W/"${version}-${createHash('sha256').update(`${url.search}|${scopeKey(locals.scope)}`).digest('base64url').slice(0, 22)}"`;
	const headers: Record<string, string> = {
		// the points follow the data: the browser asks again each time (and gets a 304 while nothing changed)
		'cache-control': 'private, no-cache',
		etag,
		vary: 'accept-encoding'
	};
	if (request.headers.get('if-none-match') === etag) return new Response(null, { status: 304, headers });

	const q = parseCompareQuery(url.searchParams);
	const { year } = await compareYear(db, q, locals.scope);
	const points = year === null ? null : await comparisonPoints(db, q, year, locals.scope);
	const body = JSON.stringify(points);
	if (body.length >= GZIP_FROM_BYTES && /\bgzip\b/.test(request.headers.get('accept-encoding') ?? '')) {
		return new Response(gzipSync(body, { level: 6 }), {
			headers: { ...headers, 'content-type': 'application/json', 'content-encoding': 'gzip' }
		});
	}
	return json(points, { headers });
};
