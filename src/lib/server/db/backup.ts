/**
 * Online backup and restore through SQLite's backup API (better-sqlite3's `.backup()`): the copy is one
 * consistent snapshot even while the server and importers keep writing, and a restore writes into the
 * live database under SQLite's own locks, so connections that stay open see the restored data, never a
 * half-copied file, and a crash mid-restore rolls back like any transaction.
 */
import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { migrations } from './migrations';
import { resolveDatabasePath } from './index';

export class BackupError extends Error {}

export interface DatabaseInfo {
	file: string;
	size: number;
	/** applied migrations, in order */
	migrations: string[];
	forms: number;
	users: number;
}

function stamp(d = new Date()): string {
	return d.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
}

/**
 * Check that a file is a sound Jixiao database this version can use: SQLite's integrity check passes, it
 * holds the first migration, and no migration this version does not know (a backup from a newer Jixiao).
 */
export function inspectDatabase(file: string): DatabaseInfo {
	if (!fs.existsSync(file)) throw new BackupError(`${file}: 文件不存在`);
	let db: SqliteDatabase.Database;
	try {
		db = new SqliteDatabase(file, { readonly: true, fileMustExist: true });
	} catch (err) {
		throw new BackupError(`${file}: 不是可读取的 SQLite 数据库（${(err as Error).message}）`);
	}
	try {
		let check: string;
		try {
			check = String(db.pragma('integrity_check', { simple: true }));
		} catch (err) {
			throw new BackupError(`${file}: 不是 SQLite 数据库或已损坏（${(err as Error).message}）`);
		}
		if (check !== 'ok') throw new BackupError(`${file}: 数据库完整性检查未通过（${check}）`);
		const hasTable = (name: string) =>
			db.prepare(`select 1 from sqlite_master where type = 'table' and name = ?`).get(name) !== undefined;
		if (!hasTable('kysely_migration')) throw new BackupError(`${file}: 不是绩效系统的数据库（没有迁移记录）`);
		const applied = (db.prepare('select name from kysely_migration order by name').all() as { name: string }[]).map(
			(r) => r.name
		);
		const known = Object.keys(migrations);
		if (!applied.includes(known[0])) throw new BackupError(`${file}: 不是绩效系统的数据库（缺少初始迁移）`);
		const unknown = applied.filter((m) => !known.includes(m));
		if (unknown.length > 0)
			throw new BackupError(`${file}: 来自更新版本的绩效系统（未知迁移 ${unknown.join('、')}），请先升级本程序`);
		const count = (table: string) =>
			hasTable(table) ? Number((db.prepare(`select count(*) as n from "${table}"`).get() as { n: number }).n) : 0;
		return { file, size: fs.statSync(file).size, migrations: applied, forms: count('forms'), users: count('users') };
	} finally {
		db.close();
	}
}

/**
 * Copy the database to `dest` (a file, or a folder — existing, or named with a trailing slash — to put a dated
 * file in). Written to a temporary file,
 * checked, switched to a single-file journal, then renamed into place: `dest` is either a whole, checked
 * backup or absent. An existing file is not overwritten.
 */
export async function backupDatabase(dest: string, opts: { source?: string } = {}): Promise<DatabaseInfo> {
	const source = resolveDatabasePath(opts.source);
	if (source === ':memory:' || !fs.existsSync(source)) throw new BackupError(`数据库文件不存在：${source}`);
	let target = path.resolve(dest);
	const isFolder = /[\\/]$/.test(dest) || (fs.existsSync(target) && fs.statSync(target).isDirectory());
	if (isFolder) target = path.join(target, `jixiao-${stamp()}.sqlite`);
	if (fs.existsSync(target)) throw new BackupError(`${target}: 文件已存在，不会覆盖`);
	fs.mkdirSync(path.dirname(target), { recursive: true });
	const tmp = `${target}.tmp-${process.pid}`;
	const db = new SqliteDatabase(source, { fileMustExist: true });
	try {
		db.pragma('busy_timeout = 5000');
		await db.backup(tmp);
	} catch (err) {
		fs.rmSync(tmp, { force: true });
		throw new BackupError(`备份失败：${(err as Error).message}`);
	} finally {
		db.close();
	}
	try {
		// the copy keeps the source's WAL mode; a backup is easier to move around as one file
		const copy = new SqliteDatabase(tmp, { fileMustExist: true });
		copy.pragma('journal_mode = DELETE');
		copy.close();
		inspectDatabase(tmp);
		fs.renameSync(tmp, target);
	} catch (err) {
		fs.rmSync(tmp, { force: true });
		throw err;
	}
	return inspectDatabase(target);
}

export interface RestoreResult {
	restored: DatabaseInfo;
	/** the database as it was before the restore (null when there was none) */
	safetyCopy: string | null;
}

/**
 * Bring a backup back as the database at `target` (default: the configured one). The backup is checked
 * first; the current database is itself backed up beside it (`…before-restore-<time>.sqlite`) so that a
 * restore of the wrong file can be undone. Then the pages are written into the live database through the
 * backup API, in one transaction; a database that does not exist yet is written beside it and renamed in.
 */
export async function restoreDatabase(backup: string, opts: { target?: string } = {}): Promise<RestoreResult> {
	const from = path.resolve(backup);
	inspectDatabase(from);
	const target = resolveDatabasePath(opts.target);
	if (target === ':memory:') throw new BackupError('不能恢复到内存数据库');
	if (path.resolve(target) === from) throw new BackupError('备份文件就是当前数据库');

	let safetyCopy: string | null = null;
	const exists = fs.existsSync(target);
	if (exists) {
		const base = target.replace(/\.sqlite$/i, '');
		safetyCopy = (await backupDatabase(`${base}.before-restore-${stamp()}.sqlite`, { source: target })).file;
	}

	const src = new SqliteDatabase(from, { readonly: true, fileMustExist: true });
	try {
		if (exists) {
			await src.backup(target);
		} else {
			fs.mkdirSync(path.dirname(target), { recursive: true });
			const tmp = `${target}.tmp-${process.pid}`;
			try {
				await src.backup(tmp);
				fs.renameSync(tmp, target);
			} finally {
				fs.rmSync(tmp, { force: true });
			}
		}
	} catch (err) {
		throw new BackupError(`恢复失败：${(err as Error).message}${safetyCopy ? `（原数据库未受影响，另有副本 ${safetyCopy}）` : ''}`);
	} finally {
		src.close();
	}
	return { restored: inspectDatabase(target), safetyCopy };
}
