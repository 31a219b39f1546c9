/**
 * Bulk writes through better-sqlite3 prepared statements, for the bulk import (services/import-batch.ts).
 *
 * Why it bypasses Kysely: storing one form takes about 15 statements, and building and compiling them
 * through Kysely's query builder cost more than SQLite's work on them (measured: 1.25 ms per document
 * through Kysely against 0.45 ms for the same rows through prepared statements). The rows themselves are
 * built by the repositories (repositories/forms.ts newFormRows) for both paths; this module only binds
 * them. It is SQLite-only, like the rest of this folder; a PostgreSQL port would replace it with COPY or
 * multi-row inserts.
 *
 * A writer runs on the connection of the Kysely instance it was made from, synchronously: use it only from
 * the code that holds that connection's open transaction (importFiles does), never beside other queries.
 */
import type SqliteDatabase from 'better-sqlite3';
import type { Insertable, Kysely } from 'kysely';
import type { Database, UnitRow } from './schema';

type Db = Kysely<Database>;

const handles = new WeakMap<object, SqliteDatabase.Database>();

/** Called by openDatabase: the raw handle behind a Kysely instance, for createBulkWriter. */
export function registerRawHandle(db: Db, sqlite: SqliteDatabase.Database): void {
	handles.set(db, sqlite);
}

type Value = string | number | bigint | Buffer | null;

export interface BulkWriter {
	/** one row, the columns being the row's keys; returns its rowid (the `id` of tables that have one) */
	insert<T extends keyof Database>(table: T, row: Insertable<Database[T]>): number;
	/** several rows of one table, each with the same keys as the first */
	insertMany<T extends keyof Database>(table: T, rows: Insertable<Database[T]>[]): void;
	documentIdBySha(sha256: string): number | undefined;
	unitByKey(nameKey: string): UnitRow | undefined;
	/** the unit's merged_into; undefined when there is no such unit */
	mergedInto(unitId: number): number | null | undefined;
	hasMergedUnits(unitId: number): boolean;
	formVersions(key: { unitId: number; year: number; kind: string; project: string }): {
		id: number;
		version: number;
		is_current: number;
	}[];
	retireForm(formId: number): void;
	setReplacedBy(formId: number, successorId: number): void;
	/** unit_names: insert, or widen the years seen (the same statement as repositories/units recordUnitName) */
	recordUnitName(unitId: number, name: string, year: number): void;
	savepoint(name: string): void;
	release(name: string): void;
	rollbackTo(name: string): void;
}

/**
 * A writer on `db`'s connection, its statements prepared once; null when `db` was not opened by
 * openDatabase (then the caller keeps to Kysely).
 */
export function createBulkWriter(db: Db): BulkWriter | null {
	const sqlite = handles.get(db);
	if (!sqlite) return null;
	const inserts = new Map<string, { stmt: SqliteDatabase.Statement; cols: string[] }>();
	const stmts = new Map<string, SqliteDatabase.Statement>();
	const stmt = (text: string) => {
		let s = stmts.get(text);
		if (!s) stmts.set(text, (s = sqlite.prepare(text)));
		return s;
	};
	const insertFor = (table: string, row: object) => {
		const cols = Object.keys(row);
		const key = `${table}\u0000${cols.join('\u0000')}`;
		let hit = inserts.get(key);
		if (!hit) {
			const names = cols.map((c) => `"${c}"`).join(', ');
			hit = { stmt: sqlite.prepare(`insert into "${table}" (${names}) values (${cols.map(() => '?').join(', ')})`), cols };
			inserts.set(key, hit);
		}
		return hit;
	};
	// Kysely leaves an undefined value's column out of a one-row insert, and binds null for it in a
	// multi-row one; every column the import writes without a value has no default, so null is the same row
	const values = (cols: string[], row: Record<string, unknown>): Value[] =>
		cols.map((c) => {
			const v = row[c];
			if (v === undefined) return null;
			// better-sqlite3 binds Buffers as BLOBs, not plain Uint8Arrays (documents.insertDocument does the same)
			if (v instanceof Uint8Array && !Buffer.isBuffer(v)) return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
			return v as Value;
		});

	return {
		insert(table, row) {
			const { stmt: s, cols } = insertFor(table, row);
			return Number(s.run(values(cols, row as Record<string, unknown>)).lastInsertRowid);
		},
		insertMany(table, rows) {
			if (rows.length === 0) return;
			const { stmt: s, cols } = insertFor(table, rows[0]);
			for (const row of rows) s.run(values(cols, row as Record<string, unknown>));
		},
		documentIdBySha(sha256) {
			const row = stmt('select id from documents where sha256 = ?').get(sha256) as { id: number } | undefined;
			return row?.id;
		},
		unitByKey(nameKey) {
			return stmt('select * from units where name_key = ?').get(nameKey) as UnitRow | undefined;
		},
		mergedInto(unitId) {
			const row = stmt('select merged_into from units where id = ?').get(unitId) as { merged_into: number | null } | undefined;
			return row === undefined ? undefined : row.merged_into;
		},
		hasMergedUnits(unitId) {
			return stmt('select id from units where merged_into = ? limit 1').get(unitId) !== undefined;
		},
		formVersions(key) {
			return stmt('select id, version, is_current from forms where unit_id = ? and year = ? and kind = ? and project = ?').all(
				key.unitId,
				key.year,
				key.kind,
				key.project
			) as { id: number; version: number; is_current: number }[];
		},
		retireForm(formId) {
			stmt('update forms set is_current = 0, shadowed_by = null where id = ?').run(formId);
		},
		setReplacedBy(formId, successorId) {
			stmt('update forms set replaced_by = ? where id = ?').run(successorId, formId);
		},
		recordUnitName(unitId, name, year) {
			stmt(
				`insert into unit_names (unit_id, name, first_year, last_year) values (?, ?, ?, ?)
				on conflict (unit_id, name) do update set
					first_year = case when unit_names.first_year > ? then ? else unit_names.first_year end,
					last_year = case when unit_names.last_year < ? then ? else unit_names.last_year end`
			).run(unitId, name, year, year, year, year, year, year);
		},
		savepoint(name) {
			sqlite.exec(`savepoint "${name}"`);
		},
		release(name) {
			sqlite.exec(`release "${name}"`);
		},
		rollbackTo(name) {
			sqlite.exec(`rollback to "${name}"`);
		}
	};
}
