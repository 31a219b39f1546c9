import type { Kysely } from 'kysely';
import type { Database, UnitRow } from '../db/schema';
import { containsText } from '../db/sql';

/**
 * The matching key of a unit name: forms spell one unit with full- or half-width brackets, stray spaces and
 * with or without the party prefix (`中共某县委组织部` / `某县委组织部 `, `某某局（本级）` / `某某局 (本级)`).
 * NFKC folds full-width forms to half-width; the other bracket shapes become square brackets; whitespace
 * (including the ideographic space) is dropped; a leading 中共 / 中国共产党 is dropped.
 *
 * Dropping 中共 is safe because it only ever prefixes party organs, and no state body is named like a party
 * organ without it: a 人大 or 政协 committee, a 共青团 or 妇联 committee all keep their own prefix, which the
 * key keeps. A name that is nothing but the prefix keeps it. Genuinely different spellings (简称, renamed
 * units) are linked by hand (mergeUnits), not by this key. Migration 002 holds a frozen copy of this rule.
 */
export function unitNameKey(name: string): string {
	const key = name
		.normalize('NFKC')
		.replace(/[〔【［]/g, '[')
		.replace(/[〕】］]/g, ']')
		.replace(/\s+/g, '');
	const stripped = key.replace(/^(?:中国共产党|中共)/, '');
	return stripped === '' ? key : stripped;
}

/** The unit with this name's key, created if new. The first spelling seen stays the unit's name. */
export async function findOrCreateUnit(
	db: Kysely<Database>,
	name: string,
	now = new Date().toISOString()
): Promise<UnitRow> {
	const display = name.trim();
	const key = unitNameKey(display);
	if (!key) throw new Error('单位名称为空');
	const existing = await db.selectFrom('units').selectAll().where('name_key', '=', key).executeTakeFirst();
	if (existing) return existing;
	return db
		.insertInto('units')
		.values({ name: display, name_key: key, created_at: now })
		.returningAll()
		.executeTakeFirstOrThrow();
}

export interface UnitSummary {
	id: number;
	name: string;
	/** current forms of this unit */
	formCount: number;
}

/**
 * Units by name, with how many current forms count for each; `search` matches part of the name. Units
 * merged into another are left out: their forms count for the unit they were merged into.
 */
export async function listUnits(
	db: Kysely<Database>,
	opts: { search?: string; limit?: number; offset?: number } = {}
): Promise<UnitSummary[]> {
	let q = db
		.selectFrom('units')
		.leftJoin('forms', (j) => j.onRef('forms.canonical_unit_id', '=', 'units.id').on('forms.is_current', '=', 1))
		.select((eb) => ['units.id', 'units.name', eb.fn.count<number>('forms.id').as('formCount')])
		.where('units.merged_into', 'is', null)
		.groupBy(['units.id', 'units.name'])
		.orderBy('units.name')
		.orderBy('units.id');
	const search = opts.search?.trim();
	if (search) q = q.where((eb) => containsText(eb.ref('units.name_key'), unitNameKey(search)));
	if (opts.limit !== undefined) q = q.limit(opts.limit).offset(opts.offset ?? 0);
	const rows = await q.execute();
	return rows.map((r) => ({ id: r.id, name: r.name, formCount: Number(r.formCount) }));
}

export async function getUnit(db: Kysely<Database>, id: number): Promise<UnitRow | undefined> {
	return db.selectFrom('units').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * The unit a unit's forms count for: itself, or the end of its merged_into chain. Chains are short (a merge
 * targets a unit that is not merged itself), the loop guards against a corrupt cycle all the same.
 */
export async function canonicalUnitId(db: Kysely<Database>, unitId: number): Promise<number> {
	let id = unitId;
	const seen = new Set<number>();
	for (;;) {
		seen.add(id);
		const row = await db.selectFrom('units').select('merged_into').where('id', '=', id).executeTakeFirst();
		if (!row || row.merged_into === null || seen.has(row.merged_into)) return id;
		id = row.merged_into;
	}
}

/** Remember that `unitId` was printed as `name` on a form of `year` (widening the years seen). */
export async function recordUnitName(db: Kysely<Database>, unitId: number, name: string, year: number): Promise<void> {
	const printed = name.trim();
	if (!printed) return;
	await db
		.insertInto('unit_names')
		.values({ unit_id: unitId, name: printed, first_year: year, last_year: year })
		.onConflict((oc) =>
			oc.columns(['unit_id', 'name']).doUpdateSet((eb) => ({
				first_year: eb.case().when('unit_names.first_year', '>', year).then(year).else(eb.ref('unit_names.first_year')).end(),
				last_year: eb.case().when('unit_names.last_year', '<', year).then(year).else(eb.ref('unit_names.last_year')).end()
			}))
		)
		.execute();
}

/** Rebuild the printed names of these units from their stored forms (after forms were deleted). */
export async function rebuildUnitNames(db: Kysely<Database>, unitIds: number[]): Promise<void> {
	for (let i = 0; i < unitIds.length; i += 500) {
		const ids = unitIds.slice(i, i + 500);
		await db.deleteFrom('unit_names').where('unit_id', 'in', ids).execute();
		await db
			.insertInto('unit_names')
			.columns(['unit_id', 'name', 'first_year', 'last_year'])
			.expression((eb) =>
				eb
					.selectFrom('forms')
					.select((s) => ['unit_id', 'unit_name', s.fn.min('year').as('first'), s.fn.max('year').as('last')])
					.where('unit_id', 'in', ids)
					.where('unit_name', 'is not', null)
					.where('unit_name', '<>', '')
					.groupBy(['unit_id', 'unit_name'])
			)
			.execute();
	}
}

export interface UnitAlias {
	name: string;
	firstYear: number;
	lastYear: number;
	/** the unit the name was filed under: the unit itself, or one merged into it */
	unitId: number;
}

/** Every printed name of these units (a canonical unit and those merged into it), earliest first. */
export async function listUnitNames(db: Kysely<Database>, unitIds: number[]): Promise<UnitAlias[]> {
	if (unitIds.length === 0) return [];
	return db
		.selectFrom('unit_names')
		.select(['name', 'first_year as firstYear', 'last_year as lastYear', 'unit_id as unitId'])
		.where('unit_id', 'in', unitIds)
		.orderBy('first_year')
		.orderBy('last_year')
		.orderBy('name')
		.execute();
}
