import type { Kysely } from 'kysely';
import type { Database, Origin } from '../db/schema';
import { isRestricted, type Scope } from '../auth/scope';

export interface DocumentInfo {
	id: number;
	sha256: string;
	fileName: string;
	format: string;
	size: number;
	origin: Origin;
	createdAt: string;
}

const INFO_COLUMNS = [
	'id',
	'sha256',
	'file_name as fileName',
	'format',
	'size',
	'origin',
	'created_at as createdAt'
] as const;

export async function findBySha(db: Kysely<Database>, sha256: string): Promise<DocumentInfo | undefined> {
	return db.selectFrom('documents').select(INFO_COLUMNS).where('sha256', '=', sha256).executeTakeFirst();
}

export async function getDocument(db: Kysely<Database>, id: number, scope?: Scope): Promise<DocumentInfo | undefined> {
	if (!(await documentInScope(db, id, scope))) return undefined;
	return db.selectFrom('documents').select(INFO_COLUMNS).where('id', '=', id).executeTakeFirst();
}

/**
 * A unit account may have a document only when every form it produced is the unit's: a workbook holding two
 * units' forms would otherwise hand over the other unit's form with the file.
 */
async function documentInScope(db: Kysely<Database>, id: number, scope?: Scope): Promise<boolean> {
	if (!isRestricted(scope)) return true;
	const unitId = scope.unitId;
	if (unitId === null) return false;
	const row = await db
		.selectFrom('forms')
		.select((eb) => [
			eb.fn.countAll<number>().as('all'),
			eb.fn.sum<number>(eb.case().when('canonical_unit_id', '=', unitId).then(1).else(0).end()).as('own')
		])
		.where('document_id', '=', id)
		.executeTakeFirstOrThrow();
	return Number(row.all) > 0 && Number(row.all) === Number(row.own);
}

export interface NewDocumentRecord {
	sha256: string;
	fileName: string;
	format: string;
	bytes: Uint8Array;
	origin?: Origin;
	createdAt?: string;
}

/** The `documents` row of a new document: what insertDocument and the bulk import (db/bulk.ts) write. */
export function documentRow(doc: NewDocumentRecord) {
	return {
		sha256: doc.sha256,
		file_name: doc.fileName,
		format: doc.format,
		size: doc.bytes.byteLength,
		// better-sqlite3 binds Buffers as BLOBs; a plain Uint8Array would be rejected
		bytes: Buffer.from(doc.bytes.buffer, doc.bytes.byteOffset, doc.bytes.byteLength),
		origin: doc.origin ?? ('upload' as Origin),
		created_at: doc.createdAt ?? new Date().toISOString()
	};
}

export async function insertDocument(db: Kysely<Database>, doc: NewDocumentRecord): Promise<number> {
	const row = await db.insertInto('documents').values(documentRow(doc)).returning('id').executeTakeFirstOrThrow();
	return row.id;
}

/** The original bytes, for download and re-parsing; undefined outside the scope. */
export async function getDocumentBytes(
	db: Kysely<Database>,
	id: number,
	scope?: Scope
): Promise<{ fileName: string; format: string; bytes: Uint8Array } | undefined> {
	if (!(await documentInScope(db, id, scope))) return undefined;
	const row = await db
		.selectFrom('documents')
		.select(['file_name', 'format', 'bytes'])
		.where('id', '=', id)
		.executeTakeFirst();
	if (!row) return undefined;
	return { fileName: row.file_name, format: row.format, bytes: new Uint8Array(row.bytes) };
}
