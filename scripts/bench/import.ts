/**
 * Import benchmarks: the text pipeline (parse, recompute, store) at each size, the raw insert ceiling beside
 * it, where one document's time goes, and the seed's XLSX and PDF renditions.
 */
import fs from 'node:fs';
import SqliteDatabase from 'better-sqlite3';
import { DEFAULT_SETTINGS } from '../../src/lib/domain/form';
import { openDatabase } from '../../src/lib/server/db';
import { importFile, parseForImport, type ParsedForm } from '../../src/lib/server/services/import';
import { importFiles } from '../../src/lib/server/services/import-batch';
import { createParsePool } from '../../src/lib/server/services/parse-pool';
import { readDataset, type DatasetDoc } from './datasets';
import { log, now, progress, removeDb, sizeLabel } from './lib';
import { RENDITIONS, renditionBytes, variant } from './renditions';

export interface PipelineResult {
	size: number;
	/** documents read */
	documents: number;
	/** forms stored (generated documents without a unit or a year fail, as they should) */
	forms: number;
	failed: number;
	indicatorRows: number;
	seconds: number;
	formsPerSecond: number;
	rowsPerSecond: number;
	/** worker threads parsing */
	workers: number;
	/** the main thread parsed too while waiting for the workers (absent in results of earlier runs) */
	parseHere?: boolean;
	batchSize: number;
	transactions: number;
	/** largest resident set seen while importing, MB */
	peakRssMb: number;
	dbBytes: number;
}

/** The indicator rows alone, into the indicators table alone (the first ceiling; kept for comparison). */
export interface CeilingResult {
	rows: number;
	seconds: number;
	rowsPerSecond: number;
	/** every row the pipeline wrote (absent in results of earlier runs) */
	all?: FullCeilingResult;
}

/** Every row the pipeline wrote for the forms, into the same schema (indexes and triggers included). */
export interface FullCeilingResult {
	forms: number;
	rows: number;
	/** rows per table */
	tables: Record<string, number>;
	seconds: number;
	rowsPerSecond: number;
	/** forms whose rows (all tables) are written per second: comparable with the pipeline's forms/s */
	formsPerSecond: number;
}

/** The tables the import writes, parents first. */
const IMPORT_TABLES = ['units', 'documents', 'imports', 'forms', 'form_data', 'fund_rows', 'indicators', 'findings', 'unit_names'];

export interface PerFileResult {
	documents: number;
	seconds: number;
	formsPerSecond: number;
}

export interface StageResult {
	documents: number;
	/** ms per document on one thread */
	parseMs: number;
	storeBatchMs: number;
	storePerFileMs: number;
}

export interface RenditionResult {
	file: string;
	runs: number;
	seconds: number;
	formsPerSecond: number;
	msPerForm: number;
}

export function dbFile(dataDir: string, size: number): string {
	return `${dataDir}/jixiao-${sizeLabel(size)}.sqlite`;
}

/**
 * The bulk path: worker threads parse, this thread stores (200 files per transaction) and parses too while
 * it waits for them. `workers` counts the threads that parse, this one included: a pool of workers − 1
 * (at least one); 0 parses on this thread alone. Two workers beside a storing thread put three busy threads
 * on two cores, which cost ~10% more CPU per document and gave fewer documents per second.
 */
export async function importPipeline(
	datasetFile: string,
	file: string,
	size: number,
	opts: { workers: number; batchSize?: number }
): Promise<PipelineResult> {
	const batchSize = opts.batchSize ?? 200;
	removeDb(file);
	const db = await openDatabase(file);
	const pool = opts.workers > 0 ? createParsePool({ workers: Math.max(1, opts.workers - 1) }) : null;
	const bar = progress('imported', size);
	let done = 0;
	let peakRss = process.memoryUsage().rss;
	const sampler = setInterval(() => {
		peakRss = Math.max(peakRss, process.memoryUsage().rss);
	}, 200);
	const t = now();
	let result;
	try {
		result = await importFiles(db, readDataset(datasetFile, size), {
			settings: DEFAULT_SETTINGS,
			origin: 'demo',
			parser: pool?.parse,
			parseHere: parseForImport,
			batchSize,
			parseAhead: Math.max(16, 8 * (pool?.size ?? 1)),
			onOutcome: () => bar.tick(++done)
		});
	} finally {
		clearInterval(sampler);
		await pool?.close();
	}
	const seconds = (now() - t) / 1000;
	const counts = (await db
		.selectFrom('forms')
		.select((eb) => [eb.fn.countAll<number>().as('forms')])
		.executeTakeFirstOrThrow()) as { forms: number };
	const rows = (await db
		.selectFrom('indicators')
		.select((eb) => [eb.fn.countAll<number>().as('n')])
		.executeTakeFirstOrThrow()) as { n: number };
	await db.destroy();
	const forms = Number(counts.forms);
	const indicatorRows = Number(rows.n);
	return {
		size,
		documents: result.files,
		forms,
		failed: result.counts.failed,
		indicatorRows,
		seconds,
		formsPerSecond: forms / seconds,
		rowsPerSecond: indicatorRows / seconds,
		workers: pool?.size ?? 0,
		parseHere: pool !== null,
		batchSize,
		transactions: result.transactions,
		peakRssMb: peakRss / 2 ** 20,
		dbBytes: fs.statSync(file).size
	};
}

/**
 * Copy one table's rows from `src` into the same table of `dst` with one prepared statement, reading in chunks
 * outside the clock: returns the rows copied and the milliseconds spent inserting them.
 */
function copyTable(
	src: SqliteDatabase.Database,
	dst: SqliteDatabase.Database,
	table: string,
	chunkSize: number
): { rows: number; ms: number } {
	const cols = (src.prepare('select name from pragma_table_info(?)').all(table) as { name: string }[]).map((c) => `"${c.name}"`);
	const insert = dst.prepare(`insert into "${table}" (${cols.join(', ')}) values (${cols.map(() => '?').join(', ')})`);
	const read = src.prepare(`select rowid, ${cols.join(', ')} from "${table}" where rowid > ? order by rowid limit ?`).raw(true);
	let after = 0;
	let rows = 0;
	let ms = 0;
	for (;;) {
		const chunk = read.all(after, chunkSize) as unknown[][];
		if (chunk.length === 0) break;
		after = chunk[chunk.length - 1][0] as number;
		const values = chunk.map((r) => r.slice(1));
		const t = now();
		for (const r of values) insert.run(r);
		ms += now() - t;
		rows += values.length;
	}
	return { rows, ms };
}

/**
 * The raw ceiling: the same indicator rows (read back from the imported database) inserted into a fresh
 * database's `indicators` table with one prepared better-sqlite3 statement in one transaction. Rows are
 * read in chunks outside the clock; only the inserts are timed.
 */
export function rawCeiling(sourceFile: string, scratchFile: string): CeilingResult {
	removeDb(scratchFile);
	const src = new SqliteDatabase(sourceFile, { readonly: true });
	const dst = new SqliteDatabase(scratchFile);
	dst.pragma('journal_mode = WAL');
	dst.pragma('synchronous = NORMAL');
	dst.pragma('foreign_keys = OFF');
	const ddl = (src.prepare("select sql from sqlite_master where type = 'table' and name = 'indicators'").get() as {
		sql: string;
	}).sql;
	// the same table and primary key; the parent `forms` rows are not there, so no foreign key check
	dst.exec(ddl);
	dst.exec('begin');
	const { rows: total, ms: insertMs } = copyTable(src, dst, 'indicators', 100_000);
	let ms = insertMs;
	const t = now();
	dst.exec('commit');
	ms += now() - t;
	src.close();
	dst.close();
	removeDb(scratchFile);
	return { rows: total, seconds: ms / 1000, rowsPerSecond: total / (ms / 1000) };
}

/**
 * The honest ceiling: every row the pipeline wrote (documents with their bytes, import records, units and
 * their printed names, forms, form data, fund rows, indicators, findings), read back from the imported
 * database and inserted into a fresh database with the same schema — its indexes and the dashboards'
 * data-version triggers included, foreign keys checked at commit — one prepared statement per table, all in
 * one transaction. Rows are read in chunks outside the clock; only the inserts and the commit are timed.
 */
export function fullCeiling(sourceFile: string, scratchFile: string): FullCeilingResult {
	removeDb(scratchFile);
	const src = new SqliteDatabase(sourceFile, { readonly: true });
	const dst = new SqliteDatabase(scratchFile);
	dst.pragma('journal_mode = WAL');
	dst.pragma('synchronous = NORMAL');
	dst.pragma('foreign_keys = ON');
	dst.pragma('cache_size = -65536');
	const schema = src
		.prepare(
			"select type, sql from sqlite_master where sql is not null and name not like 'sqlite_%' and name not like 'kysely_%' order by case type when 'table' then 0 when 'index' then 1 else 2 end"
		)
		.all() as { type: string; sql: string }[];
	for (const o of schema) dst.exec(o.sql);
	// what the migrations seed and the triggers update: not the import's rows, copied untimed
	for (const t of ['data_version', 'settings']) {
		const exists = src.prepare("select 1 from sqlite_master where type = 'table' and name = ?").get(t);
		if (!exists) continue;
		const rows = src.prepare(`select * from "${t}"`).raw(true).all() as unknown[][];
		if (rows.length === 0) continue;
		const ins = dst.prepare(`insert into "${t}" values (${rows[0].map(() => '?').join(', ')})`);
		for (const r of rows) ins.run(r);
	}
	const tables: Record<string, number> = {};
	const CHUNK = 20_000;
	let ms = 0;
	dst.exec('begin');
	dst.pragma('defer_foreign_keys = ON');
	for (const table of IMPORT_TABLES) {
		const copied = copyTable(src, dst, table, CHUNK);
		ms += copied.ms;
		tables[table] = copied.rows;
	}
	const t = now();
	dst.exec('commit');
	ms += now() - t;
	src.close();
	dst.close();
	removeDb(scratchFile);
	const rows = Object.values(tables).reduce((a, b) => a + b, 0);
	const seconds = ms / 1000;
	return { forms: tables.forms, rows, tables, seconds, rowsPerSecond: rows / seconds, formsPerSecond: tables.forms / seconds };
}

/** importFile, one transaction per file (the upload path), on the first `limit` documents. */
export async function importPerFile(datasetFile: string, scratchFile: string, limit: number): Promise<PerFileResult> {
	removeDb(scratchFile);
	const db = await openDatabase(scratchFile);
	let n = 0;
	let forms = 0;
	const t = now();
	for await (const doc of readDataset(datasetFile, limit)) {
		const outcome = await importFile(db, doc, { settings: DEFAULT_SETTINGS, origin: 'demo' });
		forms += outcome.status === 'failed' ? 0 : outcome.forms.length;
		n++;
	}
	const seconds = (now() - t) / 1000;
	await db.destroy();
	removeDb(scratchFile);
	return { documents: n, seconds, formsPerSecond: forms / seconds };
}

/** Where one document's time goes, on this thread alone: parsing (read + evaluate) and storing. */
export async function stages(datasetFile: string, scratchFile: string, limit: number): Promise<StageResult> {
	const docs: DatasetDoc[] = [];
	for await (const d of readDataset(datasetFile, limit)) docs.push(d);
	const parsed = new Map<string, ParsedForm[] | Error>();
	// once untimed: the first pass pays for compiling the reader
	for (const d of docs.slice(0, 100)) await parseForImport(d.bytes, d.fileName, DEFAULT_SETTINGS).catch(() => null);
	let t = now();
	for (const d of docs) {
		try {
			parsed.set(d.fileName, await parseForImport(d.bytes, d.fileName, DEFAULT_SETTINGS));
		} catch (err) {
			parsed.set(d.fileName, err as Error);
		}
	}
	const parseMs = (now() - t) / docs.length;
	const parser = async (_bytes: Uint8Array, fileName: string) => {
		const p = parsed.get(fileName) as ParsedForm[] | Error;
		if (p instanceof Error) throw p;
		return p;
	};
	const storeWith = async (batch: boolean) => {
		removeDb(scratchFile);
		const db = await openDatabase(scratchFile);
		t = now();
		if (batch) await importFiles(db, docs, { settings: DEFAULT_SETTINGS, origin: 'demo', parser });
		else for (const d of docs) await importFile(db, d, { settings: DEFAULT_SETTINGS, origin: 'demo', parser });
		const ms = (now() - t) / docs.length;
		await db.destroy();
		removeDb(scratchFile);
		return ms;
	};
	const storePerFileMs = await storeWith(false);
	const storeBatchMs = await storeWith(true);
	return { documents: docs.length, parseMs, storeBatchMs, storePerFileMs };
}

/** The seed's XLSX and PDF through importFile, each run with distinct bytes (each replaces the last version). */
export async function importRenditions(scratchFile: string, minSeconds = 5, maxRuns = 100): Promise<RenditionResult[]> {
	const out: RenditionResult[] = [];
	for (const name of RENDITIONS) {
		removeDb(scratchFile);
		const db = await openDatabase(scratchFile);
		const bytes = renditionBytes(name);
		// one untimed run: loading exceljs / pdf.js and their fonts is paid once per process
		await importFile(db, { fileName: name, bytes: variant(bytes, name, -1) }, { settings: DEFAULT_SETTINGS });
		let runs = 0;
		let forms = 0;
		const t = now();
		while (runs < maxRuns && (now() - t) / 1000 < minSeconds) {
			const outcome = await importFile(db, { fileName: name, bytes: variant(bytes, name, runs) }, { settings: DEFAULT_SETTINGS });
			if (outcome.status === 'failed') throw new Error(outcome.error);
			forms += outcome.forms.length;
			runs++;
		}
		const seconds = (now() - t) / 1000;
		await db.destroy();
		removeDb(scratchFile);
		out.push({ file: name, runs, seconds, formsPerSecond: forms / seconds, msPerForm: (seconds * 1000) / forms });
		log(`  ${name}: ${runs} imports, ${(forms / seconds).toFixed(1)} forms/s`);
	}
	return out;
}
