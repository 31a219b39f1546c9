/**
 * The database connection: SQLite through better-sqlite3, queried with Kysely.
 * Everything SQLite-specific (pragmas, the write-lock transaction) lives in this folder, so that the planned
 * PostgreSQL port replaces this folder and the migrations rather than the repositories.
 */
import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import {
	CompiledQuery,
	Kysely,
	Migrator,
	SqliteDialect,
	SqliteDriver,
	type DatabaseConnection,
	type SqliteDialectConfig
} from 'kysely';
import { registerRawHandle } from './bulk';
import { migrationProvider } from './migrations';
import type { Database } from './schema';

export type { Database } from './schema';
export type Db = Kysely<Database>;

export const DEFAULT_DATABASE_PATH = 'db/jixiao.sqlite';

/** The database file: the argument, else DATABASE_URL (a path, `file:` allowed), else db/jixiao.sqlite. */
export function resolveDatabasePath(file?: string): string {
	const fromEnv = process.env.DATABASE_URL?.trim();
	let chosen = file ?? (fromEnv ? fromEnv : DEFAULT_DATABASE_PATH);
	if (chosen.startsWith('file://')) chosen = chosen.slice('file://'.length);
	else if (chosen.startsWith('file:')) chosen = chosen.slice('file:'.length);
	return chosen === ':memory:' ? chosen : path.resolve(chosen);
}

/**
 * SQLite's plain `begin` takes the write lock only at the first write; if another process wrote in between,
 * the upgrade fails at once with SQLITE_BUSY and busy_timeout cannot help. Every transaction here writes,
 * so take the lock up front (`begin immediate`) and let busy_timeout queue concurrent importers.
 */
class ImmediateSqliteDriver extends SqliteDriver {
	override async beginTransaction(connection: DatabaseConnection): Promise<void> {
		await connection.executeQuery(CompiledQuery.raw('begin immediate'));
	}
}

class JixiaoSqliteDialect extends SqliteDialect {
	readonly #config: SqliteDialectConfig;
	constructor(config: SqliteDialectConfig) {
		super(config);
		this.#config = config;
	}
	override createDriver() {
		return new ImmediateSqliteDriver(this.#config);
	}
}

/**
 * Kysely's SQLite driver prepares every statement anew, and SQLite's prepare (parse, plan) costs more than
 * running a small insert: an import runs the same dozen statements for every form. Keep the prepared
 * statements by their SQL text. Bounded (multi-row inserts make one text per row count); a statement still
 * busy (an iterator not yet finished) is not shared, since better-sqlite3 cannot run it twice at once.
 */
function withStatementCache(sqlite: SqliteDatabase.Database, max = 500) {
	const cache = new Map<string, SqliteDatabase.Statement>();
	return {
		close: () => {
			cache.clear();
			sqlite.close();
		},
		prepare: (text: string) => {
			const hit = cache.get(text);
			if (hit && !hit.busy) {
				// refresh: the Map's order is the eviction order
				cache.delete(text);
				cache.set(text, hit);
				return hit;
			}
			const stmt = sqlite.prepare(text);
			if (!hit) {
				if (cache.size >= max) cache.delete(cache.keys().next().value as string);
				cache.set(text, stmt);
			}
			return stmt;
		}
	};
}

/** Open (creating if needed) the database and bring its schema up to date. */
export async function openDatabase(file?: string): Promise<Db> {
	const resolved = resolveDatabasePath(file);
	if (resolved !== ':memory:') fs.mkdirSync(path.dirname(resolved), { recursive: true });
	const sqlite = new SqliteDatabase(resolved);
	try {
		sqlite.pragma('journal_mode = WAL');
		sqlite.pragma('foreign_keys = ON');
		sqlite.pragma('busy_timeout = 5000');
		sqlite.pragma('synchronous = NORMAL');
		// The default page cache is 2 MB; at province scale (10^5 forms, ~150 MB) the dashboards' index lookups
		// into forms, units and findings would go back to the file on nearly every row (measured 4× slower).
		// A 64 MB cache keeps them in memory; it is a ceiling, not an allocation. No memory-mapped reads: every
		// database page they touch counts in the server's resident memory (+110 MB after 2,000 unit pages of a
		// 1.3 GB database, taking the server past 400 MB), for page loads ~15% faster at the median and no
		// faster at p95 (BENCHMARKS.md).
		sqlite.pragma('cache_size = -65536');
	} catch (err) {
		sqlite.close();
		throw err;
	}
	const db = new Kysely<Database>({ dialect: new JixiaoSqliteDialect({ database: withStatementCache(sqlite) }) });
	registerRawHandle(db, sqlite);
	try {
		await migrate(db);
	} catch (err) {
		await db.destroy();
		throw err;
	}
	return db;
}

/** Apply pending migrations; throws with the failing migration's name. */
export async function migrate(db: Db): Promise<void> {
	const migrator = new Migrator({ db, provider: migrationProvider });
	const { error, results } = await migrator.migrateToLatest();
	if (error) {
		const failed = results?.find((r) => r.status === 'Error')?.migrationName;
		const reason = error instanceof Error ? error.message : String(error);
		throw new Error(`数据库迁移失败${failed ? `（${failed}）` : ''}: ${reason}`, { cause: error });
	}
}

const SINGLETON = Symbol.for('jixiao.db');
type Holder = { [SINGLETON]?: Promise<Db> };

/**
 * The web server's one connection per process. Kept on globalThis so that Vite's module reloading in dev
 * does not open a new connection on every edit.
 */
export function getDb(): Promise<Db> {
	const holder = globalThis as Holder;
	if (!holder[SINGLETON]) {
		const opening = openDatabase();
		// a failed open must not be cached: the next request retries
		opening.catch(() => {
			if (holder[SINGLETON] === opening) delete holder[SINGLETON];
		});
		holder[SINGLETON] = opening;
	}
	return holder[SINGLETON];
}

/** Close the shared connection (tests, graceful shutdown). */
export async function closeDb(): Promise<void> {
	const holder = globalThis as Holder;
	const opening = holder[SINGLETON];
	delete holder[SINGLETON];
	if (opening) await (await opening).destroy();
}
