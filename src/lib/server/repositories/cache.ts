/**
 * Dashboard results kept per data version. Triggers (migration 004) raise `data_version.version` on every
 * change to forms, findings, units, their names and merges, and settings, whichever process makes it (imports
 * run in a child process). A read first takes the version, then the data, so a result is never filed under a
 * version newer than its data. Reloading a page, paging, sorting or switching back to a year then costs one
 * primary-key read instead of a province's aggregates.
 *
 * Results are shared between callers: treat them as read-only.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';

/**
 * Results are kept in pools, each with its own bound: many small unit pages (one per unit an analyst opens)
 * must not push a province's overview or comparison out of memory.
 */
export type CachePool = 'dashboard' | 'unit' | 'encoded';

interface Cache {
	version: number;
	pools: Map<CachePool, Map<string, Promise<unknown>>>;
}

const caches = new WeakMap<object, Cache>();

/** Results kept per database at most: the largest (the comparison's chart points, 20,000 forms) are a few MB. */
export const MAX_ENTRIES = 24;

/**
 * Results kept per pool (unit pages are ~30 KB each; encoded answers, such as the comparison's chart points
 * as gzipped JSON, up to ~0.5 MB, or 2.6 MB unpacked for a client that does not take gzip).
 */
const POOL_LIMITS: Record<CachePool, number> = { dashboard: MAX_ENTRIES, unit: 64, encoded: 8 };

export async function dataVersion(db: Kysely<Database>): Promise<number> {
	const row = await db.selectFrom('data_version').select('version').where('id', '=', 1).executeTakeFirst();
	return row?.version ?? 0;
}

/**
 * `compute()`'s result for this key at the current data version: computed once, then shared. Inside a
 * transaction nothing is kept (its writes are not committed yet, and it may still roll back).
 */
export async function cached<T>(
	db: Kysely<Database>,
	key: string,
	compute: () => Promise<T>,
	pool: CachePool = 'dashboard'
): Promise<T> {
	if (db.isTransaction) return compute();
	const version = await dataVersion(db);
	let cache = caches.get(db);
	if (!cache || cache.version !== version) {
		// an older version's results are never read again
		cache = { version, pools: new Map() };
		caches.set(db, cache);
	}
	let entries = cache.pools.get(pool);
	if (!entries) cache.pools.set(pool, (entries = new Map()));
	const hit = entries.get(key) as Promise<T> | undefined;
	if (hit) {
		// the Map's order is the eviction order
		entries.delete(key);
		entries.set(key, hit);
		return hit;
	}
	const running = compute();
	entries.set(key, running);
	if (entries.size > POOL_LIMITS[pool]) entries.delete(entries.keys().next().value as string);
	// a failure is not kept: the next call tries again
	running.catch(() => {
		if (entries!.get(key) === running) entries!.delete(key);
	});
	return running;
}

/** Forget everything kept for this database (tests; after writes that bypass the triggers). */
export function clearCache(db: Kysely<Database>): void {
	caches.delete(db);
}
