/** Small helpers shared by the benchmark parts: arguments, timing, percentiles, machine facts, formatting. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import SqliteDatabase from 'better-sqlite3';

export const ROOT = path.resolve(import.meta.dirname, '../..');

export interface BenchArgs {
	sizes: number[];
	parts: Set<Part>;
	/** where datasets, databases and results live (git-ignored) */
	dataDir: string;
	/** runs per query for p50/p95 */
	runs: number;
	/** seconds of autocannon per page */
	duration: number;
	connections: number;
	/** rebuild datasets and databases even if present */
	fresh: boolean;
	/** write BENCHMARKS.md */
	write: boolean;
	/** worker threads that parse while the main thread stores (0: parse on the main thread) */
	workers: number;
}

export const PARTS = ['import', 'queries', 'indexes', 'http', 'render'] as const;
export type Part = (typeof PARTS)[number];

export function parseArgs(argv: string[]): BenchArgs {
	const get = (name: string): string | undefined => {
		const i = argv.indexOf(`--${name}`);
		if (i >= 0) return argv[i + 1];
		const eq = argv.find((a) => a.startsWith(`--${name}=`));
		return eq?.slice(name.length + 3);
	};
	const sizes = (get('sizes') ?? '1000,10000,100000')
		.split(',')
		.map((s) => Number(s.trim().replace(/k$/i, '000')))
		.filter((n) => Number.isInteger(n) && n > 0);
	const partsArg = get('parts');
	const parts = new Set<Part>(
		partsArg ? (partsArg.split(',').map((p) => p.trim()) as Part[]).filter((p) => PARTS.includes(p)) : PARTS
	);
	return {
		sizes: [...new Set(sizes)].sort((a, b) => a - b),
		parts,
		dataDir: path.resolve(get('data') ?? path.join(ROOT, 'bench-data')),
		runs: Number(get('runs') ?? 50),
		duration: Number(get('duration') ?? 10),
		connections: Number(get('connections') ?? 20),
		fresh: argv.includes('--fresh'),
		write: !argv.includes('--no-write'),
		workers: Number(get('workers') ?? os.availableParallelism())
	};
}

export function now(): number {
	return performance.now();
}

export function quantile(sorted: number[], q: number): number {
	if (sorted.length === 0) return NaN;
	// nearest rank: p95 of 50 runs is the 48th value, an observed time rather than an interpolation
	const rank = Math.ceil(q * sorted.length);
	return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export interface Timing {
	runs: number;
	p50: number;
	p95: number;
	mean: number;
}

/** Time `fn` `runs` times after `warmup` untimed runs (ms). */
export async function timeRuns(fn: () => unknown, runs: number, warmup = 3): Promise<Timing> {
	for (let i = 0; i < warmup; i++) await fn();
	const ms: number[] = [];
	for (let i = 0; i < runs; i++) {
		const t = now();
		await fn();
		ms.push(now() - t);
	}
	ms.sort((a, b) => a - b);
	return { runs, p50: quantile(ms, 0.5), p95: quantile(ms, 0.95), mean: ms.reduce((s, x) => s + x, 0) / ms.length };
}

export function log(msg: string): void {
	const t = new Date().toISOString().slice(11, 19);
	process.stdout.write(`[${t}] ${msg}\n`);
}

/** A progress line redrawn in place on a terminal, printed every `every` steps otherwise. */
export function progress(label: string, total: number, every = Math.max(1, Math.round(total / 10))) {
	const tty = process.stdout.isTTY;
	const start = now();
	let last = 0;
	return {
		tick(done: number) {
			if (tty) {
				if (done !== total && now() - last < 250) return;
				last = now();
				const rate = done / ((now() - start) / 1000);
				process.stdout.write(`\r\x1b[K  ${label} ${done}/${total} (${rate.toFixed(0)}/s)`);
				if (done === total) process.stdout.write('\n');
			} else if (done % every === 0 || done === total) {
				const rate = done / ((now() - start) / 1000);
				process.stdout.write(`  ${label} ${done}/${total} (${rate.toFixed(0)}/s)\n`);
			}
		}
	};
}

export function sizeLabel(n: number): string {
	return n >= 1000 && n % 1000 === 0 ? `${n / 1000}K` : String(n);
}

export function fmtInt(n: number): string {
	return Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '–';
}

export function fmtMs(n: number): string {
	if (!Number.isFinite(n)) return '–';
	return n < 10 ? n.toFixed(2) : n < 100 ? n.toFixed(1) : n.toFixed(0);
}

export function fmtRatio(n: number): string {
	return Number.isFinite(n) ? `${n.toFixed(2)}×` : '–';
}

export function fmtPct(n: number): string {
	return Number.isFinite(n) ? `${(n * 100).toFixed(0)}%` : '–';
}

export interface Machine {
	date: string;
	cpu: string;
	cores: number;
	memory: string;
	node: string;
	sqlite: string;
	betterSqlite3: string;
	os: string;
	commit: string;
	/** 1-minute load average when the run started and ended: the machine is shared, and it shows */
	loadStart: number;
	loadEnd?: number;
	/** mean and highest 1-minute load average sampled every 5 s during the run */
	loadMean?: number;
	loadMax?: number;
}

export function machine(): Machine {
	const mem = new SqliteDatabase(':memory:');
	const sqlite = (mem.prepare('select sqlite_version() as v').get() as { v: string }).v;
	mem.close();
	const pkg = (name: string) =>
		(JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string })
			.version;
	let commit = 'unknown';
	try {
		commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
		const dirty = execFileSync('git', ['status', '--porcelain'], { cwd: ROOT, encoding: 'utf8' }).trim();
		if (dirty) commit += ' + uncommitted changes';
	} catch {
		// not a git checkout
	}
	return {
		date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
		cpu: os.cpus()[0]?.model ?? 'unknown',
		cores: os.availableParallelism(),
		memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
		node: process.version,
		sqlite,
		betterSqlite3: pkg('better-sqlite3'),
		os: `${os.type()} ${os.release()}`,
		commit,
		loadStart: Number(os.loadavg()[0].toFixed(2))
	};
}

export function removeDb(file: string): void {
	for (const s of ['', '-wal', '-shm', '-journal']) fs.rmSync(file + s, { force: true });
}

/** The unit the unit page is measured on: the one with the most forms across the five years. */
export function benchUnit(sqlite: SqliteDatabase.Database): number {
	return sqlite
		.prepare(
			`select canonical_unit_id from forms where is_current = 1 and shadowed_by is null group by canonical_unit_id
			 order by count(distinct year) desc, count(*) desc, canonical_unit_id limit 1`
		)
		.pluck()
		.get() as number;
}
