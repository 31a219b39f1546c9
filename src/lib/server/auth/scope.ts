/**
 * What a user may read: everything (admin, analyst) or one unit's forms (unit accounts). Repositories take
 * an optional `scope` as their last parameter and narrow their queries with `whereInScope`, so the rule is
 * written once, in the queries, rather than page by page.
 *
 * A unit account's scope names the unit its forms *count for* (forms.canonical_unit_id): the unit it is bound
 * to, or the unit that one was merged into, resolved when the session is read. A merge says two names are
 * one department, so its staff see the merged unit's forms.
 */
import { sql, type Expression, type SqlBool } from 'kysely';
import type { Role } from '../db/schema';

export interface Scope {
	role: Role;
	/** for role 'unit': the canonical unit; null for the other roles */
	unitId: number | null;
}

/** Sees every unit: the command line, and admins and analysts. */
export const UNRESTRICTED: Scope = { role: 'admin', unitId: null };

/** true when the scope reads one unit only. A unit scope without a unit reads nothing (fail closed). */
export function isRestricted(scope: Scope | null | undefined): scope is Scope {
	return !!scope && scope.role === 'unit';
}

/** May this scope read the forms of this canonical unit? */
export function canSeeUnit(scope: Scope | null | undefined, canonicalUnitId: number): boolean {
	if (!isRestricted(scope)) return true;
	return scope.unitId !== null && scope.unitId === canonicalUnitId;
}

/**
 * The condition "this row belongs to the scope's unit", on a column holding a canonical unit id (default
 * `forms.canonical_unit_id`; pass e.g. 'f.canonical_unit_id' for an aliased table). null: no condition.
 */
export function scopeCondition(scope: Scope | null | undefined, column = 'forms.canonical_unit_id'): Expression<SqlBool> | null {
	if (!isRestricted(scope)) return null;
	if (scope.unitId === null) return sql<SqlBool>`1 = 0`;
	return sql<SqlBool>`${sql.ref(column)} = ${scope.unitId}`;
}

/**
 * Narrow a query builder (select, update or delete) to the scope. Works on any builder with `where`:
 *
 *   q = whereInScope(q, scope)                       // forms.canonical_unit_id
 *   q = whereInScope(q, scope, 'f.canonical_unit_id') // an alias
 */
export function whereInScope<Q extends { where(expression: Expression<SqlBool>): Q }>(
	qb: Q,
	scope: Scope | null | undefined,
	column = 'forms.canonical_unit_id'
): Q {
	const condition = scopeCondition(scope, column);
	return condition ? qb.where(condition) : qb;
}

/** The scope as part of a cache key: results computed for one unit must never be served to another scope. */
export function scopeKey(scope: Scope | null | undefined): string {
	return isRestricted(scope) ? `unit:${scope.unitId ?? 'none'}` : 'all';
}
