/**
 * Removing the demo data (documents imported with origin 'demo') without touching anything else: their
 * forms, documents and import records, and the units only they had created (unless an account is bound to one).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { reconcileShadows } from './merges';
import { rebuildUnitNames } from './units';

type Db = Kysely<Database>;

export interface DeleteDemoResult {
	forms: number;
	documents: number;
	imports: number;
	units: number;
}

const CHUNK = 500;

function chunks<T>(items: T[]): T[][] {
	const out: T[][] = [];
	for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
	return out;
}

/**
 * Delete every demo form and document in one transaction. Where a demo form had replaced a form of
 * another origin (same unit, year, kind and project), that form's latest version becomes current again.
 */
export async function deleteDemoData(db: Db): Promise<DeleteDemoResult> {
	const run = async (trx: Db): Promise<DeleteDemoResult> => {
		const demo = await trx
			.selectFrom('forms')
			.select(['unit_id', 'canonical_unit_id'])
			.distinct()
			.where('origin', '=', 'demo')
			.execute();
		const touchedUnits = [...new Set(demo.map((d) => d.unit_id))];
		const touchedCanonical = [...new Set(demo.map((d) => d.canonical_unit_id))];

		const forms = await trx.deleteFrom('forms').where('origin', '=', 'demo').executeTakeFirst();

		// forms of other origins that a demo form had replaced: the newest version of each key is current again
		for (const ids of chunks(touchedUnits)) {
			const left = await trx
				.selectFrom('forms')
				.select(['id', 'unit_id', 'year', 'kind', 'project', 'version', 'is_current'])
				.where('unit_id', 'in', ids)
				.execute();
			const newest = new Map<string, { id: number; version: number; current: boolean }>();
			for (const f of left) {
				const key = JSON.stringify([f.unit_id, f.year, f.kind, f.project]);
				const seen = newest.get(key);
				const current = (seen?.current ?? false) || f.is_current === 1;
				if (!seen || f.version > seen.version) newest.set(key, { id: f.id, version: f.version, current });
				else seen.current = current;
			}
			for (const n of newest.values())
				if (!n.current)
					await trx.updateTable('forms').set({ is_current: 1, replaced_by: null }).where('id', '=', n.id).execute();
		}

		const demoDocs = trx.selectFrom('documents').select('id').where('origin', '=', 'demo');
		const imports = await trx.deleteFrom('imports').where('document_id', 'in', demoDocs).executeTakeFirst();
		const documents = await trx
			.deleteFrom('documents')
			.where('origin', '=', 'demo')
			.where((eb) => eb.not(eb.exists(eb.selectFrom('forms').select('forms.id').whereRef('forms.document_id', '=', 'documents.id'))))
			.executeTakeFirst();

		// units left with no form, no unit merged into them and no account bound to them (a unit account keeps
		// its unit, empty, rather than the deletion failing on it); a unit can free another, hence the loop
		let units = 0;
		let candidates = [...new Set([...touchedUnits, ...touchedCanonical])];
		for (;;) {
			let deleted = 0;
			for (const ids of chunks(candidates)) {
				const r = await trx
					.deleteFrom('units')
					.where('id', 'in', ids)
					.where((eb) =>
						eb.not(
							eb.or([
								eb.exists(eb.selectFrom('forms').select('forms.id').whereRef('forms.unit_id', '=', 'units.id')),
								eb.exists(
									eb.selectFrom('forms').select('forms.id').whereRef('forms.canonical_unit_id', '=', 'units.id')
								),
								eb.exists(eb.selectFrom('units as c').select('c.id').whereRef('c.merged_into', '=', 'units.id')),
								eb.exists(eb.selectFrom('users').select('users.id').whereRef('users.unit_id', '=', 'units.id'))
							])
						)
					)
					.executeTakeFirst();
				deleted += Number(r.numDeletedRows);
			}
			units += deleted;
			if (deleted === 0) break;
			const remaining = await Promise.all(
				chunks(candidates).map((ids) => trx.selectFrom('units').select('id').where('id', 'in', ids).execute())
			);
			candidates = remaining.flat().map((r) => r.id);
		}

		const survivors = async (ids: number[]) =>
			(
				await Promise.all(chunks(ids).map((c) => trx.selectFrom('units').select('id').where('id', 'in', c).execute()))
			)
				.flat()
				.map((r) => r.id);
		await rebuildUnitNames(trx, await survivors(touchedUnits));
		await reconcileShadows(trx, await survivors(touchedCanonical));

		return {
			forms: Number(forms.numDeletedRows),
			documents: Number(documents.numDeletedRows),
			imports: Number(imports.numDeletedRows),
			units
		};
	};
	return db.isTransaction ? run(db) : db.transaction().execute(run);
}
