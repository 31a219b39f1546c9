/**
 * The writes of one file's import, behind one interface with two implementations:
 *
 * - `kyselyStore`: the repositories, through Kysely (importFile on its own: the upload path, the web server);
 * - `bulkStore`: the same rows through prepared statements on the raw connection (db/bulk.ts), for
 *   importFiles, where building and compiling ~15 Kysely statements per form cost more than storing it.
 *
 * Both build their rows with the same functions (repositories/forms.ts newFormRows); the duplicated bits
 * (the document and import rows, the unit lookup) are short and compared table by table with importFile in
 * test/integration/import-batch.test.ts.
 */
import { sql, type Kysely } from 'kysely';
import type { BulkWriter } from '../db/bulk';
import type { Database, Origin, UnitRow } from '../db/schema';
import { documentRow, findBySha, insertDocument } from '../repositories/documents';
import {
	findCurrentVersion,
	insertForm,
	newFormRows,
	retireForm,
	setReplacedBy,
	type FormKey,
	type NewFormRecord
} from '../repositories/forms';
import { importRow, recordImport, type ImportRecord } from '../repositories/imports';
import { canonicalUnitId, findOrCreateUnit, recordUnitName, unitNameKey } from '../repositories/units';

export interface NewDocument {
	sha256: string;
	fileName: string;
	format: string;
	bytes: Uint8Array;
	origin: Origin;
	createdAt: string;
}

export interface ImportStore {
	/** the id of the document stored with these bytes, if any */
	documentIdBySha(sha256: string): Promise<number | undefined>;
	insertDocument(doc: NewDocument): Promise<number>;
	recordImport(rec: ImportRecord): Promise<number>;
	findOrCreateUnit(name: string, now: string): Promise<UnitRow>;
	canonicalUnitId(unitId: number): Promise<number>;
	hasMergedUnits(unitId: number): Promise<boolean>;
	findCurrentVersion(key: FormKey): Promise<{ current: { id: number; version: number } | null; maxVersion: number }>;
	retireForm(formId: number): Promise<void>;
	insertForm(rec: NewFormRecord): Promise<number>;
	setReplacedBy(formId: number, successorId: number): Promise<void>;
	recordUnitName(unitId: number, name: string, year: number): Promise<void>;
	/**
	 * `fn` in a transaction of its own, or, inside the caller's transaction, in a savepoint: a failing file
	 * is rolled back alone and the others of its group stay
	 */
	inTransaction<T>(fn: (trx: Kysely<Database>) => Promise<T>): Promise<T>;
}

let savepoints = 0;

export function kyselyStore(db: Kysely<Database>): ImportStore {
	return {
		documentIdBySha: async (sha256) => (await findBySha(db, sha256))?.id,
		insertDocument: (doc) => insertDocument(db, doc),
		recordImport: (rec) => recordImport(db, rec),
		findOrCreateUnit: (name, now) => findOrCreateUnit(db, name, now),
		canonicalUnitId: (unitId) => canonicalUnitId(db, unitId),
		hasMergedUnits: async (unitId) =>
			(await db.selectFrom('units').select('id').where('merged_into', '=', unitId).limit(1).executeTakeFirst()) !==
			undefined,
		findCurrentVersion: (key) => findCurrentVersion(db, key),
		retireForm: (formId) => retireForm(db, formId),
		insertForm: (rec) => insertForm(db, rec),
		setReplacedBy: (formId, successorId) => setReplacedBy(db, formId, successorId),
		recordUnitName: (unitId, name, year) => recordUnitName(db, unitId, name, year),
		async inTransaction(fn) {
			if (!db.isTransaction) return db.transaction().execute(fn);
			const name = sql.raw(`import_file_${++savepoints}`);
			await sql`savepoint ${name}`.execute(db);
			try {
				const result = await fn(db);
				await sql`release ${name}`.execute(db);
				return result;
			} catch (err) {
				await sql`rollback to ${name}`.execute(db);
				await sql`release ${name}`.execute(db);
				throw err;
			}
		}
	};
}

/**
 * The same writes through `writer`, which runs on the connection holding `trx`, the caller's open
 * transaction (importFiles' group): every file goes in a savepoint of it. `trx` is handed to `fn` for
 * the rare writes left to the repositories (audit entries, merged units' shadows).
 */
export function bulkStore(writer: BulkWriter, trx: Kysely<Database>): ImportStore {
	return {
		documentIdBySha: async (sha256) => writer.documentIdBySha(sha256),
		// the rows the repositories write, built by the same functions
		insertDocument: async (doc) => writer.insert('documents', documentRow(doc)),
		recordImport: async (rec) => writer.insert('imports', importRow(rec)),
		async findOrCreateUnit(name, now) {
			// repositories/units findOrCreateUnit: the first spelling seen stays the unit's name
			const display = name.trim();
			const key = unitNameKey(display);
			if (!key) throw new Error('单位名称为空');
			const existing = writer.unitByKey(key);
			if (existing) return existing;
			const id = writer.insert('units', { name: display, name_key: key, created_at: now });
			return writer.unitByKey(key) ?? { id, name: display, name_key: key, merged_into: null, created_at: now };
		},
		async canonicalUnitId(unitId) {
			// repositories/units canonicalUnitId: the end of the merged_into chain, guarded against cycles
			let id = unitId;
			const seen = new Set<number>();
			for (;;) {
				seen.add(id);
				const into = writer.mergedInto(id);
				if (into === undefined || into === null || seen.has(into)) return id;
				id = into;
			}
		},
		hasMergedUnits: async (unitId) => writer.hasMergedUnits(unitId),
		async findCurrentVersion(key) {
			const rows = writer.formVersions(key);
			const current = rows.find((r) => r.is_current === 1);
			return {
				current: current ? { id: current.id, version: current.version } : null,
				maxVersion: rows.reduce((m, r) => Math.max(m, r.version), 0)
			};
		},
		retireForm: async (formId) => writer.retireForm(formId),
		async insertForm(rec) {
			const rows = newFormRows(rec);
			const formId = writer.insert('forms', rows.forms);
			const children = rows.children(formId);
			writer.insert('form_data', children.form_data);
			writer.insertMany('fund_rows', children.fund_rows);
			writer.insertMany('indicators', children.indicators);
			writer.insertMany('findings', children.findings);
			return formId;
		},
		setReplacedBy: async (formId, successorId) => writer.setReplacedBy(formId, successorId),
		recordUnitName: async (unitId, name, year) => {
			// repositories/units recordUnitName skips a blank name
			const printed = name.trim();
			if (printed) writer.recordUnitName(unitId, printed, year);
		},
		async inTransaction(fn) {
			const name = `import_file_${++savepoints}`;
			writer.savepoint(name);
			try {
				const result = await fn(trx);
				writer.release(name);
				return result;
			} catch (err) {
				writer.rollbackTo(name);
				writer.release(name);
				throw err;
			}
		}
	};
}
