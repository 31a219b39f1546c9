/**
 * Backups are consistent while the database is in use, restores bring them back under open connections,
 * wrong files are refused, and replaced versions of a form stay retrievable throughout.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import type { Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateDataset } from '../../src/lib/demo';
import { openDatabase } from '../../src/lib/server/db';
import { backupDatabase, BackupError, inspectDatabase, restoreDatabase } from '../../src/lib/server/db/backup';
import type { Database } from '../../src/lib/server/db/schema';
import { getDocumentBytes } from '../../src/lib/server/repositories/documents';
import { getForm, listCurrentForms } from '../../src/lib/server/repositories/forms';
import { importSpec } from './build';
import { rowCounts, tempDir } from './helpers';

const ROOT = path.resolve(__dirname, '../..');
const BIN = path.join(ROOT, 'bin/jixiao.js');

let dir: string;
let file: string;
let db: Kysely<Database>;
beforeEach(async () => {
	dir = tempDir('jixiao-backup-');
	file = path.join(dir, 'live.sqlite');
	db = await openDatabase(file);
});
afterEach(async () => {
	await db.destroy();
	fs.rmSync(dir, { recursive: true, force: true });
});

function integrity(f: string): string {
	const s = new SqliteDatabase(f, { readonly: true });
	try {
		return String(s.pragma('integrity_check', { simple: true }));
	} finally {
		s.close();
	}
}

describe('backup and restore', () => {
	it('round-trips, keeping replaced versions retrievable, while a reader stays open', async () => {
		const v1 = await importSpec(db, { unit: '甲局', year: 2022, budget: 100, executed: 50 });
		const v2 = await importSpec(db, { unit: '甲局', year: 2022, budget: 100, executed: 90 });
		expect(v2.version).toBe(2);
		const countsAtBackup = await rowCounts(db);

		const info = await backupDatabase(path.join(dir, 'backups') + path.sep, { source: file });
		expect(path.dirname(info.file)).toBe(path.join(dir, 'backups'));
		expect(path.basename(info.file)).toMatch(/^jixiao-\d{8}-\d{6}\.sqlite$/);
		expect(info.forms).toBe(2);
		expect(integrity(info.file)).toBe('ok');
		// one self-contained file
		expect(fs.existsSync(`${info.file}-wal`)).toBe(false);
		await expect(backupDatabase(info.file, { source: file })).rejects.toThrow('已存在');

		// life goes on after the backup
		await importSpec(db, { unit: '乙局', year: 2023, budget: 10, executed: 10 });
		await importSpec(db, { unit: '甲局', year: 2022, budget: 100, executed: 99 });
		expect((await listCurrentForms(db)).total).toBe(2);

		// restore under the open connection `db`
		const { restored, safetyCopy } = await restoreDatabase(info.file, { target: file });
		expect(restored.forms).toBe(2);
		expect(safetyCopy).not.toBeNull();
		expect(inspectDatabase(safetyCopy!).forms).toBe(4);

		expect(await rowCounts(db)).toEqual(countsAtBackup);
		const current = await listCurrentForms(db);
		expect(current.rows.map((r) => [r.unit, r.version])).toEqual([['甲局', 2]]);
		// the replaced version, its document and its bytes are all still there
		const old = await getForm(db, v1.formId);
		expect(old?.isCurrent).toBe(false);
		expect(old?.replacedBy).toBe(v2.formId);
		expect(old?.versions.map((v) => v.version)).toEqual([2, 1]);
		expect((await getDocumentBytes(db, old!.document.id))?.bytes.byteLength).toBeGreaterThan(0);
		expect(integrity(file)).toBe('ok');
		// the restored database stays writable
		await importSpec(db, { unit: '丙局', year: 2024, budget: 1, executed: 1 });
	});

	it('takes a consistent copy while an importer is writing', async () => {
		const forms = path.join(dir, 'forms');
		fs.mkdirSync(forms);
		for (const doc of generateDataset({ units: 30, years: 1, limit: 30, seed: 77 }))
			fs.writeFileSync(path.join(forms, doc.fileName), doc.text);
		const child = spawn(process.execPath, [BIN, 'import', '--jsonl', '--db', file, forms], {
			cwd: ROOT,
			env: { ...process.env, DATABASE_URL: '' },
			stdio: ['ignore', 'pipe', 'ignore']
		});
		const exited = new Promise((r) => child.on('close', r));
		let lines = 0;
		child.stdout.on('data', (d: Buffer) => (lines += d.toString().split('\n').length - 1));
		while (lines < 3) await new Promise((r) => setTimeout(r, 20));
		const copies = [];
		for (let i = 0; i < 3; i++) copies.push(await backupDatabase(path.join(dir, `during-${i}.sqlite`), { source: file }));
		await exited;
		for (const c of copies) {
			expect(integrity(c.file)).toBe('ok');
			const s = new SqliteDatabase(c.file, { readonly: true });
			// every stored document has its forms, every form its data
			const orphans = s
				.prepare(
					`select count(*) as n from imports i where i.status = 'ok'
					and (select count(*) from forms f where f.document_id = i.document_id) <> i.forms_count`
				)
				.get() as { n: number };
			const noData = s.prepare('select count(*) as n from forms where id not in (select form_id from form_data)').get() as { n: number };
			s.close();
			expect(orphans.n).toBe(0);
			expect(noData.n).toBe(0);
		}
		// copies taken later hold at least as much
		expect(copies[2].forms).toBeGreaterThanOrEqual(copies[0].forms);
	}, 120_000);

	it('restores into a database that does not exist yet', async () => {
		await importSpec(db, { unit: '甲局', year: 2022, budget: 1, executed: 1 });
		const info = await backupDatabase(path.join(dir, 'b.sqlite'), { source: file });
		const fresh = path.join(dir, 'new', 'restored.sqlite');
		const r = await restoreDatabase(info.file, { target: fresh });
		expect(r.safetyCopy).toBeNull();
		expect(r.restored.forms).toBe(1);
		expect(fs.readdirSync(path.dirname(fresh))).toEqual(['restored.sqlite']);
	});

	it('refuses files that are not a sound Jixiao database, and leaves the database alone', async () => {
		await importSpec(db, { unit: '甲局', year: 2022, budget: 1, executed: 1 });
		const before = await rowCounts(db);

		const text = path.join(dir, 'notes.txt');
		fs.writeFileSync(text, '这不是数据库');
		await expect(restoreDatabase(text, { target: file })).rejects.toThrow(BackupError);

		const other = path.join(dir, 'other.sqlite');
		const o = new SqliteDatabase(other);
		o.exec('create table t (x)');
		o.close();
		await expect(restoreDatabase(other, { target: file })).rejects.toThrow('不是绩效系统的数据库');

		const newer = (await backupDatabase(path.join(dir, 'newer.sqlite'), { source: file })).file;
		const n = new SqliteDatabase(newer);
		n.prepare(`insert into kysely_migration (name, timestamp) values ('2099-01-01_999_future', '2099')`).run();
		n.close();
		await expect(restoreDatabase(newer, { target: file })).rejects.toThrow('来自更新版本');

		const damaged = (await backupDatabase(path.join(dir, 'damaged.sqlite'), { source: file })).file;
		const bytes = fs.readFileSync(damaged);
		bytes.fill(0x41, 4096 * 2, 4096 * 2 + 2000);
		fs.writeFileSync(damaged, bytes);
		await expect(restoreDatabase(damaged, { target: file })).rejects.toThrow(BackupError);

		await expect(restoreDatabase(path.join(dir, 'missing.sqlite'), { target: file })).rejects.toThrow('不存在');
		expect(await rowCounts(db)).toEqual(before);
		// no safety copies were made for refused restores
		expect(fs.readdirSync(dir).filter((f) => f.includes('before-restore'))).toEqual([]);
	});
});
