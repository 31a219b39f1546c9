/**
 * Re-evaluating the stored forms under new settings (rate formula, alert line).
 *
 * At a province's scale (10⁵ forms) a pass takes about a minute, so a settings change cannot wait for it inside
 * the request: the change is stored with a "pending" mark in one transaction, and the pass runs in the server's
 * background in small batches (a batch is one short transaction; between batches the event loop answers
 * requests). Its progress is visible to every page. A second change during a pass restarts it under the newest
 * settings; a pass cut short by a restart of the server is resumed at start-up (the mark is still there).
 * Re-evaluating a form twice is harmless: only forms whose evaluation changes are written.
 */
import type { Kysely } from 'kysely';
import { evaluate } from '../../domain';
import type { Finding, NormalizedForm, Settings } from '../../domain/form';
import type { Database } from '../db/schema';
import { countFormsForRecompute, formsForRecompute, updateEvaluation } from '../repositories/forms';
import { clearRecomputePending, getSettings, isRecomputePending, recomputePendingToken, setSettings } from '../repositories/settings';
import { toReadForm } from './parse';

type Db = Kysely<Database>;

export interface RecomputeResult {
	/** forms re-evaluated */
	forms: number;
	/** forms whose evaluation changed */
	changed: number;
}

export interface RecomputeOptions {
	/** defaults to the stored settings */
	settings?: Settings;
	/** forms per transaction (default 200: ~0.1 s of work, so that readers and requests are not held up) */
	batch?: number;
	/** after each batch, with the forms done so far */
	onProgress?: (done: number) => void;
	/** asked before each batch: true ends the pass early (its result then counts the forms done so far) */
	shouldStop?: () => boolean;
	/** give the event loop a turn between batches (the web server's pass; a CLI pass need not) */
	yieldBetweenBatches?: boolean;
	/**
	 * end a batch early once it has taken this long: a batch runs on the event loop, and a batch of forms that
	 * all change takes far longer than one where nothing does (up to 0.8 s for 200 forms at province scale)
	 */
	maxBatchMs?: number;
}

/**
 * Re-evaluate every stored form (all versions): the read parts of each form are kept, its computed values,
 * aggregates and findings replaced. Batched transactions, so the web server's readers are not locked out for
 * the whole pass; re-running it is harmless.
 */
export async function recomputeAll(db: Db, opts: RecomputeOptions = {}): Promise<RecomputeResult> {
	const settings = opts.settings ?? (await getSettings(db));
	const batch = opts.batch ?? 200;
	let afterId = 0;
	let forms = 0;
	let changed = 0;
	// forms read per batch: fewer while batches end early on time (no point reading 200 forms' JSON to
	// re-evaluate 12), back up to `batch` while they do not
	let size = batch;
	for (;;) {
		if (opts.shouldStop?.()) break;
		const started = performance.now();
		let done = 0;
		// the batch is read inside its transaction (which holds the write lock from its start): a form another
		// process deletes meanwhile is either not read or not yet deleted
		const rows = await db.transaction().execute(async (trx) => {
			const rows = await formsForRecompute(trx, afterId, size);
			for (const row of rows) {
				const stored = JSON.parse(row.data) as NormalizedForm;
				const notes = JSON.parse(row.readerNotes) as Finding[];
				const next = evaluate(toReadForm(stored, notes), settings);
				if (JSON.stringify(next) !== row.data) {
					await updateEvaluation(trx, row.id, next);
					changed++;
				}
				done++;
				if (opts.maxBatchMs !== undefined && performance.now() - started > opts.maxBatchMs) break;
			}
			return rows;
		});
		if (rows.length === 0) break;
		forms += done;
		afterId = rows[done - 1].id;
		size = done < rows.length ? Math.max(10, 2 * done) : Math.min(batch, 2 * size);
		opts.onProgress?.(forms);
		if (opts.yieldBetweenBatches) await new Promise((resolve) => setImmediate(resolve));
	}
	return { forms, changed };
}

/** Store new settings and re-evaluate the stored forms under them, waiting for the pass (CLI, tests). */
export async function changeSettings(db: Db, patch: Partial<Settings>): Promise<{ settings: Settings } & RecomputeResult> {
	const settings = await setSettings(db, patch);
	return { settings, ...(await recomputeAll(db, { settings })) };
}

// ───────────────────────────────────────────── the web server's background pass

export interface RecomputeStatus {
	running: boolean;
	/** forms re-evaluated so far in the current (or last) pass, and how many there are */
	done: number;
	total: number;
	changed: number;
	startedAt: string | null;
	finishedAt: string | null;
	/** the last pass's failure, in one line */
	error: string | null;
}

interface Job {
	status: RecomputeStatus;
	/** set when settings change during a pass: the pass ends and another starts under the new settings */
	restart: boolean;
	running: Promise<void> | null;
}

const jobs = new WeakMap<object, Job>();

function jobOf(db: Db): Job {
	let job = jobs.get(db);
	if (!job) {
		job = {
			status: { running: false, done: 0, total: 0, changed: 0, startedAt: null, finishedAt: null, error: null },
			restart: false,
			running: null
		};
		jobs.set(db, job);
	}
	return job;
}

/** Where the background pass is (a copy: callers may keep it). */
export function recomputeStatus(db: Db): RecomputeStatus {
	return { ...jobOf(db).status };
}

/**
 * Start the background pass under the stored settings, or, when one is running, have it start over under them
 * (it reads the settings again). The pending mark is cleared only by a pass that ran to its end with no newer
 * change behind it.
 */
export function startRecompute(db: Db, opts: { batch?: number } = {}): RecomputeStatus {
	const job = jobOf(db);
	if (job.running) {
		job.restart = true;
		return recomputeStatus(db);
	}
	job.status = {
		running: true,
		done: 0,
		total: 0,
		changed: 0,
		startedAt: new Date().toISOString(),
		finishedAt: null,
		error: null
	};
	job.running = (async () => {
		try {
			for (;;) {
				job.restart = false;
				// the change this pass applies: its mark is the one cleared at the end, not a newer one
				const token = await recomputePendingToken(db);
				const settings = await getSettings(db);
				job.status.total = await countFormsForRecompute(db);
				job.status.done = 0;
				job.status.changed = 0;
				const result = await recomputeAll(db, {
					settings,
					batch: opts.batch,
					yieldBetweenBatches: true,
					// requests wait for at most one batch
					maxBatchMs: 50,
					shouldStop: () => job.restart,
					onProgress: (done) => {
						job.status.done = done;
					}
				});
				job.status.changed = result.changed;
				if (job.restart) continue;
				if (token !== null) await clearRecomputePending(db, token);
				// a change stored while the mark was being cleared: its own mark stays, and this pass goes again
				if (job.restart) continue;
				break;
			}
		} catch (err) {
			job.status.error = (err instanceof Error ? err.message : String(err)).split('\n')[0];
			console.error('[settings] 重新计算失败：', err);
		} finally {
			job.status.running = false;
			job.status.finishedAt = new Date().toISOString();
			job.running = null;
		}
	})();
	return recomputeStatus(db);
}

/** Wait up to `ms` for the background pass to end; true if it has (small databases: the answer can say so). */
export async function waitForRecompute(db: Db, ms: number): Promise<boolean> {
	const running = jobOf(db).running;
	if (!running) return true;
	let timer: ReturnType<typeof setTimeout> | undefined;
	const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
	try {
		return await Promise.race([running.then(() => !jobOf(db).running), timeout]);
	} finally {
		clearTimeout(timer);
	}
}

/** At start-up: a pass that a restart cut short (or a change stored by another process) is run again. */
export async function resumePendingRecompute(db: Db): Promise<boolean> {
	if (!(await isRecomputePending(db))) return false;
	startRecompute(db);
	return true;
}
