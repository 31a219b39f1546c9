/**
 * The re-evaluation of every stored form after a settings change, as the web server runs it: in the
 * background, with progress, restarted by a newer change, resumed after a restart of the server.
 */
import type { Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/lib/domain/form';
import { changeSettingsAudited } from '../../src/lib/server/auth/audited';
import type { Database } from '../../src/lib/server/db/schema';
import { getForm } from '../../src/lib/server/repositories/forms';
import { isRecomputePending, markRecomputePending, setSettings } from '../../src/lib/server/repositories/settings';
import {
	recomputeAll,
	recomputeStatus,
	resumePendingRecompute,
	startRecompute,
	waitForRecompute
} from '../../src/lib/server/services/recompute';
import { importAll } from './build';
import { tempDb } from './helpers';

let db: Kysely<Database>;
let close: () => Promise<void>;
let ids: number[];

beforeEach(async () => {
	({ db, close } = await tempDb());
	// rates 80%, 81% … 99%: each alert line puts a known number of forms below it
	const forms = await importAll(
		db,
		Array.from({ length: 20 }, (_, i) => ({ unit: `单位${i}`, year: 2022, budget: 100, executed: 80 + i }))
	);
	ids = forms.map((f) => f.formId);
});
afterEach(async () => {
	await waitForRecompute(db, 10_000);
	await close();
});

/** Forms whose stored findings say their rate is below the alert line. */
async function belowAlert(): Promise<number> {
	let n = 0;
	for (const id of ids) if ((await getForm(db, id))!.form.findings.some((f) => f.code === 'RATE_BELOW_ALERT')) n++;
	return n;
}

async function until(cond: () => boolean): Promise<void> {
	for (let i = 0; i < 10_000 && !cond(); i++) await new Promise((r) => setImmediate(r));
	expect(cond()).toBe(true);
}

describe('the background re-evaluation', () => {
	it('runs after a settings change, reports its progress and clears the pending mark', async () => {
		expect(await belowAlert()).toBe(10); // the default line, 90%
		const { settings, recompute } = await changeSettingsAudited(db, { alertLine: 0.85 }, { userId: 1, username: 'boss' });
		expect(settings.alertLine).toBe(0.85);
		expect(recompute.running).toBe(true);
		expect(await isRecomputePending(db)).toBe(true);
		expect(await waitForRecompute(db, 10_000)).toBe(true);
		const status = recomputeStatus(db);
		// 85–89% lose their finding; 80–84% keep it, its message now naming the 85% line: 10 changed
		expect(status).toMatchObject({ running: false, done: 20, total: 20, changed: 10, error: null });
		expect(status.finishedAt).not.toBeNull();
		expect(await belowAlert()).toBe(5);
		expect(await isRecomputePending(db)).toBe(false);
	});

	it('starts over under the newest settings when they change during a pass', async () => {
		await setSettings(db, { alertLine: 0.95 });
		await markRecomputePending(db);
		startRecompute(db, { batch: 2 });
		// part of the way through under 95% …
		await until(() => recomputeStatus(db).done >= 4);
		expect(recomputeStatus(db).done).toBeLessThan(20);
		// … then 82%: the pass restarts, and every form ends under 82%
		await setSettings(db, { alertLine: 0.82 });
		expect(startRecompute(db, { batch: 2 }).running).toBe(true);
		expect(await waitForRecompute(db, 10_000)).toBe(true);
		expect(recomputeStatus(db)).toMatchObject({ running: false, done: 20, total: 20 });
		expect(await belowAlert()).toBe(2);
		expect(await isRecomputePending(db)).toBe(false);
	});

	it('leaves the mark of a newer change stored during the pass (by another process) for that change', async () => {
		await setSettings(db, { alertLine: 0.95 });
		await markRecomputePending(db);
		startRecompute(db, { batch: 2 });
		await until(() => recomputeStatus(db).done >= 4);
		// another process stores a newer change: this server's pass is not told, but must not clear its mark
		await setSettings(db, { alertLine: 0.83 });
		await markRecomputePending(db);
		expect(await waitForRecompute(db, 10_000)).toBe(true);
		expect(await isRecomputePending(db)).toBe(true);
		expect(await resumePendingRecompute(db)).toBe(true);
		expect(await waitForRecompute(db, 10_000)).toBe(true);
		expect(await belowAlert()).toBe(3);
		expect(await isRecomputePending(db)).toBe(false);
	});

	it('resumes at start-up a pass that a restart cut short, and only then', async () => {
		expect(await resumePendingRecompute(db)).toBe(false);
		// as if the server stopped right after storing the change
		await setSettings(db, { alertLine: 0.97 });
		await markRecomputePending(db);
		expect(await resumePendingRecompute(db)).toBe(true);
		expect(await waitForRecompute(db, 10_000)).toBe(true);
		expect(await belowAlert()).toBe(17);
		expect(await resumePendingRecompute(db)).toBe(false);
	});

	it('ends a batch early when it runs out of time, and still goes through every form', async () => {
		const progress: number[] = [];
		const result = await recomputeAll(db, {
			settings: { ...DEFAULT_SETTINGS, alertLine: 0.86 },
			batch: 20,
			maxBatchMs: 0,
			onProgress: (done) => progress.push(done)
		});
		// no time at all: one form per batch
		expect(progress).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
		expect(result.forms).toBe(20);
		expect(await belowAlert()).toBe(6);
	});

	it('keeps serving reads between batches', async () => {
		await setSettings(db, { alertLine: 0.88 });
		startRecompute(db, { batch: 1 });
		// a read issued while the pass runs is answered before the pass ends
		const read = getForm(db, ids[0]).then(() => recomputeStatus(db).running);
		expect(await read).toBe(true);
		expect(await waitForRecompute(db, 10_000)).toBe(true);
		expect(await belowAlert()).toBe(8);
	});
});
