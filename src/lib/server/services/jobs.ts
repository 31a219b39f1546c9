/**
 * Batch imports from the browser. Uploaded files are written to a job folder and imported by a child
 * process running `jixiao import --jsonl`, so that parsing 500 PDFs never blocks the server's event loop,
 * a crash or a runaway parse cannot take the server down, and each file is still one transaction.
 * Progress comes back as one JSON line per file and is pushed to the page (Server-Sent Events).
 *
 * Jobs live in memory: a server restart forgets the progress view, never the imported data.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { extractZip, ZipError } from '../../import/zip';
import { resolveDatabasePath } from '../db';
import { formatBytes, getLimits, type Limits } from '../limits';

export type FileStatus = 'queued' | 'importing' | 'imported' | 'replaced' | 'unchanged' | 'failed';

export interface JobForm {
	formId: number;
	unit: string;
	year: number;
	kind: 'department' | 'project';
	project: string | null;
	version: number;
	rate: number | null;
	totalScorePrinted: number | null;
	totalScore: number | null;
	findingsCount: number;
}

export interface JobFile {
	id: number;
	name: string;
	/** the zip it came from, if any */
	from: string | null;
	size: number;
	status: FileStatus;
	message: string | null;
	forms: JobForm[];
}

export interface JobSnapshot {
	id: string;
	createdAt: string;
	/** the browser said every file is uploaded */
	closed: boolean;
	/** closed and every file has an outcome */
	finished: boolean;
	files: JobFile[];
	counts: Record<FileStatus, number>;
}

/** One line of `jixiao import --jsonl`. */
interface ProgressLine {
	file: string;
	status: 'imported' | 'replaced' | 'unchanged' | 'failed';
	error?: string;
	forms?: JobForm[];
}

const FINISHED_JOB_TTL_MS = 60 * 60 * 1000;

/**
 * The account a batch belongs to: only it (or an admin or analyst) may follow or add to the batch, and the
 * importer runs `--as` it, so that the audit log names it and a unit account imports its own unit's forms only.
 */
export interface JobOwner {
	userId: number;
	username: string;
	/** admins and analysts may look at any batch */
	seesAll: boolean;
}

/**
 * One file's parse may take this long (JIXIAO_IMPORT_FILE_TIMEOUT_S, default 300) and the importer may use
 * this much heap (JIXIAO_IMPORT_MEMORY_MB, default 2048) before it is stopped: a hostile or broken file
 * fails alone instead of hanging the batch or exhausting the server's memory.
 */
function importerBounds(): { timeoutMs: number; memoryMb: number } {
	const num = (name: string, fallback: number) => {
		const n = Number(process.env[name]);
		return Number.isFinite(n) && n > 0 ? n : fallback;
	};
	return { timeoutMs: num('JIXIAO_IMPORT_FILE_TIMEOUT_S', 300) * 1000, memoryMb: Math.round(num('JIXIAO_IMPORT_MEMORY_MB', 2048)) };
}
/** files handed to one child process: large enough to amortise its start-up, small enough to show progress */
const CHUNK = 25;

type Listener = (snapshot: JobSnapshot) => void;

export class ImportJob {
	readonly id = randomUUID();
	readonly createdAt = new Date().toISOString();
	readonly dir: string;
	#files: JobFile[] = [];
	#paths = new Map<string, JobFile>();
	#queue: { file: JobFile; path: string }[] = [];
	#closed = false;
	#running = false;
	#listeners = new Set<Listener>();
	#limits: Limits;
	#finishedAt: number | null = null;

	readonly owner: JobOwner | null;

	constructor(limits: Limits = getLimits(), owner: JobOwner | null = null) {
		this.#limits = limits;
		this.owner = owner;
		this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jixiao-upload-'));
	}

	get finished(): boolean {
		return this.#closed && !this.#running && this.#queue.length === 0;
	}

	get finishedAt(): number | null {
		return this.#finishedAt;
	}

	/**
	 * Accept one uploaded file (a .zip is opened and each form file in it becomes a row). Returns the rows
	 * it created; limits that are broken turn into failed rows with the reason, not exceptions.
	 */
	addUpload(name: string, bytes: Uint8Array): JobFile[] {
		if (this.#closed) throw new Error('这一批导入已经结束，请重新开始一批');
		const safe = safeName(name);
		const limits = this.#limits;
		if (bytes.byteLength > limits.maxFileBytes) {
			return [this.#fail(safe, null, bytes.byteLength, `文件大小 ${formatBytes(bytes.byteLength)} 超过 ${formatBytes(limits.maxFileBytes)} 的上限`)];
		}
		if (this.#files.length >= limits.maxFilesPerBatch) {
			return [this.#fail(safe, null, bytes.byteLength, `超过每批 ${limits.maxFilesPerBatch} 个文件的上限，请分批导入`)];
		}
		if (isPlainZip(safe, bytes)) return this.#addZip(safe, bytes);
		const row = this.#row(safe, null, bytes.byteLength);
		this.#enqueue(row, bytes);
		return [row];
	}

	#addZip(zipName: string, bytes: Uint8Array): JobFile[] {
		let entries;
		try {
			entries = extractZip(bytes, {
				maxTotalBytes: this.#limits.maxUnzippedBytes,
				maxEntries: this.#limits.maxFilesPerBatch - this.#files.length
			});
		} catch (err) {
			const reason = err instanceof ZipError ? err.message : '压缩包无法读取';
			return [this.#fail(zipName, null, bytes.byteLength, reason)];
		}
		const rows: JobFile[] = [];
		for (const entry of entries) {
			const base = safeName(path.posix.basename(entry.name));
			if (base.startsWith('.')) continue;
			if (isPlainZip(base, entry.bytes)) {
				rows.push(this.#fail(base, zipName, entry.bytes.byteLength, '压缩包内的压缩包不会展开，请解压后再上传'));
			} else if (entry.bytes.byteLength > this.#limits.maxFileBytes) {
				rows.push(this.#fail(base, zipName, entry.bytes.byteLength, `文件大小 ${formatBytes(entry.bytes.byteLength)} 超过 ${formatBytes(this.#limits.maxFileBytes)} 的上限`));
			} else {
				const row = this.#row(base, zipName, entry.bytes.byteLength);
				this.#enqueue(row, entry.bytes);
				rows.push(row);
			}
		}
		if (rows.length === 0) rows.push(this.#fail(zipName, null, bytes.byteLength, '压缩包内没有文件'));
		return rows;
	}

	/** No more uploads: the job finishes when the queue drains. */
	close(): void {
		this.#closed = true;
		this.#changed();
		this.#pump();
	}

	snapshot(): JobSnapshot {
		const counts: Record<FileStatus, number> = { queued: 0, importing: 0, imported: 0, replaced: 0, unchanged: 0, failed: 0 };
		for (const f of this.#files) counts[f.status]++;
		return {
			id: this.id,
			createdAt: this.createdAt,
			closed: this.#closed,
			finished: this.finished,
			files: this.#files.map((f) => ({ ...f, forms: [...f.forms] })),
			counts
		};
	}

	subscribe(listener: Listener): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	#row(name: string, from: string | null, size: number): JobFile {
		const row: JobFile = { id: this.#files.length + 1, name, from, size, status: 'queued', message: null, forms: [] };
		this.#files.push(row);
		return row;
	}

	#fail(name: string, from: string | null, size: number, message: string): JobFile {
		const row = this.#row(name, from, size);
		row.status = 'failed';
		row.message = `${name}: ${message}`;
		this.#changed();
		return row;
	}

	#enqueue(row: JobFile, bytes: Uint8Array): void {
		// one folder per file keeps the original name, which the import stores as the document's name
		const folder = path.join(this.dir, String(row.id));
		fs.mkdirSync(folder);
		const file = path.join(folder, row.name);
		fs.writeFileSync(file, bytes);
		this.#paths.set(file, row);
		this.#queue.push({ file: row, path: file });
		this.#changed();
		this.#pump();
	}

	#pump(): void {
		if (this.#running) return;
		if (this.#queue.length === 0) {
			if (this.finished) this.#finish();
			return;
		}
		const chunk = this.#queue.splice(0, CHUNK);
		this.#running = true;
		for (const { file } of chunk) file.status = 'importing';
		this.#changed();
		runImporter(
			chunk.map((c) => c.path),
			this.owner?.username ?? null,
			(line) => {
				const row = this.#paths.get(line.file);
				if (!row) return;
				row.status = line.status;
				row.message = line.error ?? null;
				row.forms = line.forms ?? [];
				this.#changed();
			},
			(problem) => {
				// The child imports in order and reports each file when done, so the first file it did not
				// report on is the one it stopped at: that one failed, with the reason. The others had not
				// started (each file is its own transaction, nothing of them is stored) and go back in the queue.
				const unreported = chunk.filter(({ file }) => file.status === 'importing');
				unreported.forEach(({ file }, i) => {
					if (i === 0) {
						file.status = 'failed';
						file.message = `${file.name}: ${problem}`;
					} else file.status = 'queued';
				});
				this.#queue.unshift(...unreported.slice(1));
				this.#running = false;
				this.#changed();
				this.#pump();
			}
		);
	}

	#finish(): void {
		if (this.#finishedAt !== null) return;
		this.#finishedAt = Date.now();
		fs.rmSync(this.dir, { recursive: true, force: true });
		this.#changed();
	}

	#changed(): void {
		if (this.#listeners.size === 0) return;
		const snap = this.snapshot();
		for (const l of this.#listeners) l(snap);
	}
}

/**
 * Runs `jixiao import --jsonl` on the files. `done` gets '' on a clean exit, else what went wrong.
 * The child inherits DATABASE_URL resolution through --db, so it writes where the server reads.
 */
function runImporter(
	files: string[],
	asUser: string | null,
	onLine: (line: ProgressLine) => void,
	reportDone: (problem: string) => void
): void {
	// a child that cannot start emits both 'error' and 'close': report once, or the batch would run twice
	let reported = false;
	const done = (problem: string) => {
		if (reported) return;
		reported = true;
		reportDone(problem);
	};
	const bin = process.env.JIXIAO_BIN ?? path.resolve('bin/jixiao.js');
	const { timeoutMs, memoryMb } = importerBounds();
	const as = asUser === null ? [] : ['--as', asUser];
	const child = spawn(
		process.execPath,
		[`--max-old-space-size=${memoryMb}`, bin, 'import', '--jsonl', '--db', resolveDatabasePath(), ...as, ...files],
		{ stdio: ['ignore', 'pipe', 'pipe'], env: process.env }
	);
	let timedOut = false;
	let watchdog: ReturnType<typeof setTimeout> | undefined;
	const arm = () => {
		clearTimeout(watchdog);
		watchdog = setTimeout(() => {
			timedOut = true;
			child.kill('SIGKILL');
		}, timeoutMs);
	};
	arm();
	let stderr = '';
	child.stderr.on('data', (d) => {
		if (stderr.length < 4000) stderr += d;
	});
	const rl = readline.createInterface({ input: child.stdout });
	rl.on('line', (text) => {
		if (!text.startsWith('{')) return;
		try {
			const line = JSON.parse(text) as ProgressLine;
			arm();
			onLine(line);
		} catch {
			// not a progress line
		}
	});
	child.on('error', (err) => done(`导入进程无法启动：${err.message}`));
	child.on('close', (code, signal) => {
		clearTimeout(watchdog);
		const last = stderr.trim().split('\n').pop() ?? '';
		if (timedOut) return done(`解析超过 ${Math.round(timeoutMs / 1000)} 秒未完成，已停止（文件未保存）`);
		done(code === 0 || code === 1 ? '导入进程未返回结果' : `导入进程意外退出（${signal ?? code}）${last ? `：${last}` : ''}`);
	});
}

function isPlainZip(name: string, bytes: Uint8Array): boolean {
	// a .xlsx is a zip too, and is a form; only archives named .zip are opened as batches
	return /\.zip$/i.test(name) && bytes[0] === 0x50 && bytes[1] === 0x4b;
}

/** A file name without folders or characters that could escape the job folder. */
function safeName(name: string): string {
	const base = name.split(/[\\/]/).pop() ?? '';
	const cleaned = base.replace(/[\u0000-\u001f<>:"|?*]/g, '_').trim();
	return cleaned === '' || cleaned === '.' || cleaned === '..' ? '未命名文件' : cleaned.slice(0, 200);
}

const jobs = new Map<string, ImportJob>();

export function createJob(limits?: Limits, owner: JobOwner | null = null): ImportJob {
	sweep();
	const job = new ImportJob(limits, owner);
	jobs.set(job.id, job);
	return job;
}

/** A batch, if it exists and `viewer` may see it (its owner, an admin or an analyst; anyone when it has no owner). */
export function getJob(id: string, viewer?: JobOwner | null): ImportJob | undefined {
	const job = jobs.get(id);
	if (!job || !job.owner || viewer === undefined) return job;
	if (viewer === null) return undefined;
	return viewer.seesAll || viewer.userId === job.owner.userId ? job : undefined;
}

/** Forget jobs that finished long ago, so the map does not grow forever. */
function sweep(): void {
	const now = Date.now();
	for (const [id, job] of jobs) {
		if (job.finishedAt !== null && now - job.finishedAt > FINISHED_JOB_TTL_MS) jobs.delete(id);
	}
}
