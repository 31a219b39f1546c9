/**
 * Reading dashboard filters from the URL. Every filter, sort and page lives in the query string, so these
 * parsers decide what a bad or missing value means (ignored, never an error page).
 */
import type { FormKind } from './domain/form';

export function intParam(params: URLSearchParams, name: string): number | null {
	const raw = params.get(name);
	if (raw === null || raw.trim() === '') return null;
	const n = Number(raw);
	return Number.isInteger(n) && n > 0 ? n : null;
}

export function kindParam(params: URLSearchParams): FormKind {
	return params.get('kind') === 'project' ? 'project' : 'department';
}

export function oneOf<T extends string>(params: URLSearchParams, name: string, allowed: readonly T[], fallback: T): T {
	const raw = params.get(name);
	return raw !== null && (allowed as readonly string[]).includes(raw) ? (raw as T) : fallback;
}

export function textParam(params: URLSearchParams, name: string): string | null {
	const raw = params.get(name)?.trim();
	return raw ? raw.slice(0, 100) : null;
}

/** A query string with some parameters changed (null removes one); page resets unless it is changed too. */
export function withParams(url: URL, changes: Record<string, string | number | null | undefined>): string {
	const params = new URLSearchParams(url.searchParams);
	if (!('page' in changes)) params.delete('page');
	for (const [key, value] of Object.entries(changes)) {
		if (value === null || value === undefined || value === '') params.delete(key);
		else params.set(key, String(value));
	}
	const qs = params.toString();
	return qs ? `?${qs}` : url.pathname;
}
