/**
 * Table types for Kysely. They mirror db/migrations; a migration that changes a table changes this file too.
 *
 * Conventions: timestamps are ISO-8601 text (UTC); booleans are 0/1 integers (SQLite has no boolean, and
 * integers keep the later PostgreSQL port a type change rather than a data change); JSON columns are text.
 */
import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

export interface UnitsTable {
	id: Generated<number>;
	/** the name as first seen on a form */
	name: string;
	/** name normalized for matching (see unitNameKey): two spellings of one unit share it */
	name_key: string;
	created_at: string;
}

export interface DocumentsTable {
	id: Generated<number>;
	sha256: string;
	file_name: string;
	/** 'text' | 'xlsx' | 'pdf' | 'json' | … as sniffed from the bytes */
	format: string;
	size: number;
	bytes: Uint8Array;
	created_at: string;
}

export type ImportStatus = 'ok' | 'failed';

export interface ImportsTable {
	id: Generated<number>;
	started_at: string;
	finished_at: string;
	status: ImportStatus;
	file_name: string;
	/** sha256 of the bytes, also for failures, so a failed file can be recognised when it comes back */
	sha256: string | null;
	/** null for failures: a failed import stores no document */
	document_id: number | null;
	forms_count: Generated<number>;
	message: string | null;
}

export interface FormsTable {
	id: Generated<number>;
	unit_id: number;
	year: number;
	kind: 'department' | 'project';
	/** '' for department forms, so that (unit, year, kind, project) is a usable key (default '') */
	project: Generated<string>;
	/** 1, 2, … per (unit, year, kind, project); the highest is normally the current one */
	version: number;
	is_current: number;
	/** the form that superseded this version */
	replaced_by: number | null;
	document_id: number;
	import_id: number | null;
	title: string | null;
	supervisor: string | null;
	money_unit: string | null;
	/** the formula used for `rate` */
	rate_formula: string;
	// per-form aggregates: dashboards read these, never the child tables
	budget: number | null;
	executed: number | null;
	transfer: number | null;
	initial_budget: number | null;
	funds_weight: number | null;
	rate_printed: number | null;
	rate: number | null;
	funds_score_printed: number | null;
	funds_score: number | null;
	total_weight: number | null;
	total_score_printed: number | null;
	total_score: number | null;
	grade: string | null;
	indicator_count: number;
	findings_count: number;
	errors_count: number;
	warnings_count: number;
	created_at: string;
}

/** 1:1 with forms, kept out of its rows so that scans of the aggregates stay small */
export interface FormDataTable {
	form_id: number;
	/** the full NormalizedForm as JSON: the exact form for detail pages and exports */
	data: string;
	/** the reader's own notes (ReadForm.notes) as JSON, kept apart so that recomputation can re-add them */
	reader_notes: Generated<string>;
}

export interface FundRowsTable {
	form_id: number;
	ord: number;
	is_total: number;
	source: string;
	initial_budget: number | null;
	budget: number | null;
	executed: number | null;
	transfer: number | null;
	weight: number | null;
	rate_printed: number | null;
	score_printed: number | null;
}

export interface IndicatorsTable {
	form_id: number;
	ord: number;
	level1: string | null;
	level2: string | null;
	level3: string | null;
	content: string | null;
	nature: string | null;
	target_value: string | null;
	actual_value: string | null;
	weight: number | null;
	score: number | null;
	reason: string | null;
	measure: string | null;
	where: string | null;
}

export interface FindingsTable {
	form_id: number;
	ord: number;
	code: string;
	severity: 'error' | 'warning' | 'info';
	message: string;
	where: string | null;
}

export interface SettingsTable {
	key: string;
	/** JSON text */
	value: string;
	updated_at: string;
}

export interface Database {
	units: UnitsTable;
	documents: DocumentsTable;
	imports: ImportsTable;
	forms: FormsTable;
	form_data: FormDataTable;
	fund_rows: FundRowsTable;
	indicators: IndicatorsTable;
	findings: FindingsTable;
	settings: SettingsTable;
}

export type UnitRow = Selectable<UnitsTable>;
export type FormRow = Selectable<FormsTable>;
export type NewForm = Insertable<FormsTable>;
export type FormUpdate = Updateable<FormsTable>;
export type ImportRow = Selectable<ImportsTable>;
