/**
 * Indexes for the dashboards at province scale (~10^5 forms, ~10^6 findings), measured with
 * scripts/bench-dashboard.ts. Frozen once released, like 001.
 *
 * - The live-form indexes of 002 also carry `is_current` and `shadowed_by`: SQLite treats an index as
 *   covering only when every column the query names is in it, the columns of the partial index's own WHERE
 *   included, so without them each of a year's 20,000 entries cost a table lookup.
 * - `findings.year` / `findings.kind` (copied from the form, which never changes either): the findings of one
 *   year and kind are then one range of `findings_slice`, counted without visiting the forms. Findings of
 *   forms that are not live (older versions, forms hidden after a merge) are few and are excluded by id,
 *   found through `forms_dead`.
 * - `forms_canonical`: merges and splits rewrite every version of a unit's forms, not only current ones.
 * - `data_version`: one counter that triggers raise on every change to the tables the dashboards read, in
 *   any process (imports run in a child process). The dashboard functions keep their results per version,
 *   so that reloading a page, paging or sorting does not recompute a province's aggregates.
 */
import { sql, type Kysely, type SqlBool } from 'kysely';

const LIVE = sql<SqlBool>`is_current = 1 and shadowed_by is null`;

/** The tables whose changes the dashboards must see. */
const WATCHED = ['forms', 'findings', 'units', 'unit_names', 'unit_merges', 'settings'];

export async function up(db: Kysely<any>): Promise<void> {
	await db.schema.dropIndex('forms_live_year').execute();
	await db.schema.dropIndex('forms_live_unit').execute();
	await db.schema
		.createIndex('forms_live_year')
		.on('forms')
		.columns([
			'kind',
			'year',
			'rate',
			'canonical_unit_id',
			'budget_wan',
			'executed_wan',
			'total_score_printed',
			'total_score',
			'grade',
			'origin',
			'findings_count',
			'project',
			'is_current',
			'shadowed_by'
		])
		.where(LIVE)
		.execute();
	await db.schema
		.createIndex('forms_live_unit')
		.on('forms')
		.columns([
			'kind',
			'canonical_unit_id',
			'year',
			'rate',
			'total_score',
			'total_score_printed',
			'budget_wan',
			'is_current',
			'shadowed_by'
		])
		.where(LIVE)
		.execute();
	// partial, so that queries of live forms never take it for theirs
	await db.schema
		.createIndex('forms_dead')
		.on('forms')
		.columns(['kind', 'year'])
		.where(sql<SqlBool>`is_current = 0 or shadowed_by is not null`)
		.execute();
	await db.schema.createIndex('forms_canonical').on('forms').column('canonical_unit_id').execute();

	await db.schema.alterTable('findings').addColumn('year', 'integer').execute();
	await db.schema.alterTable('findings').addColumn('kind', 'text').execute();
	await sql`update findings set year = f.year, kind = f.kind from forms f where f.id = findings.form_id`.execute(db);
	await db.schema
		.createIndex('findings_slice')
		.on('findings')
		.columns(['kind', 'year', 'code', 'severity', 'form_id', 'ord'])
		.execute();

	await db.schema
		.createTable('data_version')
		.addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
		.addColumn('version', 'integer', (c) => c.notNull())
		.execute();
	await db.insertInto('data_version').values({ id: 1, version: 0 }).execute();
	for (const table of WATCHED) {
		for (const event of ['insert', 'update', 'delete']) {
			await sql`create trigger ${sql.id(`${table}_${event}_version`)} after ${sql.raw(event)} on ${sql.id(table)}
				begin update data_version set version = version + 1 where id = 1; end`.execute(db);
		}
	}
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const table of WATCHED)
		for (const event of ['insert', 'update', 'delete'])
			await sql`drop trigger if exists ${sql.id(`${table}_${event}_version`)}`.execute(db);
	await db.schema.dropTable('data_version').ifExists().execute();
	await db.schema.dropIndex('findings_slice').ifExists().execute();
	await db.schema.alterTable('findings').dropColumn('kind').execute();
	await db.schema.alterTable('findings').dropColumn('year').execute();
	for (const index of ['forms_canonical', 'forms_dead', 'forms_live_unit', 'forms_live_year'])
		await db.schema.dropIndex(index).ifExists().execute();
	// 002's narrower versions
	await db.schema
		.createIndex('forms_live_year')
		.on('forms')
		.columns([
			'kind',
			'year',
			'rate',
			'canonical_unit_id',
			'budget_wan',
			'executed_wan',
			'total_score_printed',
			'total_score',
			'grade',
			'origin',
			'findings_count'
		])
		.where(LIVE)
		.execute();
	await db.schema
		.createIndex('forms_live_unit')
		.on('forms')
		.columns(['kind', 'canonical_unit_id', 'year', 'rate', 'total_score', 'total_score_printed', 'budget_wan'])
		.where(LIVE)
		.execute();
}
