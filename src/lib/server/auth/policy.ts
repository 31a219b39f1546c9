/**
 * Who may do what, in one table: every route names the capability it needs, every role has a set of
 * capabilities, and the server hook (src/hooks.server.ts) checks each request against both before any page
 * or endpoint runs. A route missing from ROUTE_POLICY is refused to everyone (and the per-route
 * authorization test fails), so a new page cannot be reachable by accident.
 *
 * Reading is further narrowed per unit inside the repositories (scope.ts): the table says a unit account may
 * read forms, the scope says which.
 */
import type { Role } from '../db/schema';

export type Capability =
	/** anyone, logged in or not */
	| 'public'
	/** any logged-in user (their own account, logging out) */
	| 'session'
	/** dashboards, forms, findings, documents (narrowed to the unit for unit accounts) */
	| 'read'
	/** uploading forms (unit accounts: only their unit's) */
	| 'import'
	/** merging and splitting units */
	| 'merge'
	/** settings, demo data */
	| 'settings'
	/** managing accounts */
	| 'users'
	/** reading the audit log */
	| 'audit';

export const ROLE_CAPABILITIES: Record<Role, readonly Capability[]> = {
	admin: ['public', 'session', 'read', 'import', 'merge', 'settings', 'users', 'audit'],
	analyst: ['public', 'session', 'read', 'import', 'merge'],
	unit: ['public', 'session', 'read', 'import']
};

/** One capability for every method, or one for reading (GET, HEAD) and one for everything else. */
export type RoutePolicy = Capability | { read: Capability; write: Capability };

/** Keyed by SvelteKit route id (event.route.id). */
export const ROUTE_POLICY: Record<string, RoutePolicy> = {
	'/login': 'public',
	'/logout': 'public',
	'/account': 'session',
	'/admin/users': 'users',
	'/admin/audit': 'audit',

	'/': 'read',
	'/compare': 'read',
	'/years': 'read',
	'/units/[id]': { read: 'read', write: 'merge' },
	'/findings': 'read',
	'/forms': 'read',
	'/forms/[id]': 'read',
	'/documents/[id]': 'read',
	// exports and the printable report: the same reading as their pages, in another shape
	'/forms/export.xlsx': 'read',
	'/forms/export.csv': 'read',
	'/compare/export.xlsx': 'read',
	'/compare/export.csv': 'read',
	// the compare page's chart points, fetched by the page after its table
	'/compare/points': 'read',
	'/years/export.xlsx': 'read',
	'/years/export.csv': 'read',
	'/findings/export.xlsx': 'read',
	'/findings/export.csv': 'read',
	'/units/[id]/indicators.xlsx': 'read',
	'/units/[id]/indicators.csv': 'read',
	'/forms/[id]/report': 'read',
	'/forms/[id]/report.pdf': 'read',
	'/settings': 'settings',

	'/import': 'import',
	'/import/template.csv': 'import',
	'/import/template.xlsx': 'import',
	'/api/imports': 'import',
	'/api/imports/[id]': 'import',
	'/api/imports/[id]/close': 'import',
	'/api/imports/[id]/events': 'import',
	'/api/imports/[id]/files': 'import'
};

/** The capability a request needs; null when the route has no entry (refused). */
export function requiredCapability(routeId: string, method: string): Capability | null {
	const policy = ROUTE_POLICY[routeId];
	if (policy === undefined) return null;
	if (typeof policy === 'string') return policy;
	return method === 'GET' || method === 'HEAD' ? policy.read : policy.write;
}

export function can(role: Role | null | undefined, capability: Capability): boolean {
	if (capability === 'public') return true;
	if (!role) return false;
	return ROLE_CAPABILITIES[role].includes(capability);
}

/** Requests a user may make without logging in: the login page itself (static assets never reach the hook). */
export function isPublicRoute(routeId: string | null): boolean {
	return routeId !== null && ROUTE_POLICY[routeId] === 'public';
}
