/**
 * The analyst's dashboard: where data came from, unit identity across years, and indexes for the dashboards.
 * Frozen once released, like 001.
 *
 * - `documents.origin` / `forms.origin`: upload | cli | demo | sample. Copied onto forms because dashboards
 *   count demo forms while scanning forms only (a document's origin never changes).
 * - Unit identity. A form stays filed under the unit its printed name gives (`forms.unit_id`, which keys its
 *   versions); `forms.canonical_unit_id` is the unit it counts for, which differs only after a manual merge
 *   (`units.merged_into`, history in `unit_merges`). Merging or splitting rewrites that one column, so it is
 *   exactly reversible, and queries never follow merge chains. When a merge brings two current forms of one
 *   (unit, year, kind, project) together, the older gets `shadowed_by` = the newer; dashboards read
 *   "live" forms: `is_current = 1 and shadowed_by is null`.
 * - `forms.unit_name`: the unit as printed on this form; `unit_names` keeps every printed name per unit with
 *   the years it was seen (the unit page's aliases).
 * - `forms.budget_wan` / `executed_wan`: the funds total in 万元 whatever the form's money unit, so sums
 *   across forms are plain sums.
 * - The unit name key now ignores a leading 中共 / 中国共产党: existing keys are recomputed, and units that
 *   the new key makes one are merged (recorded, so that they can be split again).
 */
import { sql, type Kysely, type SqlBool } from 'kysely';

const ORIGINS = `('upload', 'cli', 'demo', 'sample')`;

/** The key as of this migration (a copy: the frozen migration must not follow later changes of the code). */
function nameKey(name: string): string {
	const key = name
		.normalize('NFKC')
		.replace(/[〔【［]/g, '[')
		.replace(/[〕】］]/g, ']')
		.replace(/\s+/g, '');
	const stripped = key.replace(/^(?:中国共产党|中共)/, '');
	return stripped === '' ? key : stripped;
}

export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.alterTable('documents')
		.addColumn('origin', 'text', (c) => c.notNull().defaultTo('upload').check(sql`origin in ${sql.raw(ORIGINS)}`))
		.execute();

	await db.schema
		.alterTable('units')
		.addColumn('merged_into', 'integer', (c) => c.references('units.id').onDelete('restrict'))
		.execute();

	// SQLite adds a referencing column only as nullable; every row is filled below and by every insert
	await db.schema
		.alterTable('forms')
		.addColumn('canonical_unit_id', 'integer', (c) => c.references('units.id').onDelete('restrict'))
		.execute();
	await db.schema
		.alterTable('forms')
		.addColumn('shadowed_by', 'integer', (c) => c.references('forms.id').onDelete('set null'))
		.execute();
	await db.schema
		.alterTable('forms')
		.addColumn('origin', 'text', (c) => c.notNull().defaultTo('upload').check(sql`origin in ${sql.raw(ORIGINS)}`))
		.execute();
	await db.schema.alterTable('forms').addColumn('unit_name', 'text').execute();
	await db.schema.alterTable('forms').addColumn('budget_wan', 'real').execute();
	await db.schema.alterTable('forms').addColumn('executed_wan', 'real').execute();

	await db.schema
		.createTable('unit_names')
		.addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id').onDelete('cascade'))
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('first_year', 'integer', (c) => c.notNull())
		.addColumn('last_year', 'integer', (c) => c.notNull())
		.addPrimaryKeyConstraint('unit_names_pk', ['unit_id', 'name'])
		.execute();

	await db.schema
		.createTable('unit_merges')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('from_unit_id', 'integer', (c) => c.notNull().references('units.id').onDelete('cascade'))
		.addColumn('into_unit_id', 'integer', (c) => c.notNull().references('units.id').onDelete('cascade'))
		.addColumn('merged_by', 'text')
		.addColumn('merged_at', 'text', (c) => c.notNull())
		.addColumn('undone_by', 'text')
		.addColumn('undone_at', 'text')
		.execute();
	await db.schema.createIndex('unit_merges_from').on('unit_merges').column('from_unit_id').execute();
	await db.schema.createIndex('unit_merges_into').on('unit_merges').column('into_unit_id').execute();
	await db.schema.createIndex('units_merged_into').on('units').column('merged_into').execute();

	// backfill: nothing is merged yet; printed names and 万元 amounts from what is stored
	await sql`update forms set canonical_unit_id = unit_id`.execute(db);
	await sql`update forms set unit_name = trim(json_extract(d.data, '$.unit'))
		from form_data d where d.form_id = forms.id`.execute(db);
	for (const [to, from] of [
		['budget_wan', 'budget'],
		['executed_wan', 'executed']
	]) {
		await sql`update forms set ${sql.ref(to)} = case when money_unit = '元' then ${sql.ref(from)} / 10000.0 else ${sql.ref(from)} end`.execute(
			db
		);
	}
	await sql`insert into unit_names (unit_id, name, first_year, last_year)
		select unit_id, unit_name, min(year), max(year) from forms
		where unit_name is not null and unit_name <> '' group by unit_id, unit_name`.execute(db);

	await rekeyUnits(db);

	await db.schema.createIndex('forms_shadowed_by').on('forms').column('shadowed_by').execute();
	// a canonical unit's current forms: the unit page, and finding the forms a merge brings together
	await db.schema
		.createIndex('forms_canonical_key')
		.on('forms')
		.columns(['canonical_unit_id', 'kind', 'year', 'project'])
		.where(sql<SqlBool>`is_current = 1`)
		.execute();
	// Covering indexes over the live forms: the overview and comparison (one kind, one year) and the
	// years matrix (one kind, per unit in year order) read their columns from the index alone
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
		.where(sql<SqlBool>`is_current = 1 and shadowed_by is null`)
		.execute();
	await db.schema
		.createIndex('forms_live_unit')
		.on('forms')
		.columns(['kind', 'canonical_unit_id', 'year', 'rate', 'total_score', 'total_score_printed', 'budget_wan'])
		.where(sql<SqlBool>`is_current = 1 and shadowed_by is null`)
		.execute();
}

/**
 * Recompute every unit's name key under the new rule. Where two units now share a key, the older keeps it
 * and the others are merged into it, as a recorded merge that splitUnit can undo; their own keys become
 * placeholders that no name produces, since their spellings now find the older unit.
 */
async function rekeyUnits(db: Kysely<any>): Promise<void> {
	const units = (await db.selectFrom('units').select(['id', 'name', 'name_key']).orderBy('id').execute()) as {
		id: number;
		name: string;
		name_key: string;
	}[];
	const holder = new Map<string, number>();
	const plan: { id: number; key: string; into: number | null }[] = [];
	for (const u of units) {
		const key = nameKey(u.name);
		const first = holder.get(key);
		if (first === undefined) {
			holder.set(key, u.id);
			if (key !== u.name_key) plan.push({ id: u.id, key, into: null });
		} else plan.push({ id: u.id, key: `#merged:${u.id}`, into: first });
	}
	if (plan.length === 0) return;
	// two passes, so that no intermediate state holds one key twice
	for (const p of plan) await db.updateTable('units').set({ name_key: `#rekey:${p.id}` }).where('id', '=', p.id).execute();
	const now = new Date().toISOString();
	for (const p of plan) {
		await db.updateTable('units').set({ name_key: p.key, merged_into: p.into }).where('id', '=', p.id).execute();
		if (p.into === null) continue;
		await db.updateTable('forms').set({ canonical_unit_id: p.into }).where('unit_id', '=', p.id).execute();
		await db
			.insertInto('unit_merges')
			.values({ from_unit_id: p.id, into_unit_id: p.into, merged_by: '系统：单位名称规则（忽略“中共”前缀）', merged_at: now })
			.execute();
	}
	// forms brought together: the newest current form of each key stays live
	await sql`update forms set shadowed_by = (
			select max(o.id) from forms o
			where o.canonical_unit_id = forms.canonical_unit_id and o.year = forms.year
				and o.kind = forms.kind and o.project = forms.project and o.is_current = 1)
		where is_current = 1 and id < (
			select max(o.id) from forms o
			where o.canonical_unit_id = forms.canonical_unit_id and o.year = forms.year
				and o.kind = forms.kind and o.project = forms.project and o.is_current = 1)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const index of ['forms_live_unit', 'forms_live_year', 'forms_canonical_key', 'forms_shadowed_by', 'units_merged_into'])
		await db.schema.dropIndex(index).ifExists().execute();
	await db.schema.dropTable('unit_merges').ifExists().execute();
	await db.schema.dropTable('unit_names').ifExists().execute();
	for (const column of ['executed_wan', 'budget_wan', 'unit_name', 'origin', 'shadowed_by', 'canonical_unit_id'])
		await db.schema.alterTable('forms').dropColumn(column).execute();
	await db.schema.alterTable('units').dropColumn('merged_into').execute();
	await db.schema.alterTable('documents').dropColumn('origin').execute();
}
