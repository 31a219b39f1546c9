/**
 * Dashboards at province scale, second step (issue 5). Frozen once released, like 001.
 *
 * - `units_name` (name, id): the years page lists the units of a kind by name, 50 at a time. Walking the
 *   units in name order and stopping after the page costs ~50 index probes instead of sorting 20,000 units
 *   on every page. Not partial (`merged_into is null`): SQLite would then prefer `units_merged_into` for
 *   that predicate and sort; the query leaves the predicate out instead (it is implied, see dashboard.ts).
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
	await db.schema.createIndex('units_name').on('units').columns(['name', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.schema.dropIndex('units_name').ifExists().execute();
}
