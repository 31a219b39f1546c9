/**
 * The changes the audit log must record, each with its entry written in the same transaction as the change
 * (settings: the stored values and the mark that the forms await re-evaluation; the pass itself follows in
 * the background, services/recompute.ts).
 * Pages call these instead of the bare repository functions.
 */
import type { Kysely } from 'kysely';
import type { Settings } from '../../domain/form';
import type { Database } from '../db/schema';
import { recordAudit, type Actor } from '../repositories/audit';
import { deleteDemoData, type DeleteDemoResult } from '../repositories/demo-data';
import { mergeUnits, splitUnit, type MergeResult } from '../repositories/merges';
import { getSettings, markRecomputePending, setSettings } from '../repositories/settings';
import { startRecompute, type RecomputeStatus } from '../services/recompute';

type Db = Kysely<Database>;

export async function mergeUnitsAudited(db: Db, opts: { from: number; into: number }, actor: Actor): Promise<MergeResult> {
	return db.transaction().execute(async (trx) => {
		const result = await mergeUnits(trx, { ...opts, by: actor.username });
		const m = result.merge;
		await recordAudit(trx, actor, {
			action: 'merge',
			target: `${m.fromName} → ${m.intoName}`,
			details: {
				mergeId: m.id,
				fromUnitId: m.fromUnitId,
				intoUnitId: m.intoUnitId,
				formsMoved: result.formsMoved,
				formsShadowed: result.formsShadowed
			}
		});
		return result;
	});
}

export async function splitUnitAudited(db: Db, opts: { unitId: number }, actor: Actor): ReturnType<typeof splitUnit> {
	return db.transaction().execute(async (trx) => {
		const result = await splitUnit(trx, { ...opts, by: actor.username });
		const m = result.merge;
		await recordAudit(trx, actor, {
			action: 'split',
			target: `${m.fromName} ← ${m.intoName}`,
			details: { mergeId: m.id, unitId: m.fromUnitId, fromUnitId: m.intoUnitId, formsMoved: result.formsMoved }
		});
		return result;
	});
}

/**
 * New settings with the old and new values in the log; every stored form is then re-evaluated under them in
 * the background (its status is returned: small databases are done within moments, a province's takes a
 * minute or so).
 */
export async function changeSettingsAudited(
	db: Db,
	patch: Partial<Settings>,
	actor: Actor
): Promise<{ settings: Settings; recompute: RecomputeStatus }> {
	const settings = await db.transaction().execute(async (trx) => {
		const before = await getSettings(trx);
		const after = await setSettings(trx, patch);
		await markRecomputePending(trx);
		await recordAudit(trx, actor, { action: 'settings', target: '设置', details: { before, after } });
		return after;
	});
	return { settings, recompute: startRecompute(db) };
}

export async function deleteDemoDataAudited(db: Db, actor: Actor): Promise<DeleteDemoResult> {
	return db.transaction().execute(async (trx) => {
		const result = await deleteDemoData(trx);
		await recordAudit(trx, actor, { action: 'delete', target: '演示数据', details: { ...result } });
		return result;
	});
}
