import type { Kysely } from 'kysely';
import type { Database, ImportStatus } from '../db/schema';

export interface ImportRecord {
	startedAt: string;
	finishedAt: string;
	status: ImportStatus;
	fileName: string;
	sha256?: string | null;
	documentId?: number | null;
	formsCount?: number;
	message?: string | null;
}

/** The `imports` row of a record: what recordImport and the bulk import (db/bulk.ts) write. */
export function importRow(rec: ImportRecord) {
	return {
		started_at: rec.startedAt,
		finished_at: rec.finishedAt,
		status: rec.status,
		file_name: rec.fileName,
		sha256: rec.sha256 ?? null,
		document_id: rec.documentId ?? null,
		forms_count: rec.formsCount ?? 0,
		message: rec.message ?? null
	};
}

export async function recordImport(db: Kysely<Database>, rec: ImportRecord): Promise<number> {
	const row = await db.insertInto('imports').values(importRow(rec)).returning('id').executeTakeFirstOrThrow();
	return row.id;
}

export interface ImportListItem extends Required<ImportRecord> {
	id: number;
}

/** Newest first. */
export async function listImports(
	db: Kysely<Database>,
	opts: { status?: ImportStatus; limit?: number; offset?: number } = {}
): Promise<ImportListItem[]> {
	let q = db
		.selectFrom('imports')
		.select([
			'id',
			'started_at as startedAt',
			'finished_at as finishedAt',
			'status',
			'file_name as fileName',
			'sha256',
			'document_id as documentId',
			'forms_count as formsCount',
			'message'
		])
		.orderBy('id', 'desc');
	if (opts.status) q = q.where('status', '=', opts.status);
	q = q.limit(opts.limit ?? 100).offset(opts.offset ?? 0);
	return q.execute();
}

export async function countImports(
	db: Kysely<Database>,
	opts: { status?: ImportStatus } = {}
): Promise<number> {
	let q = db.selectFrom('imports').select((eb) => eb.fn.countAll<number>().as('n'));
	if (opts.status) q = q.where('status', '=', opts.status);
	const row = await q.executeTakeFirstOrThrow();
	return Number(row.n);
}
