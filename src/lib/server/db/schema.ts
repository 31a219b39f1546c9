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
	/**
	 * the unit this one was merged into by hand (null: not merged). Its forms count for that unit through
	 * forms.canonical_unit_id; new forms printed with its name follow it there.
	 */
	merged_into: number | null;
	created_at: string;
}

/** Where a document came from: the UI marks 'demo' forms as 演示数据, and deleteDemoData removes them. */
export type Origin = 'upload' | 'cli' | 'demo' | 'sample';
export const ORIGINS: readonly Origin[] = ['upload', 'cli', 'demo', 'sample'];

/** Every name a unit was printed under, with the fiscal years it was seen (its own forms, any version). */
export interface UnitNamesTable {
	unit_id: number;
	name: string;
	first_year: number;
	last_year: number;
}

/** Manual merges, kept after they are undone (undone_at) as the unit's history. */
export interface UnitMergesTable {
	id: Generated<number>;
	from_unit_id: number;
	into_unit_id: number;
	merged_by: string | null;
	merged_at: string;
	undone_by: string | null;
	undone_at: string | null;
}

export interface DocumentsTable {
	id: Generated<number>;
	sha256: string;
	file_name: string;
	/** 'text' | 'xlsx' | 'pdf' | 'json' | … as sniffed from the bytes */
	format: string;
	size: number;
	bytes: Uint8Array;
	/** default 'upload' */
	origin: Generated<Origin>;
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
	/** the unit its printed name gives: keys the form's versions and never changes */
	unit_id: number;
	/**
	 * the unit the form counts for: unit_id, or the unit that one was merged into. Dashboards group and
	 * filter by this column.
	 */
	canonical_unit_id: number;
	/**
	 * set on a current form that a merge brought together with a newer current form of the same
	 * (canonical unit, year, kind, project): the newer one's id. Dashboards read live forms only,
	 * `is_current = 1 and shadowed_by is null`.
	 */
	shadowed_by: Generated<number | null>;
	/** copied from its document (default 'upload') */
	origin: Generated<Origin>;
	/** the unit name as printed on this form */
	unit_name: string | null;
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
	/** budget and executed in 万元 (divided by 10000 when money_unit is 元): sums across forms use these */
	budget_wan: number | null;
	executed_wan: number | null;
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
	/** the form's year and kind (they never change), so that one year's findings are one index range */
	year: number;
	kind: 'department' | 'project';
	code: string;
	severity: 'error' | 'warning' | 'info';
	message: string;
	where: string | null;
}

/**
 * One row (id 1): a counter raised by triggers on every change to the tables the dashboards read, in any
 * process. Dashboard results are kept per version.
 */
export interface DataVersionTable {
	id: number;
	version: number;
}

export interface SettingsTable {
	key: string;
	/** JSON text */
	value: string;
	updated_at: string;
}

export type Role = 'admin' | 'analyst' | 'unit';
export const ROLES: readonly Role[] = ['admin', 'analyst', 'unit'];

export interface UsersTable {
	id: Generated<number>;
	/** unique regardless of letter case */
	username: string;
	/** argon2id, PHC string format */
	password_hash: string;
	role: Role;
	/** the unit a 'unit' account is bound to; null for the other roles (a CHECK enforces both ways) */
	unit_id: number | null;
	/** 0/1 (default 0): a disabled account cannot log in and its sessions are gone */
	disabled: Generated<number>;
	created_at: string;
	updated_at: string;
}

export interface SessionsTable {
	/** sha256 (hex) of the cookie's token: the token itself is never stored */
	id: string;
	user_id: number;
	created_at: string;
	/** sliding: pushed forward while the session is used */
	expires_at: string;
}

/** Failed logins, for the per-username-and-address rate limit. */
export interface LoginAttemptsTable {
	id: Generated<number>;
	/** lower-cased as typed (also for usernames that do not exist) */
	username: string;
	ip: string;
	at: string;
}

/** Append-only (triggers refuse UPDATE and DELETE). */
export interface AuditLogTable {
	id: Generated<number>;
	at: string;
	/** null for the command line and the system */
	user_id: number | null;
	username: string;
	action: string;
	/** what was acted on, in words (a file name, a username, a unit) */
	target: string | null;
	/** JSON object (default '{}') */
	details: Generated<string>;
}

export interface Database {
	units: UnitsTable;
	unit_names: UnitNamesTable;
	unit_merges: UnitMergesTable;
	documents: DocumentsTable;
	imports: ImportsTable;
	forms: FormsTable;
	form_data: FormDataTable;
	fund_rows: FundRowsTable;
	indicators: IndicatorsTable;
	findings: FindingsTable;
	settings: SettingsTable;
	data_version: DataVersionTable;
	users: UsersTable;
	sessions: SessionsTable;
	login_attempts: LoginAttemptsTable;
	audit_log: AuditLogTable;
}

export type UnitRow = Selectable<UnitsTable>;
export type FormRow = Selectable<FormsTable>;
export type NewForm = Insertable<FormsTable>;
export type FormUpdate = Updateable<FormsTable>;
export type ImportRow = Selectable<ImportsTable>;
