/**
 * Bulk import: many files, the same outcome per file as importFile, several times faster.
 *
 * - Files are grouped into one transaction per `batchSize` files (or `maxBatchMs`), each file inside a
 *   savepoint of its own (importFile does that when handed a transaction): a failing file is rolled back
 *   alone, the others of its group are kept. A commit per file costs more than storing a small form.
 * - Parsing runs ahead of storing: with a ParsePool's parser, on worker threads while this thread stores.
 *   With `parseHere`, this thread also parses whenever it would otherwise wait for the pool: a pool of one
 *   worker fewer than the cores then keeps every core busy without a thread more than there are cores
 *   (measured at 10,000 documents on 2 cores shared with other work: 2 workers beside this storing thread
 *   cost 2.6–2.8 ms of CPU per document over all threads, 1 worker with this thread helping 2.4–2.6 ms,
 *   and went ~5% faster; the third busy thread's time slicing and its V8 helper threads cost more than
 *   it parses).
 * - Bytes already stored are not parsed again (reported unchanged, as by importFile).
 * - Rows are written through prepared statements on the raw connection (import-store.ts bulkStore), the
 *   same rows as through the repositories, without building ~15 Kysely statements per form.
 *
 * Outcomes are reported after their group is committed, in input order. Holding the write lock for a group
 * blocks other writers for at most about `maxBatchMs` (they wait, busy_timeout); readers are not blocked.
 */
import { createHash } from 'node:crypto';
import type { ControlledTransaction, Kysely } from 'kysely';
import { createBulkWriter } from '../db/bulk';
import type { Database } from '../db/schema';
import { getSettings } from '../repositories/settings';
import { importFile, type ImportOptions, type ImportOutcome, type ImportStatus } from './import';
import { bulkStore, kyselyStore, type ImportStore } from './import-store';
import type { DocumentParser, ParsedForm } from './parse';

export interface ImportSource {
	fileName: string;
	bytes: Uint8Array;
}

export interface BatchImportOptions extends ImportOptions {
	/** files per transaction (default 200) */
	batchSize?: number;
	/** commit a group that has been open this long, even if smaller (default 1000 ms) */
	maxBatchMs?: number;
	/** documents parsed ahead of the one being stored (default 16) */
	parseAhead?: number;
	/**
	 * a parser for this thread (parseForImport), used only beside `parser`: while the document to store next
	 * is still with the pool, this thread parses the last document read instead of waiting. The pool is then
	 * handed `poolDepth` documents at a time (not every document read ahead), the rest being left for here.
	 */
	parseHere?: DocumentParser;
	/** with parseHere: documents handed to the pool at a time (default 4) */
	poolDepth?: number;
	/** each file's outcome, in input order, once its group is committed */
	onOutcome?: (outcome: ImportOutcome, index: number) => void;
	/**
	 * false: store through the repositories (Kysely), as importFile alone does; default true, prepared
	 * statements when the database was opened by openDatabase (the same rows, about 3× cheaper)
	 */
	bulk?: boolean;
}

export interface BatchResult {
	files: number;
	counts: Record<ImportStatus, number>;
	/** transactions committed */
	transactions: number;
}

type Settled = { ok: true; forms: ParsedForm[] } | { ok: false; error: unknown };

interface Entry {
	index: number;
	file: ImportSource;
	/** a parser runs ahead and the bytes were not stored before: the entry is to be parsed */
	toParse: boolean;
	/** null: not (yet) handed to a parser; stays null when importFile parses (a test stub's `parse`) */
	parsed: Promise<Settled> | null;
	/** the outcome of `parsed` once known */
	settled: Settled | null;
	/** null when no parser runs ahead (importFile hashes the bytes itself) */
	sha256: string | null;
}

const settle = (p: Promise<ParsedForm[]>): Promise<Settled> =>
	p.then(
		(forms): Settled => ({ ok: true, forms }),
		(error: unknown): Settled => ({ ok: false, error })
	);

/** Lets the event loop deliver the pool's replies (they are messages, not microtasks). */
const yieldToEvents = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function importFiles(
	db: Kysely<Database>,
	files: Iterable<ImportSource> | AsyncIterable<ImportSource>,
	opts: BatchImportOptions = {}
): Promise<BatchResult> {
	if (db.isTransaction) throw new Error('importFiles opens its own transactions');
	const {
		batchSize = 200,
		maxBatchMs = 1000,
		parseAhead = 16,
		onOutcome,
		bulk = true,
		parseHere: here,
		poolDepth = 4,
		...importOpts
	} = opts;
	const writer = bulk ? createBulkWriter(db) : null;
	const settings = importOpts.settings ?? (await getSettings(db));
	const parser: DocumentParser | null = importOpts.parse ? null : (importOpts.parser ?? null);
	const parseHere = parser ? (here ?? null) : null;
	const it =
		Symbol.asyncIterator in files
			? (files as AsyncIterable<ImportSource>)[Symbol.asyncIterator]()
			: (files as Iterable<ImportSource>)[Symbol.iterator]();

	const result: BatchResult = {
		files: 0,
		counts: { imported: 0, replaced: 0, unchanged: 0, failed: 0 },
		transactions: 0
	};
	const queue: Entry[] = [];
	let exhausted = false;
	let read = 0;
	let trx: ControlledTransaction<Database> | null = null;
	let store: ImportStore | null = null;
	let openedAt = 0;
	let group: { outcome: ImportOutcome; index: number }[] = [];

	let inPool = 0;
	const toPool = (e: Entry) => {
		inPool++;
		e.parsed = settle((parser as DocumentParser)(e.file.bytes, e.file.fileName, settings)).then((s) => {
			inPool--;
			e.settled = s;
			return s;
		});
	};
	const parseOnThisThread = async (e: Entry) => {
		const s = await settle((parseHere as DocumentParser)(e.file.bytes, e.file.fileName, settings));
		e.settled = s;
		e.parsed = Promise.resolve(s);
	};
	/** Hands the pool the earliest documents not yet parsed: all of them, or poolDepth at a time beside parseHere. */
	const dispatch = () => {
		for (const e of queue) {
			if (parseHere && inPool >= poolDepth) break;
			if (e.toParse && !e.parsed) toPool(e);
		}
	};

	const refill = async () => {
		while (!exhausted && queue.length < parseAhead) {
			const next = await it.next();
			if (next.done) {
				exhausted = true;
				break;
			}
			const file = next.value;
			let toParse = false;
			let sha256: string | null = null;
			if (parser) {
				sha256 = createHash('sha256').update(file.bytes).digest('hex');
				// the open group's connection: a query on `db` would wait for the group's commit
				toParse = (await (store ?? kyselyStore(db)).documentIdBySha(sha256)) === undefined;
			}
			queue.push({ index: read++, file, toParse, parsed: null, settled: null, sha256 });
			dispatch();
		}
	};

	/** The next document to store, parsed: this thread parses the last ones read while the pool works on it. */
	const nextParsed = async (entry: Entry): Promise<Settled | null> => {
		if (!entry.toParse) return null;
		if (!entry.parsed) {
			if (parseHere) await parseOnThisThread(entry);
			else toPool(entry);
		}
		while (parseHere && entry.settled === null) {
			let spare: Entry | undefined;
			for (let k = queue.length - 1; k > 0 && !spare; k--) if (queue[k].toParse && !queue[k].parsed) spare = queue[k];
			if (!spare) break;
			await parseOnThisThread(spare);
			dispatch();
			await yieldToEvents();
		}
		return entry.parsed;
	};

	const commit = async () => {
		if (!trx) return;
		const done = group;
		group = [];
		try {
			await trx.commit().execute();
			result.transactions++;
		} catch (err) {
			// nothing of the group was stored: say so for each of its files
			await trx.rollback().execute().catch(() => {});
			const reason = (err instanceof Error ? err.message : String(err)).split('\n')[0];
			for (const g of done) {
				if (g.outcome.status === 'unchanged' || g.outcome.status === 'failed') continue;
				g.outcome = {
					status: 'failed',
					fileName: g.outcome.fileName,
					sha256: g.outcome.sha256,
					forms: [],
					error: `${g.outcome.fileName}: 导入失败：${reason}`
				};
			}
		} finally {
			trx = null;
			store = null;
		}
		for (const g of done) {
			result.counts[g.outcome.status]++;
			onOutcome?.(g.outcome, g.index);
		}
	};

	try {
		await refill();
		while (queue.length > 0) {
			const entry = queue[0];
			const settled = await nextParsed(entry);
			queue.shift();
			if (!trx) {
				trx = await db.startTransaction().execute();
				store = writer ? bulkStore(writer, trx) : kyselyStore(trx);
				openedAt = Date.now();
			}
			let fileParser = importOpts.parser;
			if (settled) fileParser = settled.ok ? async () => settled.forms : () => Promise.reject(settled.error);
			const outcome = await importFile(trx, entry.file, {
				...importOpts,
				settings,
				parser: fileParser,
				store: store ?? undefined,
				sha256: entry.sha256 ?? undefined
			});
			group.push({ outcome, index: entry.index });
			result.files++;
			await refill();
			if (group.length >= batchSize || Date.now() - openedAt >= maxBatchMs || queue.length === 0) await commit();
		}
	} catch (err) {
		const open = trx as ControlledTransaction<Database> | null;
		if (open) await open.rollback().execute().catch(() => {});
		throw err;
	}
	return result;
}
