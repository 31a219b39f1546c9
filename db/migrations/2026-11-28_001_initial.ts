/**
 * Initial schema. Frozen: once released, change the schema with a new dated migration, never by editing this file.
 *
 * Forms are versioned: re-importing a form for the same (unit, year, kind, project) keeps the old row as a
 * non-current version, so a partial unique index allows at most one current row per key.
 * Dashboards read the per-form aggregate columns of `forms`; the child tables serve cross-form questions
 * (which indicators, which findings) and `form_data.data` keeps the exact NormalizedForm.
 */
import { sql, type Kysely, type SqlBool } from 'kysely';

// Kysely<any>: a frozen migration must not depend on the current Database types
export async function up(db: Kysely<any>): Promise<void> {
	await db.schema
		.createTable('units')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('name', 'text', (c) => c.notNull())
		.addColumn('name_key', 'text', (c) => c.notNull().unique())
		.addColumn('created_at', 'text', (c) => c.notNull())
		.execute();

	await db.schema
		.createTable('documents')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('sha256', 'text', (c) => c.notNull().unique())
		.addColumn('file_name', 'text', (c) => c.notNull())
		.addColumn('format', 'text', (c) => c.notNull())
		.addColumn('size', 'integer', (c) => c.notNull())
		.addColumn('bytes', 'blob', (c) => c.notNull())
		.addColumn('created_at', 'text', (c) => c.notNull())
		.execute();

	await db.schema
		.createTable('imports')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('started_at', 'text', (c) => c.notNull())
		.addColumn('finished_at', 'text', (c) => c.notNull())
		.addColumn('status', 'text', (c) => c.notNull())
		.addColumn('file_name', 'text', (c) => c.notNull())
		.addColumn('sha256', 'text')
		.addColumn('document_id', 'integer', (c) => c.references('documents.id').onDelete('set null'))
		.addColumn('forms_count', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('message', 'text')
		.addCheckConstraint('imports_status_check', sql`status in ('ok', 'failed')`)
		.execute();
	await db.schema.createIndex('imports_document').on('imports').column('document_id').execute();

	await db.schema
		.createTable('forms')
		.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
		.addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id').onDelete('restrict'))
		.addColumn('year', 'integer', (c) => c.notNull())
		.addColumn('kind', 'text', (c) => c.notNull())
		.addColumn('project', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('version', 'integer', (c) => c.notNull())
		.addColumn('is_current', 'integer', (c) => c.notNull())
		.addColumn('replaced_by', 'integer', (c) => c.references('forms.id').onDelete('set null'))
		.addColumn('document_id', 'integer', (c) =>
			c.notNull().references('documents.id').onDelete('restrict')
		)
		.addColumn('import_id', 'integer', (c) => c.references('imports.id').onDelete('set null'))
		.addColumn('title', 'text')
		.addColumn('supervisor', 'text')
		.addColumn('money_unit', 'text')
		.addColumn('rate_formula', 'text', (c) => c.notNull())
		.addColumn('budget', 'real')
		.addColumn('executed', 'real')
		.addColumn('transfer', 'real')
		.addColumn('initial_budget', 'real')
		.addColumn('funds_weight', 'real')
		.addColumn('rate_printed', 'real')
		.addColumn('rate', 'real')
		.addColumn('funds_score_printed', 'real')
		.addColumn('funds_score', 'real')
		.addColumn('total_weight', 'real')
		.addColumn('total_score_printed', 'real')
		.addColumn('total_score', 'real')
		.addColumn('grade', 'text')
		.addColumn('indicator_count', 'integer', (c) => c.notNull())
		.addColumn('findings_count', 'integer', (c) => c.notNull())
		.addColumn('errors_count', 'integer', (c) => c.notNull())
		.addColumn('warnings_count', 'integer', (c) => c.notNull())
		.addColumn('created_at', 'text', (c) => c.notNull())
		.addCheckConstraint('forms_kind_check', sql`kind in ('department', 'project')`)
		.addCheckConstraint('forms_is_current_check', sql`is_current in (0, 1)`)
		.addCheckConstraint('forms_version_check', sql`version >= 1`)
		.addCheckConstraint('forms_grade_check', sql`grade is null or grade in ('优', '良', '中', '差')`)
		.addUniqueConstraint('forms_key_version', ['unit_id', 'year', 'kind', 'project', 'version'])
		.execute();
	// at most one current version per key; also the index for "this unit's current forms"
	await db.schema
		.createIndex('forms_current_key')
		.on('forms')
		.columns(['unit_id', 'year', 'kind', 'project'])
		.unique()
		.where(sql<SqlBool>`is_current = 1`)
		.execute();
	// dashboards: current forms of a year (and kind)
	await db.schema
		.createIndex('forms_current_year_kind')
		.on('forms')
		.columns(['year', 'kind'])
		.where(sql<SqlBool>`is_current = 1`)
		.execute();
	// foreign-key lookups (deleting a document, an import or a replaced version must not scan forms)
	await db.schema.createIndex('forms_document').on('forms').column('document_id').execute();
	await db.schema.createIndex('forms_import').on('forms').column('import_id').execute();
	await db.schema.createIndex('forms_replaced_by').on('forms').column('replaced_by').execute();

	// The full form as JSON, 1:1 with forms but apart from it: a form's JSON is several kilobytes of Chinese
	// text, and inside `forms` it would spread each row over a page or more and slow every dashboard scan.
	await db.schema
		.createTable('form_data')
		.addColumn('form_id', 'integer', (c) => c.primaryKey().references('forms.id').onDelete('cascade'))
		.addColumn('data', 'text', (c) => c.notNull())
		.addColumn('reader_notes', 'text', (c) => c.notNull().defaultTo('[]'))
		.execute();

	await db.schema
		.createTable('fund_rows')
		.addColumn('form_id', 'integer', (c) => c.notNull().references('forms.id').onDelete('cascade'))
		.addColumn('ord', 'integer', (c) => c.notNull())
		.addColumn('is_total', 'integer', (c) => c.notNull())
		.addColumn('source', 'text', (c) => c.notNull())
		.addColumn('initial_budget', 'real')
		.addColumn('budget', 'real')
		.addColumn('executed', 'real')
		.addColumn('transfer', 'real')
		.addColumn('weight', 'real')
		.addColumn('rate_printed', 'real')
		.addColumn('score_printed', 'real')
		.addPrimaryKeyConstraint('fund_rows_pk', ['form_id', 'ord'])
		.execute();

	await db.schema
		.createTable('indicators')
		.addColumn('form_id', 'integer', (c) => c.notNull().references('forms.id').onDelete('cascade'))
		.addColumn('ord', 'integer', (c) => c.notNull())
		.addColumn('level1', 'text')
		.addColumn('level2', 'text')
		.addColumn('level3', 'text')
		.addColumn('content', 'text')
		.addColumn('nature', 'text')
		.addColumn('target_value', 'text')
		.addColumn('actual_value', 'text')
		.addColumn('weight', 'real')
		.addColumn('score', 'real')
		.addColumn('reason', 'text')
		.addColumn('measure', 'text')
		.addColumn('where', 'text')
		.addPrimaryKeyConstraint('indicators_pk', ['form_id', 'ord'])
		.execute();

	await db.schema
		.createTable('findings')
		.addColumn('form_id', 'integer', (c) => c.notNull().references('forms.id').onDelete('cascade'))
		.addColumn('ord', 'integer', (c) => c.notNull())
		.addColumn('code', 'text', (c) => c.notNull())
		.addColumn('severity', 'text', (c) => c.notNull())
		.addColumn('message', 'text', (c) => c.notNull())
		.addColumn('where', 'text')
		.addPrimaryKeyConstraint('findings_pk', ['form_id', 'ord'])
		.addCheckConstraint('findings_severity_check', sql`severity in ('error', 'warning', 'info')`)
		.execute();
	await db.schema.createIndex('findings_code').on('findings').columns(['code', 'form_id']).execute();

	await db.schema
		.createTable('settings')
		.addColumn('key', 'text', (c) => c.primaryKey())
		.addColumn('value', 'text', (c) => c.notNull())
		.addColumn('updated_at', 'text', (c) => c.notNull())
		.execute();
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const table of ['settings', 'findings', 'indicators', 'fund_rows', 'form_data', 'forms', 'imports', 'documents', 'units']) {
		await db.schema.dropTable(table).ifExists().execute();
	}
}
