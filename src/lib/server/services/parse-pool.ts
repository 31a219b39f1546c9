/**
 * Parsing on worker threads, for bulk imports (the CLI, the benchmark): reading a form costs several times
 * more than storing it, so with N workers parsing ahead, the main thread only stores. Not for the web
 * server's request path (an upload is parsed in the import job's child process).
 *
 * The workers run the same TypeScript as the main thread, through tsx registered in each worker.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ImportError } from '../../import/grid';
import type { DocumentParser, ParsedForm } from './parse';
import type { ParseReply, ParseRequest, WorkerError } from './parse-worker';

export interface ParsePool {
	/** parses on the least busy worker; same results and errors as parseForImport */
	parse: DocumentParser;
	readonly size: number;
	close(): Promise<void>;
}

const BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
import(workerData.tsx).then(({ register }) => {
	register();
	return import(workerData.url);
});
`;

interface Slot {
	worker: Worker;
	/** why the worker is gone (it crashed or could not load), null while it runs */
	dead: Error | null;
	pending: Map<number, { resolve: (forms: ParsedForm[]) => void; reject: (err: Error) => void }>;
}

/**
 * Default: one worker per core. Storing through prepared statements (import-store.ts bulkStore) costs the
 * main thread about a third of what parsing costs a worker, so a core kept for it alone would idle; measured
 * at 10K documents on 2 cores, 2 workers beat 1. With importFiles' `parseHere` (the main thread parses
 * while it waits), a worker fewer than the cores is better: see import-batch.ts.
 */
export function createParsePool(opts: { workers?: number } = {}): ParsePool {
	const size = Math.max(1, opts.workers ?? os.availableParallelism());
	const url = new URL('./parse-worker.ts', import.meta.url).href;
	const tsx = tsxEsmApi();
	let nextId = 0;
	let closed = false;
	const slots: Slot[] = [];
	for (let i = 0; i < size; i++) {
		const slot: Slot = {
			worker: new Worker(BOOTSTRAP, { eval: true, workerData: { url, tsx } }),
			dead: null,
			pending: new Map()
		};
		slot.worker.on('message', (reply: ParseReply) => {
			const waiting = slot.pending.get(reply.id);
			if (!waiting) return;
			slot.pending.delete(reply.id);
			if ('error' in reply) waiting.reject(fromWorkerError(reply.error));
			else waiting.resolve(reply.forms);
		});
		const failAll = (err: Error) => {
			slot.dead ??= err;
			for (const w of slot.pending.values()) w.reject(err);
			slot.pending.clear();
		};
		slot.worker.on('error', failAll);
		slot.worker.on('exit', (code) => {
			if (!closed) failAll(new Error(`解析线程意外退出（退出码 ${code}）`));
		});
		slots.push(slot);
	}

	const parse: DocumentParser = (bytes, fileName, settings) => {
		if (closed) return Promise.reject(new Error('解析线程池已关闭'));
		const live = slots.filter((s) => !s.dead);
		if (live.length === 0) return Promise.reject(slots[0].dead);
		const slot = live.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
		const id = nextId++;
		// a copy: the caller keeps its bytes (they are stored), and Buffers may share a pooled ArrayBuffer
		const copy = new Uint8Array(bytes);
		return new Promise<ParsedForm[]>((resolve, reject) => {
			slot.pending.set(id, { resolve, reject });
			const req: ParseRequest = { id, bytes: copy, fileName, settings };
			slot.worker.postMessage(req, [copy.buffer]);
		});
	};

	return {
		parse,
		size,
		async close() {
			closed = true;
			await Promise.all(slots.map((s) => s.worker.terminate()));
		}
	};
}

/**
 * tsx's ESM API entry. Module hooks are per thread and neither `--import tsx` nor tsx's register() in the
 * main thread reach a worker, so each worker registers them. Resolved here through the package's exports
 * (a CommonJS resolve would give the require entry, which cannot register ESM hooks).
 */
function tsxEsmApi(): string {
	const require = createRequire(import.meta.url);
	const manifest = require.resolve('tsx/package.json');
	const pkg = JSON.parse(fs.readFileSync(manifest, 'utf8')) as {
		exports: Record<string, { import?: string | { default?: string } }>;
	};
	const entry = pkg.exports['./esm/api']?.import;
	const file = typeof entry === 'string' ? entry : entry?.default;
	if (!file) throw new Error('tsx 缺少 ESM API 入口（tsx/esm/api）');
	return pathToFileURL(path.join(path.dirname(manifest), file)).href;
}

function fromWorkerError(e: WorkerError): Error {
	if (e.kind === 'import') return new ImportError(e.file, e.reason, e.place);
	const err = new Error(e.message);
	if (e.stack) err.stack = e.stack;
	return err;
}
