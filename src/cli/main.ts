/**
 * The `jixiao` command. Runs the same code as the web server (through tsx), so a form parses and imports
 * identically on both. Every failure is one line naming the file and the reason, never a stack trace:
 * the users are analysts, not developers.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEMO_HELP, demoCommand, samplesCommand } from './demo';
import { ADMIN_HELP, backupCommand, importIdentity, restoreCommand, userCommand } from './admin';
import { UsageError } from './usage';
import { DEFAULT_SETTINGS, type NormalizedForm } from '../lib/domain/form';
import { pickFundsRow } from '../lib/domain';
import { formatMoney, formatRate, formatScore } from '../lib/domain/format';
import { ImportError } from '../lib/import/grid';
import { parseDocument } from '../lib/import';
import { openDatabase } from '../lib/server/db';
import { type ImportedForm, type ImportOutcome } from '../lib/server/services/import';
import { importFiles, type ImportSource } from '../lib/server/services/import-batch';
import { createParsePool, type ParsePool } from '../lib/server/services/parse-pool';
import { parseForImport } from '../lib/server/services/parse';

const HELP = `jixiao — 绩效自评表分析

用法:
  jixiao parse <文件> [--json]          读取一个自评表文件并显示结果（不写数据库）
                                        --json 输出完整的表格数据（JSON；文件含多张表时输出数组）
  jixiao import <文件或文件夹…> [--db <路径>] [--jsonl] [--as <用户名>] [--batch <n>]
                                        导入到数据库：文件夹会递归查找 .txt .tsv .csv .xlsx .pdf .json 文件，
                                        跳过隐藏文件；每个文件要么完整保存、要么整个不保存（出错的文件单独回滚），
                                        相同文件不会重复导入；文件较多时用多个线程并行解析；
                                        在终端里运行时，标准错误输出上显示进度条
                                        --jsonl 每个文件输出一行 JSON {file, status, error?, forms}
                                        --as 以该用户的身份导入（记入操作日志；单位用户只能导入本单位的表）
                                        --batch 每个事务最多保存的文件数（默认 200，且每个事务不超过约 1 秒）；
                                        每行结果在其所在事务提交后输出
${DEMO_HELP}
${ADMIN_HELP}
  jixiao --help                         显示本帮助

数据库: --db <路径>，否则环境变量 DATABASE_URL，否则 db/jixiao.sqlite
退出码: 0 成功；1 有文件失败；2 用法错误`;

/** From this many files on, `import` parses on worker threads (ParsePool), at most MAX_WORKERS of them. */
const POOL_MIN_FILES = 32;
const MAX_WORKERS = 4;

/** Extensions picked up when walking a folder; files named explicitly are always tried. */
const FORM_EXTENSIONS = new Set(['.txt', '.tsv', '.csv', '.xlsx', '.pdf', '.json']);

interface Io {
	out: (line: string) => void;
	err: (line: string) => void;
	/** a terminal on stderr, for the progress bar; absent when stderr is a file or a pipe */
	tty?: { write: (text: string) => void; columns?: number };
}

const stdio: Io = {
	out: (line) => process.stdout.write(`${line}\n`),
	err: (line) => process.stderr.write(`${line}\n`),
	...(process.stderr.isTTY ? { tty: { write: (text: string) => process.stderr.write(text), columns: process.stderr.columns } } : {})
};


/**
 * Runs the command; returns the exit code. Libraries' console chatter (pdfjs prints its warnings with
 * console.log) is muted while it runs: it would corrupt `--json` on stdout and the one-line error on
 * stderr. JIXIAO_DEBUG=1 lets it through, on stderr.
 */
export async function main(argv: string[], io: Io = stdio): Promise<number> {
	const restore = muteConsole(process.env.JIXIAO_DEBUG ? (line) => process.stderr.write(`${line}\n`) : () => {});
	try {
		return await run(argv, io);
	} finally {
		restore();
	}
}

function muteConsole(sink: (line: string) => void): () => void {
	const methods = ['log', 'info', 'warn', 'debug', 'error'] as const;
	const saved = methods.map((m) => console[m]);
	for (const m of methods) console[m] = (...args: unknown[]) => sink(args.map(String).join(' '));
	return () => methods.forEach((m, i) => (console[m] = saved[i]));
}

async function run(argv: string[], io: Io): Promise<number> {
	try {
		const [command, ...rest] = argv;
		if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
			io.out(HELP);
			return command === undefined ? 2 : 0;
		}
		switch (command) {
			case 'parse':
				return await parseCommand(rest, io);
			case 'import':
				return await importCommand(rest, io);
			case 'demo':
				return await demoCommand(rest, io);
			case 'samples':
				return await samplesCommand(rest, io);
			case 'user':
				return await userCommand(rest, io);
			case 'backup':
				return await backupCommand(rest, io);
			case 'restore':
				return await restoreCommand(rest, io);
			default:
				throw new UsageError(`未知命令: ${command}`);
		}
	} catch (err) {
		if (err instanceof UsageError || isParseArgsError(err)) {
			io.err(`用法错误: ${usageMessage(err as Error)}（jixiao --help 查看用法）`);
			return 2;
		}
		io.err(oneLine(err));
		return 1;
	}
}

async function parseCommand(args: string[], io: Io): Promise<number> {
	const { values, positionals } = parseArgs({
		args,
		allowPositionals: true,
		options: { json: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' } }
	});
	if (values.help) {
		io.out(HELP);
		return 0;
	}
	if (positionals.length !== 1) throw new UsageError('parse 需要且只需要一个文件');
	const file = positionals[0];
	const fileName = path.basename(file);
	let forms: NormalizedForm[];
	try {
		const bytes = readFile(file);
		forms = await parseDocument(bytes, fileName, DEFAULT_SETTINGS);
		if (forms.length === 0) throw new ImportError(fileName, '未找到绩效自评表');
	} catch (err) {
		io.err(oneLine(err, fileName));
		return 1;
	}
	if (values.json) {
		io.out(JSON.stringify(forms.length === 1 ? forms[0] : forms, null, 2));
	} else {
		forms.forEach((form, i) => {
			if (i > 0) io.out('');
			for (const line of summarize(form, forms.length > 1 ? `${fileName} 第 ${i + 1} 张表` : fileName))
				io.out(line);
		});
	}
	return 0;
}

async function importCommand(args: string[], io: Io): Promise<number> {
	const { values, positionals } = parseArgs({
		args,
		allowPositionals: true,
		options: {
			db: { type: 'string' },
			jsonl: { type: 'boolean', default: false },
			as: { type: 'string' },
			batch: { type: 'string' },
			help: { type: 'boolean', short: 'h' }
		}
	});
	if (values.help) {
		io.out(HELP);
		return 0;
	}
	if (positionals.length === 0) throw new UsageError('import 需要至少一个文件或文件夹');
	const batchSize = values.batch === undefined ? undefined : Number(values.batch);
	if (batchSize !== undefined && !(Number.isInteger(batchSize) && batchSize >= 1))
		throw new UsageError(`--batch 需要一个正整数: ${values.batch}`);
	// a file named twice (or inside two named folders) is imported once
	const files = [...new Map(positionals.flatMap(collectFiles).map((f) => [path.resolve(f), f])).values()];
	if (files.length === 0) throw new UsageError(`没有找到可导入的文件: ${positionals.join(' ')}`);

	const db = await openDatabase(values.db);
	let identity;
	try {
		identity = await importIdentity(db, values.as);
	} catch (err) {
		await db.destroy();
		throw err;
	}
	const counts = { imported: 0, replaced: 0, unchanged: 0, failed: 0 };
	const bar = io.tty ? progressBar(files.length, io.tty) : null;
	// a line printed under the bar would be overwritten by the next redraw: lift the bar, print, redraw
	const out = (line: string) => {
		bar?.clear();
		io.out(line);
	};
	// Outcomes are printed in the order of `files`. importFiles reports its files in order, once their group
	// is committed; a file that cannot be read never reaches it and waits here for the files before it.
	const outcomes = new Map<number, ImportOutcome>();
	let printed = 0;
	const flush = () => {
		for (let o = outcomes.get(printed); o !== undefined; o = outcomes.get(printed)) {
			outcomes.delete(printed);
			const file = files[printed++];
			counts[o.status]++;
			if (values.jsonl) out(JSON.stringify(progressLine(file, o)));
			else if (o.status === 'failed') out(`失败: ${o.error}`);
			else for (const form of o.forms) out(formLine(form));
			bar?.draw(printed, counts.failed);
		}
	};
	/** importFiles' index of a file → its place in `files` */
	const places: number[] = [];
	function* sources(): Generator<ImportSource> {
		for (const [i, file] of files.entries()) {
			let bytes: Uint8Array;
			try {
				bytes = readFile(file);
			} catch (err) {
				// unreadable file (permissions, vanished): same report as a parse failure
				outcomes.set(i, { status: 'failed', fileName: path.basename(file), sha256: '', forms: [], error: oneLine(err, file) });
				flush();
				continue;
			}
			places.push(i);
			yield { fileName: path.basename(file), bytes };
		}
	}
	// the workers take about a second to start (each loads the reader through tsx): worth it for many files.
	// This thread parses too whenever it would wait for them (it also stores), so one worker fewer than cores:
	// three busy threads on two cores cost more CPU per document than two (measured, BENCHMARKS.md).
	const pool: ParsePool | null =
		files.length >= POOL_MIN_FILES
			? createParsePool({ workers: Math.max(1, Math.min(os.availableParallelism() - 1, MAX_WORKERS)) })
			: null;
	try {
		bar?.draw(0, 0);
		await importFiles(db, sources(), {
			...identity,
			parser: pool?.parse,
			parseHere: pool ? parseForImport : undefined,
			batchSize,
			parseAhead: Math.max(16, 8 * (pool?.size ?? 1)),
			onOutcome: (o, index) => {
				outcomes.set(places[index], o);
				flush();
			}
		});
		flush();
	} finally {
		bar?.clear();
		await pool?.close();
		await db.destroy();
	}
	if (!values.jsonl) io.out(
		`共 ${files.length} 个文件: 新导入 ${counts.imported}，替换 ${counts.replaced}，未变化 ${counts.unchanged}，失败 ${counts.failed}`
	);
	return counts.failed > 0 ? 1 : 0;
}

/**
 * `[████░░░░] 120/500 文件 · 失败 3`, redrawn in place with a carriage return. Only for terminals: in a file
 * or a pipe the redraws would be thousands of lines of noise.
 */
function progressBar(total: number, tty: NonNullable<Io['tty']>) {
	let shown = false;
	const width = Math.max(10, Math.min(30, (tty.columns ?? 80) - 40));
	return {
		draw(done: number, failed: number) {
			const filled = total === 0 ? width : Math.round((width * done) / total);
			tty.write(`\r\x1b[K[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${done}/${total} 文件 · 失败 ${failed}`);
			shown = true;
		},
		clear() {
			if (shown) tty.write('\r\x1b[K');
			shown = false;
		}
	};
}

/**
 * One `--jsonl` line: the file as given on the command line (the web server's batch import matches on it),
 * the outcome, and the stored forms.
 */
function progressLine(file: string, o: ImportOutcome) {
	return { file, status: o.status, ...(o.error ? { error: o.error } : {}), forms: o.forms };
}

function formLine(f: ImportedForm): string {
	const kind = f.kind === 'project' ? `项目 ${f.project ?? ''}`.trim() : '部门整体';
	const parts = [
		f.unit,
		String(f.year),
		kind,
		`执行率 ${formatRate(f.rate)}`,
		`自评 ${formatScore(f.totalScorePrinted)}`,
		`复核 ${formatScore(f.totalScore)}`,
		`问题 ${f.findingsCount}`
	];
	if (f.status === 'replaced') parts.push(`已替换旧版（现为第 ${f.version} 版）`);
	if (f.status === 'unchanged') parts.push('未变化（此文件已导入过）');
	return parts.join(' · ');
}

function summarize(form: NormalizedForm, label: string): string[] {
	const funds = pickFundsRow(form);
	const kind = form.kind === 'project' ? `项目 ${form.project ?? '（无项目名称）'}` : '部门整体';
	const lines = [
		`${label}: ${form.unit ?? '（无单位名称）'} · ${form.year ?? '（无年度）'} · ${kind}`,
		`  资金: 预算 ${formatMoney(funds?.budget, form.moneyUnit)} · 执行 ${formatMoney(funds?.executed, form.moneyUnit)}` +
			` · 执行率 ${formatRate(form.computed.rate)}（表上 ${formatRate(funds?.ratePrinted)}，公式 ${form.computed.rateFormula}）`,
		`  得分: 自评 ${formatScore(form.totalScorePrinted)} · 复核 ${formatScore(form.computed.totalScore)}` +
			` · 等级 ${form.computed.grade ?? '—'} · 指标 ${form.indicators.length} 项`,
		`  问题 ${form.findings.length}${form.findings.length ? ':' : ''}`
	];
	for (const f of form.findings) lines.push(`    [${f.severity}] ${f.message}${f.where ? `（${f.where}）` : ''}`);
	return lines;
}

/** Files under a path: the file itself, or the form files of a folder tree, hidden entries skipped. */
function collectFiles(p: string): string[] {
	let stat: fs.Stats;
	try {
		stat = fs.statSync(p);
	} catch {
		// let the import report it as that file's failure
		return [p];
	}
	if (!stat.isDirectory()) return [p];
	const found: string[] = [];
	const walk = (dir: string) => {
		const entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
		for (const e of entries) {
			if (e.name.startsWith('.')) continue;
			const full = path.join(dir, e.name);
			if (e.isDirectory()) walk(full);
			else if (e.isFile() && FORM_EXTENSIONS.has(path.extname(e.name).toLowerCase())) found.push(full);
		}
	};
	walk(p);
	return found;
}

function readFile(file: string): Uint8Array {
	try {
		return fs.readFileSync(file);
	} catch (err) {
		const code = (err as NodeJS.ErrnoException).code;
		const reason =
			code === 'ENOENT' ? '文件不存在' : code === 'EISDIR' ? '这是一个文件夹' : code === 'EACCES' ? '没有读取权限' : (err as Error).message;
		throw new ImportError(file, reason);
	}
}

function oneLine(err: unknown, fileName?: string): string {
	const message = (err instanceof Error ? err.message : String(err)).split('\n')[0];
	if (err instanceof ImportError || !fileName || message.includes(fileName)) return message;
	return `${fileName}: ${message}`;
}

/** node's parseArgs speaks English; say the common cases in Chinese. */
function usageMessage(err: Error): string {
	const code = (err as { code?: string }).code;
	const option = /'(-[^']*?)(?: <value>)?'/.exec(err.message)?.[1];
	if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option) return `未知选项 ${option}`;
	if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option) return `选项 ${option} 需要一个值`;
	return err.message;
}

function isParseArgsError(err: unknown): boolean {
	const code = (err as { code?: string } | null)?.code;
	return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
}
