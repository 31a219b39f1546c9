import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { getDb } from '$lib/server/db';
import { scopeKey } from '$lib/server/auth/scope';
import { cached, dataVersion } from '$lib/server/repositories/cache';
import { compareYear, comparisonPoints, parseCompareQuery } from '../query';
import type { RequestHandler } from './$types';

const gzipAsync = promisify(gzip);

/** Below this, compressing saves too little to bother (a handful of points). */
const GZIP_FROM_BYTES = 2 * 1024;

/**
 * The comparison's chart points (every matching form: thousands at province scale) for the page's filters,
 * fetched by the page once its table is on screen. Same query string, same scope as the page: a unit
 * account gets its own unit's forms only. `null` when there are no forms of the kind.
 *
 * A province's year is ~16,000 points, 2.6 MB of JSON: the answer is gzipped (to about a fifth) when the
 * browser accepts it, and carries an ETag made of the data version, the filters and the scope, so that going
 * back to a view the browser has already fetched costs a 304 and nothing is computed. The encoded answer is
 * kept per data version too: serialising and compressing 2.6 MB took ~90 ms of CPU per request (benchmark).
 */
export const GET: RequestHandler = async ({ url, locals, request }) => {
	const db = await getDb();
	// taken before the data: an ETag is never filed under a version newer than the points it names
	const version = await dataVersion(db);
	const view = `${url.search}|${scopeKey(locals.scope)}`;
	const etag = `W/"${version}-${createHash('sha256').update(view).digest('base64url').slice(0, 22)}"`;
	const headers: Record<string, string> = {
		'content-type': 'application/json',
		// the points follow the data: the browser asks again each time (and gets a 304 while nothing changed)
		'cache-control': 'private, no-cache',
		etag,
		vary: 'accept-encoding'
	};
	if (request.headers.get('if-none-match') === etag) return new Response(null, { status: 304, headers });

	const gzipped = /\bgzip\b/.test(request.headers.get('accept-encoding') ?? '');
	const body = await cached(
		db,
		JSON.stringify(['comparisonPoints.body', view, gzipped]),
		async () => {
			const q = parseCompareQuery(url.searchParams);
			const { year } = await compareYear(db, q, locals.scope);
			const json = JSON.stringify(year === null ? null : await comparisonPoints(db, q, year, locals.scope));
			// off the event loop: other requests go on while a province's points are compressed
			if (gzipped && json.length >= GZIP_FROM_BYTES) return { gzip: true, bytes: new Uint8Array(await gzipAsync(json, { level: 6 })) };
			return { gzip: false, bytes: new TextEncoder().encode(json) };
		},
		'encoded'
	);
	if (body.gzip) headers['content-encoding'] = 'gzip';
	return new Response(body.bytes, { headers });
};
