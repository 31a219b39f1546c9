import type { Kysely } from 'kysely';
import type { Database, UnitRow } from '../db/schema';
import { containsText } from '../db/sql';

/**
 * The matching key of a unit name: forms spell one unit with full- or half-width brackets and stray spaces
 * (`某某局（本级）` vs `某某局 (本级)`). NFKC folds full-width forms to
 * half-width; whitespace (including the ideographic space) is dropped. Merging genuinely different spellings
 * (简称, renamed units) is the dashboard's job, not this key's.
 */
export function unitNameKey(name: string): string {
	return name
		.normalize('NFKC')
		.replace(/[〔【［]/g, '[')
		.replace(/[〕】］]/g, ']')
		.replace(/\s+/g, '');
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

/** Units by name, with how many current forms each has; `search` matches part of the name. */
export async function listUnits(
	db: Kysely<Database>,
	opts: { search?: string; limit?: number; offset?: number } = {}
): Promise<UnitSummary[]> {
	let q = db
		.selectFrom('units')
		.leftJoin('forms', (j) => j.onRef('forms.unit_id', '=', 'units.id').on('forms.is_current', '=', 1))
		.select((eb) => ['units.id', 'units.name', eb.fn.count<number>('forms.id').as('formCount')])
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
