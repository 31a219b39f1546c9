import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addUser, SYSTEM_ACTOR } from '../../src/lib/server/auth/accounts';
import { migrate } from '../../src/lib/server/db';
import { migrationProvider } from '../../src/lib/server/db/migrations';
import type { Database } from '../../src/lib/server/db/schema';
import { getUnitPage } from '../../src/lib/server/repositories/dashboard';
import { deleteDemoData } from '../../src/lib/server/repositories/demo-data';
import { getDocument } from '../../src/lib/server/repositories/documents';
import { listCurrentForms } from '../../src/lib/server/repositories/forms';
import { listMerges, mergeUnits, splitUnit } from '../../src/lib/server/repositories/merges';
import { findOrCreateUnit, listUnitNames, listUnits, unitNameKey } from '../../src/lib/server/repositories/units';
import { findUserByName } from '../../src/lib/server/repositories/users';
import { generateDataset } from '../../src/lib/demo';
import { importFile } from '../../src/lib/server/services/import';
import { importAll, importSpec } from './build';
import { tempDb, tempDir } from './helpers';

let db: Kysely<Database>;
let close: () => Promise<void>;
beforeEach(async () => {
	({ db, close } = await tempDb());
});
afterEach(async () => {
	await close();
});

/** What a merge may change: where each form counts and which are hidden. */
async function formState(): Promise<unknown[]> {
	return db
		.selectFrom('forms')
		.select(['id', 'unit_id', 'canonical_unit_id', 'is_current', 'shadowed_by', 'replaced_by'])
		.orderBy('id')
		.execute();
}

async function unitOf(formId: number): Promise<{ unit: number; canonical: number }> {
	const r = await db
		.selectFrom('forms')
		.select(['unit_id', 'canonical_unit_id'])
		.where('id', '=', formId)
		.executeTakeFirstOrThrow();
	return { unit: r.unit_id, canonical: r.canonical_unit_id };
}

describe('unitNameKey', () => {
	it('ignores the party prefix, spaces, and the width and shape of brackets', () => {
		const spellings = ['中共某县委组织部', '某县委组织部', ' 某县 委组织部 ', '中国共产党某县委组织部', '中共 某县委组织部'];
		expect(new Set(spellings.map(unitNameKey)).size).toBe(1);
		expect(unitNameKey('某局（本级）')).toBe(unitNameKey('某局 (本级)'));
		expect(unitNameKey('某局【本级】')).toBe(unitNameKey('某局［本级］'));
		// other prefixes are part of the name: a 政协 or 共青团 committee is not the party committee
		expect(unitNameKey('政协某县委员会')).not.toBe(unitNameKey('某县委员会'));
		expect(unitNameKey('共青团某县委员会')).not.toBe(unitNameKey('中共某县委员会'));
		// 中共 elsewhere than at the start stays
		expect(unitNameKey('某县中共党史研究室')).toBe('某县中共党史研究室');
		expect(unitNameKey('中共')).toBe('中共');
	});
});

describe('unit identity at import', () => {
	it('files every spelling of a unit under one unit and records each printed name with its years', async () => {
		const forms = await importAll(db, [
			{ unit: '中共某县委组织部', year: 2020, budget: 100, executed: 95 },
			{ unit: '某县委组织部 ', year: 2021, budget: 100, executed: 80 },
			{ unit: '中共某县委组织部', year: 2022, budget: 100, executed: 85 },
			{ unit: '某县财政局（本级）', year: 2021, budget: 50, executed: 50 },
			{ unit: '某县财政局 (本级)', year: 2022, budget: 50, executed: 40 }
		]);
		const units = await listUnits(db);
		expect(units.map((u) => [u.name, u.formCount])).toEqual([
			['中共某县委组织部', 3],
			['某县财政局（本级）', 2]
		]);
		const [org, fin] = units;
		expect(new Set(forms.slice(0, 3).map((f) => f.unit))).toEqual(new Set(['中共某县委组织部']));
		expect((await listUnitNames(db, [org.id])).map((n) => [n.name, n.firstYear, n.lastYear])).toEqual([
			['中共某县委组织部', 2020, 2022],
			['某县委组织部', 2021, 2021]
		]);
		expect((await listUnitNames(db, [fin.id])).map((n) => n.name)).toEqual(['某县财政局（本级）', '某县财政局 (本级)']);
		// the form keeps the name it printed
		const list = await listCurrentForms(db, { unitId: org.id, sort: 'year' });
		expect(list.rows.map((r) => r.unitPrinted)).toEqual(['中共某县委组织部', '某县委组织部', '中共某县委组织部']);
	});
});

describe('unit identity on the demo data set', () => {
	it('links every spelling the generator prints for a unit, and keeps different units apart', async () => {
		const idsOf = new Map<string, Set<number>>();
		let renamedSeen = 0;
		for (const doc of generateDataset({ units: 40, years: 3, seed: 11 })) {
			const outcome = await importFile(db, { fileName: doc.fileName, bytes: new TextEncoder().encode(doc.text) }, { origin: 'demo' });
			if (outcome.status === 'failed') continue;
			if (doc.truth.unit !== doc.truth.canonicalUnit) renamedSeen++;
			const form = await db
				.selectFrom('forms')
				.select('canonical_unit_id')
				.where('id', '=', outcome.forms[0].formId)
				.executeTakeFirstOrThrow();
			const ids = idsOf.get(doc.truth.canonicalUnit) ?? new Set<number>();
			ids.add(form.canonical_unit_id);
			idsOf.set(doc.truth.canonicalUnit, ids);
		}
		expect(renamedSeen).toBeGreaterThan(0);
		for (const [unit, ids] of idsOf) expect([unit, ids.size]).toEqual([unit, 1]);
		const all = [...idsOf.values()].map((s) => [...s][0]);
		expect(new Set(all).size).toBe(idsOf.size);

		expect((await deleteDemoData(db)).units).toBe(idsOf.size);
		expect(await db.selectFrom('forms').select('id').execute()).toEqual([]);
	});
});

describe('mergeUnits / splitUnit', () => {
	it('counts a merged unit’s forms for the target, routes its later forms there, and splits back exactly', async () => {
		const [edu2020, edu2021] = await importAll(db, [
			{ unit: '某县教育局', year: 2020, budget: 100, executed: 50 },
			{ unit: '某县教育局', year: 2021, budget: 100, executed: 70 }
		]);
		const renamed2021 = await importSpec(db, { unit: '某县教育和体育局', year: 2021, budget: 120, executed: 108 });
		const edu = (await unitOf(edu2020.formId)).unit;
		const renamed = (await unitOf(renamed2021.formId)).unit;
		const before = await formState();

		const result = await mergeUnits(db, { from: renamed, into: edu, by: '张三', now: '2026-12-01T00:00:00.000Z' });
		expect(result.merge).toMatchObject({
			fromUnitId: renamed,
			fromName: '某县教育和体育局',
			intoUnitId: edu,
			intoName: '某县教育局',
			mergedBy: '张三',
			undoneAt: null
		});
		expect(result.formsMoved).toBe(1);
		// two current 2021 department forms now count for one unit: the newer is live, the older is hidden
		expect(result.formsShadowed).toBe(1);
		expect(await unitOf(renamed2021.formId)).toEqual({ unit: renamed, canonical: edu });
		const hidden = await db.selectFrom('forms').select('shadowed_by').where('id', '=', edu2021.formId).executeTakeFirstOrThrow();
		expect(hidden.shadowed_by).toBe(renamed2021.formId);
		expect((await listUnits(db)).map((u) => u.name)).toEqual(['某县教育局']);

		const page = (await getUnitPage(db, edu))!;
		expect(page.years.map((y) => [y.year, y.department?.formId])).toEqual([
			[2020, edu2020.formId],
			[2021, renamed2021.formId]
		]);
		expect(page.notes).toHaveLength(1);
		expect(page.notes[0]).toMatchObject({ code: 'MERGED_DUPLICATE', formId: edu2021.formId, shownFormId: renamed2021.formId, year: 2021 });
		expect(page.notes[0].message).toContain('2021');
		expect(page.unit.mergedFrom.map((m) => m.fromUnitId)).toEqual([renamed]);
		expect(page.unit.names.map((n) => n.name).sort()).toEqual(['某县教育和体育局', '某县教育局'].sort());
		// asking for the merged unit gives the unit it counts for
		expect((await getUnitPage(db, renamed))!.unit).toMatchObject({ id: edu, requestedId: renamed });

		// a later form printed under the merged name counts for the target too
		const later = await importSpec(db, { unit: '某县教育和体育局', year: 2022, budget: 130, executed: 120 });
		expect(await unitOf(later.formId)).toEqual({ unit: renamed, canonical: edu });

		// undoing the merge restores everything it changed; the later form goes with its unit
		const split = await splitUnit(db, { unitId: renamed, by: '李四', now: '2026-12-02T00:00:00.000Z' });
		expect(split.merge).toMatchObject({ id: result.merge.id, undoneBy: '李四', undoneAt: '2026-12-02T00:00:00.000Z' });
		expect(split.formsMoved).toBe(2);
		const after = (await formState()).filter((f) => (f as { id: number }).id !== later.formId);
		expect(after).toEqual(before);
		expect(await unitOf(later.formId)).toEqual({ unit: renamed, canonical: renamed });
		expect((await getUnitPage(db, edu))!.notes).toEqual([]);
		expect((await listMerges(db, { unitIds: [edu] })).map((m) => m.undoneAt)).toEqual(['2026-12-02T00:00:00.000Z']);
	});

	it('follows chains: merging into a merged unit goes to the end, splitting the middle brings its own merges back', async () => {
		const [a, b, c] = await importAll(db, [
			{ unit: '甲局', year: 2020, budget: 10, executed: 9 },
			{ unit: '乙局', year: 2021, budget: 10, executed: 9 },
			{ unit: '丙局', year: 2022, budget: 10, executed: 9 }
		]);
		const [ua, ub, uc] = [(await unitOf(a.formId)).unit, (await unitOf(b.formId)).unit, (await unitOf(c.formId)).unit];
		await mergeUnits(db, { from: ub, into: uc });
		// into 乙局, which is merged into 丙局: the merge goes to 丙局
		const second = await mergeUnits(db, { from: ua, into: ub });
		expect(second.merge.intoUnitId).toBe(uc);
		expect((await unitOf(a.formId)).canonical).toBe(uc);
		// 甲局 now merged into 丙局 directly; chain through 乙局: merge 甲 was recorded into 丙
		await splitUnit(db, { unitId: ub });
		expect((await unitOf(b.formId)).canonical).toBe(ub);
		expect((await unitOf(a.formId)).canonical).toBe(uc);

		await expect(mergeUnits(db, { from: ua, into: ua })).rejects.toThrow(/自身/);
		await expect(mergeUnits(db, { from: ua, into: ub })).rejects.toThrow(/已并入/);
		await expect(mergeUnits(db, { from: uc, into: ua })).rejects.toThrow(/反向/);
		await expect(splitUnit(db, { unitId: ub })).rejects.toThrow(/没有并入/);
		await expect(mergeUnits(db, { from: 9999, into: ua })).rejects.toThrow(/找不到/);
	});

	it('splitting a unit brings back the units merged into it', async () => {
		const [a, b, c] = await importAll(db, [
			{ unit: '甲局', year: 2020, budget: 10, executed: 9 },
			{ unit: '乙局', year: 2021, budget: 10, executed: 9 },
			{ unit: '丙局', year: 2022, budget: 10, executed: 9 }
		]);
		const [ua, ub, uc] = [(await unitOf(a.formId)).unit, (await unitOf(b.formId)).unit, (await unitOf(c.formId)).unit];
		await mergeUnits(db, { from: ua, into: ub });
		await mergeUnits(db, { from: ub, into: uc });
		expect((await unitOf(a.formId)).canonical).toBe(uc);
		await splitUnit(db, { unitId: ub });
		expect((await unitOf(a.formId)).canonical).toBe(ub);
		expect((await unitOf(b.formId)).canonical).toBe(ub);
		expect((await unitOf(c.formId)).canonical).toBe(uc);
	});
});

describe('origin and deleteDemoData', () => {
	it('marks demo forms and deletes them with their documents, imports and units, restoring what they replaced', async () => {
		const real = await importSpec(db, { unit: '某县财政局', year: 2021, budget: 100, executed: 90, origin: 'cli' });
		const demo = await importAll(db, [
			{ unit: '演示县教育局', year: 2021, budget: 100, executed: 70, origin: 'demo' },
			{ unit: '演示县教育局', year: 2022, budget: 100, executed: 75, origin: 'demo' },
			// a demo form replacing a real one of the same unit, year and kind
			{ unit: '某县财政局', year: 2021, budget: 100, executed: 99, origin: 'demo' }
		]);
		const list = await listCurrentForms(db, { sort: 'year' });
		expect(list.rows.map((r) => [r.unit, r.year, r.origin, r.isDemo])).toEqual([
			['某县财政局', 2021, 'demo', true],
			['演示县教育局', 2021, 'demo', true],
			['演示县教育局', 2022, 'demo', true]
		]);
		const demoDoc = await db.selectFrom('forms').select('document_id').where('id', '=', demo[0].formId).executeTakeFirstOrThrow();
		expect((await getDocument(db, demoDoc.document_id))?.origin).toBe('demo');

		const result = await deleteDemoData(db);
		expect(result).toEqual({ forms: 3, documents: 3, imports: 3, units: 1 });
		const left = await listCurrentForms(db);
		expect(left.rows.map((r) => [r.id, r.isCurrent, r.origin])).toEqual([[real.formId, true, 'cli']]);
		expect((await listUnits(db)).map((u) => u.name)).toEqual(['某县财政局']);
		expect(await db.selectFrom('documents').select('origin').execute()).toEqual([{ origin: 'cli' }]);
		const unitId = left.rows[0].unitId;
		expect((await listUnitNames(db, [unitId])).map((n) => [n.name, n.firstYear, n.lastYear])).toEqual([['某县财政局', 2021, 2021]]);
		expect(await deleteDemoData(db)).toEqual({ forms: 0, documents: 0, imports: 0, units: 0 });
	});

	it('keeps a demo unit that an account is bound to (empty), instead of failing', async () => {
		await importAll(db, [
			{ unit: '演示县教育局', year: 2021, budget: 100, executed: 70, origin: 'demo' },
			{ unit: '演示县卫健委', year: 2021, budget: 100, executed: 80, origin: 'demo' }
		]);
		await addUser(db, { username: 'jiaoyu', role: 'unit', unit: '演示县教育局' }, SYSTEM_ACTOR);
		expect(await deleteDemoData(db)).toEqual({ forms: 2, documents: 2, imports: 2, units: 1 });
		expect((await listUnits(db)).map((u) => u.name)).toEqual(['演示县教育局']);
		expect((await listCurrentForms(db)).total).toBe(0);
		expect((await findUserByName(db, 'jiaoyu'))?.unitName).toBe('演示县教育局');
	});
});

describe('migration 002 on a database of 001', () => {
	it('recomputes name keys, merging units the new key makes one (undoably), and backfills the new columns', async () => {
		const dir = tempDir();
		const file = path.join(dir, 'old.sqlite');
		const old = new Kysely<Database>({ dialect: new SqliteDialect({ database: new SqliteDatabase(file) }) });
		try {
			const { error } = await new Migrator({ db: old, provider: migrationProvider }).migrateTo('2026-11-28_001_initial');
			expect(error).toBeUndefined();
			const now = '2025-01-01T00:00:00.000Z';
			// keys as 001 wrote them: 中共 kept
			for (const [id, name] of [
				[1, '中共某县委办公室'],
				[2, '某县委办公室'],
				[3, '某县财政局']
			] as const)
				await sql`insert into units (id, name, name_key, created_at) values (${id}, ${name}, ${name}, ${now})`.execute(old);
			await sql`insert into documents (id, sha256, file_name, format, size, bytes, created_at) values (1, 'x', 'a.txt', 'text', 0, x'', ${now})`.execute(old);
			const form = async (id: number, unit: number, year: number, money: string, budget: number, printed: string) => {
				await sql`insert into forms (id, unit_id, year, kind, project, version, is_current, document_id, money_unit, rate_formula,
					budget, executed, indicator_count, findings_count, errors_count, warnings_count, created_at)
					values (${id}, ${unit}, ${year}, 'department', '', 1, 1, 1, ${money}, 'B/A', ${budget}, ${budget}, 0, 0, 0, 0, ${now})`.execute(old);
				await sql`insert into form_data (form_id, data) values (${id}, ${JSON.stringify({ unit: printed })})`.execute(old);
			};
			await form(1, 1, 2020, '万元', 100, '中共某县委办公室');
			await form(2, 2, 2020, '元', 2_000_000, '某县委办公室');
			await form(3, 2, 2021, '万元', 300, '某县委办公室 ');
			await form(4, 3, 2021, '万元', 50, '某县财政局');

			await migrate(old as never);
			const units = await old.selectFrom('units').select(['id', 'name_key', 'merged_into']).orderBy('id').execute();
			expect(units).toEqual([
				{ id: 1, name_key: '某县委办公室', merged_into: null },
				{ id: 2, name_key: '#merged:2', merged_into: 1 },
				{ id: 3, name_key: '某县财政局', merged_into: null }
			]);
			const forms = await old
				.selectFrom('forms')
				.select(['id', 'canonical_unit_id', 'shadowed_by', 'origin', 'unit_name', 'budget_wan'])
				.orderBy('id')
				.execute();
			expect(forms).toEqual([
				// two current 2020 forms for the merged unit: the newer (higher id) stays live
				{ id: 1, canonical_unit_id: 1, shadowed_by: 2, origin: 'upload', unit_name: '中共某县委办公室', budget_wan: 100 },
				{ id: 2, canonical_unit_id: 1, shadowed_by: null, origin: 'upload', unit_name: '某县委办公室', budget_wan: 200 },
				{ id: 3, canonical_unit_id: 1, shadowed_by: null, origin: 'upload', unit_name: '某县委办公室', budget_wan: 300 },
				{ id: 4, canonical_unit_id: 3, shadowed_by: null, origin: 'upload', unit_name: '某县财政局', budget_wan: 50 }
			]);
			expect(await listUnitNames(old, [1, 2])).toEqual([
				{ name: '中共某县委办公室', firstYear: 2020, lastYear: 2020, unitId: 1 },
				{ name: '某县委办公室', firstYear: 2020, lastYear: 2021, unitId: 2 }
			]);
			// the new key finds the older unit for every spelling
			expect((await findOrCreateUnit(old, '中共 某县委办公室')).id).toBe(1);
			// and the automatic merge can be undone like a manual one
			await splitUnit(old, { unitId: 2 });
			expect(
				(await old.selectFrom('forms').select(['canonical_unit_id', 'shadowed_by']).orderBy('id').execute()).slice(0, 2)
			).toEqual([
				{ canonical_unit_id: 1, shadowed_by: null },
				{ canonical_unit_id: 2, shadowed_by: null }
			]);
		} finally {
			await old.destroy();
			fs.rmSync(dir, { recursive: true, force: true });
		}
	});
});
