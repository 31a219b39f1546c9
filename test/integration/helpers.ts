import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { openDatabase } from '../../src/lib/server/db';
import type { Database } from '../../src/lib/server/db/schema';

export const FIXTURES = path.resolve(__dirname, '../fixtures');
export const SEED_TXT = path.join(FIXTURES, 'wangcheng-2020.txt');

export function tempDir(prefix = 'jixiao-'): string {
	return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A fresh database file in its own temp folder; `close` also removes the folder. */
export async function tempDb(): Promise<{ db: Kysely<Database>; file: string; close: () => Promise<void> }> {
	const dir = tempDir();
	const file = path.join(dir, 'test.sqlite');
	const db = await openDatabase(file);
	return {
		db,
		file,
		close: async () => {
			await db.destroy();
			fs.rmSync(dir, { recursive: true, force: true });
		}
	};
}

const TABLES = ['units', 'documents', 'imports', 'forms', 'form_data', 'fund_rows', 'indicators', 'findings', 'settings'] as const;
export type TableCounts = Record<(typeof TABLES)[number], number>;

export async function rowCounts(db: Kysely<Database>): Promise<TableCounts> {
	const counts = {} as TableCounts;
	for (const t of TABLES) {
		const { n } = await db
			.selectFrom(t)
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.executeTakeFirstOrThrow();
		counts[t] = Number(n);
	}
	return counts;
}
