/**
 * Merging units by hand (one unit printed under two names the key does not link: 简称, a renamed bureau)
 * and undoing it.
 *
 * Design: a form stays filed under the unit its printed name gives (`forms.unit_id`, which also keys its
 * versions), and `forms.canonical_unit_id` says which unit it counts for. A merge sets
 * `units.merged_into` on the merged unit and rewrites `canonical_unit_id` of every form counting for it; a
 * split rewrites them back for the unit and whatever had been merged into it. Nothing else moves, so a split
 * restores exactly the state before the merge, and every dashboard query reads one column, with no chain
 * to follow and no per-query deduplication.
 *
 * A merge can bring two current forms of one (unit, year, kind, project) together, one under each name.
 * The newer (higher id: imported later) stays live; the older gets `shadowed_by` = the newer's id, which
 * dashboards exclude and the unit page reports. reconcileShadows recomputes that after every change.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { canonicalUnitId } from './units';

type Db = Kysely<Database>;

function inTransaction<T>(db: Db, fn: (trx: Db) => Promise<T>): Promise<T> {
	return db.isTransaction ? fn(db) : db.transaction().execute(fn);
}

/**
 * Recompute which current forms of these canonical units are hidden by a newer one of the same key.
 * Two statements per 500 units, each an index lookup per form: cheap enough to run after every import.
 */
export async function reconcileShadows(db: Db, canonicalIds: number[]): Promise<void> {
	const ids = [...new Set(canonicalIds)];
	for (let i = 0; i < ids.length; i += 500) {
		const chunk = ids.slice(i, i + 500);
		await db
			.updateTable('forms')
			.set({ shadowed_by: null })
			.where('canonical_unit_id', 'in', chunk)
			.where('shadowed_by', 'is not', null)
			.execute();
		// the same subquery twice: UPDATE … FROM with an aggregate is not written alike on SQLite and PostgreSQL
		await db
			.updateTable('forms')
			.set((eb) => ({
				shadowed_by: eb
					.selectFrom('forms as o')
					.select((s) => s.fn.max('o.id').as('newest'))
					.whereRef('o.canonical_unit_id', '=', 'forms.canonical_unit_id')
					.whereRef('o.year', '=', 'forms.year')
					.whereRef('o.kind', '=', 'forms.kind')
					.whereRef('o.project', '=', 'forms.project')
					.where('o.is_current', '=', 1)
			}))
			.where('canonical_unit_id', 'in', chunk)
			.where('is_current', '=', 1)
			.where((eb) =>
				eb(
					'id',
					'<',
					eb
						.selectFrom('forms as o')
						.select((s) => s.fn.max('o.id').as('newest'))
						.whereRef('o.canonical_unit_id', '=', 'forms.canonical_unit_id')
						.whereRef('o.year', '=', 'forms.year')
						.whereRef('o.kind', '=', 'forms.kind')
						.whereRef('o.project', '=', 'forms.project')
						.where('o.is_current', '=', 1)
				)
			)
			.execute();
	}
}

/** The units merged into this one, directly or through another merged unit (not the unit itself). */
export async function unitsMergedInto(db: Db, unitId: number): Promise<number[]> {
	const found: number[] = [];
	const seen = new Set([unitId]);
	let frontier = [unitId];
	while (frontier.length > 0) {
		const rows = await db.selectFrom('units').select('id').where('merged_into', 'in', frontier).execute();
		frontier = rows.map((r) => r.id).filter((id) => !seen.has(id));
		for (const id of frontier) {
			seen.add(id);
			found.push(id);
		}
	}
	return found;
}

export interface MergeRecord {
	id: number;
	fromUnitId: number;
	fromName: string;
	intoUnitId: number;
	intoName: string;
	mergedBy: string | null;
	mergedAt: string;
	undoneBy: string | null;
	undoneAt: string | null;
}

export interface MergeResult {
	merge: MergeRecord;
	/** forms that now count for the target unit */
	formsMoved: number;
	/** current forms hidden because the target has a newer current form of the same year, kind and project */
	formsShadowed: number;
}

async function unitName(db: Db, id: number): Promise<{ id: number; name: string; merged_into: number | null }> {
	const row = await db.selectFrom('units').select(['id', 'name', 'merged_into']).where('id', '=', id).executeTakeFirst();
	if (!row) throw new Error(`找不到单位（编号 ${id}）`);
	return row;
}

async function getMerge(db: Db, id: number): Promise<MergeRecord> {
	const [row] = await listMerges(db, { id });
	if (!row) throw new Error(`找不到合并记录（编号 ${id}）`);
	return row;
}

/**
 * Merge unit `from` into unit `into`: from's forms (and those of units merged into it) count for `into`
 * from now on, and so do forms imported later under from's names. If `into` was itself merged, the merge
 * goes to the unit it counts for. Refused when from is already merged, or when it would make a cycle.
 */
export async function mergeUnits(
	db: Db,
	opts: { from: number; into: number; by?: string | null; now?: string }
): Promise<MergeResult> {
	return inTransaction(db, async (trx) => {
		const from = await unitName(trx, opts.from);
		const target = await unitName(trx, opts.into);
		if (from.id === target.id) throw new Error(`不能把「${from.name}」并入自身`);
		if (from.merged_into !== null) {
			const other = await unitName(trx, from.merged_into);
			throw new Error(`「${from.name}」已并入「${other.name}」，请先撤销那次合并`);
		}
		const intoId = await canonicalUnitId(trx, target.id);
		if (intoId === from.id) throw new Error(`「${target.name}」已并入「${from.name}」，不能反向合并`);
		const now = opts.now ?? new Date().toISOString();

		await trx.updateTable('units').set({ merged_into: intoId }).where('id', '=', from.id).execute();
		const moved = await trx
			.updateTable('forms')
			.set({ canonical_unit_id: intoId })
			.where('canonical_unit_id', '=', from.id)
			.executeTakeFirst();
		const { id } = await trx
			.insertInto('unit_merges')
			.values({ from_unit_id: from.id, into_unit_id: intoId, merged_by: opts.by ?? null, merged_at: now })
			.returning('id')
			.executeTakeFirstOrThrow();
		await reconcileShadows(trx, [intoId]);
		const { n } = await trx
			.selectFrom('forms')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.where('canonical_unit_id', '=', intoId)
			.where('is_current', '=', 1)
			.where('shadowed_by', 'is not', null)
			.executeTakeFirstOrThrow();
		return { merge: await getMerge(trx, id), formsMoved: Number(moved.numUpdatedRows), formsShadowed: Number(n) };
	});
}

/**
 * Undo the merge of `unitId` into another unit: its forms, and those of units merged into it, count for it
 * again; forms hidden by the merge come back. The merge record is kept, marked undone.
 */
export async function splitUnit(
	db: Db,
	opts: { unitId: number; by?: string | null; now?: string }
): Promise<{ merge: MergeRecord; formsMoved: number }> {
	return inTransaction(db, async (trx) => {
		const unit = await unitName(trx, opts.unitId);
		if (unit.merged_into === null) throw new Error(`「${unit.name}」没有并入其他单位，无需拆分`);
		const formerCanonical = await canonicalUnitId(trx, unit.id);
		const record = await trx
			.selectFrom('unit_merges')
			.select('id')
			.where('from_unit_id', '=', unit.id)
			.where('undone_at', 'is', null)
			.orderBy('id', 'desc')
			.executeTakeFirst();
		const now = opts.now ?? new Date().toISOString();

		const family = [unit.id, ...(await unitsMergedInto(trx, unit.id))];
		await trx.updateTable('units').set({ merged_into: null }).where('id', '=', unit.id).execute();
		let moved = 0;
		for (let i = 0; i < family.length; i += 500) {
			const r = await trx
				.updateTable('forms')
				.set({ canonical_unit_id: unit.id })
				.where('unit_id', 'in', family.slice(i, i + 500))
				.executeTakeFirst();
			moved += Number(r.numUpdatedRows);
		}
		let mergeId = record?.id;
		if (mergeId === undefined) {
			// merged_into without a record (written by hand): record the merge now so that the split has a history
			const row = await trx
				.insertInto('unit_merges')
				.values({ from_unit_id: unit.id, into_unit_id: unit.merged_into, merged_by: null, merged_at: now })
				.returning('id')
				.executeTakeFirstOrThrow();
			mergeId = row.id;
		}
		await trx
			.updateTable('unit_merges')
			.set({ undone_at: now, undone_by: opts.by ?? null })
			.where('id', '=', mergeId)
			.execute();
		await reconcileShadows(trx, [unit.id, formerCanonical]);
		return { merge: await getMerge(trx, mergeId), formsMoved: moved };
	});
}

/** Merge records, newest first: by id, those involving a unit (either side), or all. */
export async function listMerges(
	db: Db,
	opts: { id?: number; unitIds?: number[]; activeOnly?: boolean; limit?: number } = {}
): Promise<MergeRecord[]> {
	let q = db
		.selectFrom('unit_merges as m')
		.innerJoin('units as f', 'f.id', 'm.from_unit_id')
		.innerJoin('units as t', 't.id', 'm.into_unit_id')
		.select([
			'm.id',
			'm.from_unit_id as fromUnitId',
			'f.name as fromName',
			'm.into_unit_id as intoUnitId',
			't.name as intoName',
			'm.merged_by as mergedBy',
			'm.merged_at as mergedAt',
			'm.undone_by as undoneBy',
			'm.undone_at as undoneAt'
		]);
	if (opts.id !== undefined) q = q.where('m.id', '=', opts.id);
	const unitIds = opts.unitIds;
	if (unitIds) {
		if (unitIds.length === 0) return [];
		q = q.where((eb) => eb.or([eb('m.from_unit_id', 'in', unitIds), eb('m.into_unit_id', 'in', unitIds)]));
	}
	if (opts.activeOnly) q = q.where('m.undone_at', 'is', null);
	return q
		.orderBy('m.id', 'desc')
		.limit(opts.limit ?? 1000)
		.execute();
}
