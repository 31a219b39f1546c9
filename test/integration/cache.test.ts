import { sql, type Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/lib/server/db/schema';
import { MAX_ENTRIES, cached, dataVersion } from '../../src/lib/server/repositories/cache';
import { getComparison, getOverview, getUnitPage } from '../../src/lib/server/repositories/dashboard';
import { mergeUnits } from '../../src/lib/server/repositories/merges';
import { setSettings } from '../../src/lib/server/repositories/settings';
import { importSpec } from './build';
import { tempDb } from './helpers';

let db: Kysely<Database>;
let close: () => Promise<void>;
beforeEach(async () => {
	({ db, close } = await tempDb());
});
afterEach(async () => {
	await close();
});

describe('dashboard results per data version', () => {
	it('serves a result again until any change to the data, by any connection', async () => {
		await importSpec(db, { unit: '甲局', year: 2021, budget: 100, executed: 80 });
		const first = await getOverview(db, { kind: 'department' });
		expect(first.formsCount).toBe(1);
		expect(await getOverview(db, { kind: 'department' })).toBe(first);

		const v = await dataVersion(db);
		await importSpec(db, { unit: '乙局', year: 2021, budget: 100, executed: 95 });
		expect(await dataVersion(db)).toBeGreaterThan(v);
		expect((await getOverview(db, { kind: 'department' })).formsCount).toBe(2);

		// a write by hand (another process, a script) is seen too: the triggers live in the database
		await sql`update forms set rate = 0.5 where unit_name = '乙局'`.execute(db);
		expect((await getOverview(db, { kind: 'department' })).medianRate).toBe(0.65);

		// settings and merges count as changes
		const line = await getOverview(db, { kind: 'department' });
		await setSettings(db, { alertLine: 0.6 });
		expect((await getOverview(db, { kind: 'department' })).alertLine).toBe(0.6);
		expect(await getOverview(db, { kind: 'department' })).not.toBe(line);
		const units = await db.selectFrom('units').select('id').orderBy('id').execute();
		const before = await getComparison(db, { year: 2021, kind: 'department', metric: 'rate' });
		await mergeUnits(db, { from: units[1].id, into: units[0].id });
		const after = await getComparison(db, { year: 2021, kind: 'department', metric: 'rate' });
		expect(before.total).toBe(2);
		expect(after.total).toBe(1);
	});

	it('keeps nothing inside a transaction and forgets failures', async () => {
		let calls = 0;
		const compute = async () => ++calls;
		await db.transaction().execute(async (trx) => {
			await cached(trx, 'k', compute);
			await cached(trx, 'k', compute);
		});
		expect(calls).toBe(2);
		await expect(cached(db, 'bad', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
		expect(await cached(db, 'bad', async () => 'ok')).toBe('ok');
	});

	it('keeps unit pages apart, so that opening many units does not push out the dashboards', async () => {
		await importSpec(db, { unit: '甲局', year: 2021, budget: 100, executed: 80 });
		const [unit] = await db.selectFrom('units').select('id').execute();
		const overview = await getOverview(db, { kind: 'department' });
		const page = await getUnitPage(db, unit.id);
		expect(await getUnitPage(db, unit.id)).toBe(page);
		// more unit pages than the dashboards' pool holds: the overview is still served as it was
		for (let i = 0; i < MAX_ENTRIES + 5; i++) await getUnitPage(db, unit.id, { year: 1990 + i });
		expect(await getOverview(db, { kind: 'department' })).toBe(overview);
		// a unit account's page is its own entry: another unit's page does not exist for it
		expect(await getUnitPage(db, unit.id, {}, { role: 'unit', unitId: unit.id + 1 })).toBeUndefined();
		expect(await getUnitPage(db, unit.id, {}, { role: 'unit', unitId: unit.id })).toEqual(page);

		await importSpec(db, { unit: '甲局', year: 2022, budget: 100, executed: 90 });
		const after = (await getUnitPage(db, unit.id))!;
		expect(after).not.toBe(page);
		expect(after.years.map((y) => y.year)).toEqual([2021, 2022]);
	});
});
