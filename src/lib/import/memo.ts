/**
 * Remembering pure functions of one string. A form's reader asks the same questions of the same cells
 * many times (the row aligner scores every cell against every column), and forms repeat the same labels by
 * the thousand; the answers depend on the text alone.
 *
 * Bounded by entries: when full the cache is dropped rather than kept in LRU order — cheaper per call,
 * and the common labels are back after a form or two. Long texts (narratives, reasons) rarely repeat
 * across forms; they are cached too, since the aligner still asks about each one once per column.
 */
export function memoString<T>(fn: (s: string) => T, max = 8192): (s: string) => T {
	const cache = new Map<string, T>();
	return (s: string): T => {
		const hit = cache.get(s);
		if (hit !== undefined || cache.has(s)) return hit as T;
		const value = fn(s);
		if (cache.size >= max) cache.clear();
		cache.set(s, value);
		return value;
	};
}
