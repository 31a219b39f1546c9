import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/lib/domain/form';
import { closeDb, getDb, openDatabase, resolveDatabasePath } from '../../src/lib/server/db';
import { migrations } from '../../src/lib/server/db/migrations';
import { getSettings, setSettings } from '../../src/lib/server/repositories/settings';
import { findOrCreateUnit, listUnits, unitNameKey } from '../../src/lib/server/repositories/units';
import { rowCounts, tempDb, tempDir } from './helpers';

describe('openDatabase', () => {
	const cleanups: (() => Promise<void> | void)[] = [];
	afterEach(async () => {
		while (cleanups.length) await cleanups.pop()!();
	});

	it('creates the folder and applies every migration to an empty database', async () => {
		const dir = tempDir();
		cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
		const file = path.join(dir, 'nested', 'deeper', 'x.sqlite');
		const db = await openDatabase(file);
		cleanups.push(() => db.destroy());
		expect(fs.existsSync(file)).toBe(true);

		const tables = (await db.introspection.getTables()).map((t) => t.name).sort();
		expect(tables).toEqual(
			[
				'audit_log',
				'data_version',
				'documents',
				'findings',
				'form_data',
				'forms',
				'fund_rows',
				'imports',
				'indicators',
				'login_attempts',
				'sessions',
				'settings',
				'unit_merges',
				'unit_names',
				'units',
				'users'
			].sort()
		);
		const applied = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
		expect(applied.rows.map((r) => r.name)).toEqual(Object.keys(migrations).sort());
		expect(Object.values(await rowCounts(db)).every((n) => n === 0)).toBe(true);

		const indexes = await sql<{ name: string }>`select name from sqlite_master where type = 'index'`.execute(db);
		const names = indexes.rows.map((r) => r.name);
		for (const expected of ['forms_current_key', 'forms_current_year_kind', 'findings_code', 'forms_live_year', 'forms_live_unit', 'forms_dead', 'findings_slice'])
			expect(names).toContain(expected);
	});

	it('sets the pragmas', async () => {
		const { db, close } = await tempDb();
		cleanups.push(close);
		const pragma = async (name: string) =>
			Object.values((await sql.raw(`pragma ${name}`).execute(db)).rows[0] as object)[0];
		expect(await pragma('journal_mode')).toBe('wal');
		expect(await pragma('foreign_keys')).toBe(1);
		expect(await pragma('busy_timeout')).toBe(5000);
		expect(await pragma('synchronous')).toBe(1); // NORMAL
	});

	it('reopens an existing database without re-running migrations', async () => {
		const { db, file, close } = await tempDb();
		cleanups.push(close);
		await findOrCreateUnit(db, '某局');
		const again = await openDatabase(file);
		cleanups.push(() => again.destroy());
		expect((await listUnits(again)).map((u) => u.name)).toEqual(['某局']);
	});

	it('refuses a second current version of a form key (partial unique index)', async () => {
		const { db, close } = await tempDb();
		cleanups.push(close);
		const unit = await findOrCreateUnit(db, '某局');
		const doc = await db
			.insertInto('documents')
			.values({ sha256: 'x', file_name: 'a.txt', format: 'text', size: 0, bytes: Buffer.alloc(0), created_at: '' })
			.returning('id')
			.executeTakeFirstOrThrow();
		const row = (version: number) => ({
			unit_id: unit.id,
			canonical_unit_id: unit.id,
			year: 2020,
			kind: 'department' as const,
			project: '',
			version,
			is_current: 1,
			document_id: doc.id,
			rate_formula: 'B/A',
			indicator_count: 0,
			findings_count: 0,
			errors_count: 0,
			warnings_count: 0,
			created_at: ''
		});
		await db.insertInto('forms').values(row(1)).execute();
		await expect(db.insertInto('forms').values(row(2)).execute()).rejects.toThrow(/UNIQUE/);
		await db.updateTable('forms').set({ is_current: 0 }).execute();
		await db.insertInto('forms').values(row(2)).execute();
	});
});

describe('resolveDatabasePath', () => {
	const saved = process.env.DATABASE_URL;
	afterEach(() => {
		if (saved === undefined) delete process.env.DATABASE_URL;
		else process.env.DATABASE_URL = saved;
	});

	it('prefers the argument, then DATABASE_URL (file: stripped), then db/jixiao.sqlite', () => {
		process.env.DATABASE_URL = 'file:/tmp/from-env.sqlite';
		expect(resolveDatabasePath('/tmp/arg.sqlite')).toBe('/tmp/arg.sqlite');
		expect(resolveDatabasePath()).toBe('/tmp/from-env.sqlite');
		process.env.DATABASE_URL = 'relative/env.sqlite';
		expect(resolveDatabasePath()).toBe(path.resolve('relative/env.sqlite'));
		delete process.env.DATABASE_URL;
		expect(resolveDatabasePath()).toBe(path.resolve('db/jixiao.sqlite'));
	});

	it('getDb opens one shared connection from DATABASE_URL', async () => {
		const dir = tempDir();
		process.env.DATABASE_URL = `file:${path.join(dir, 'shared.sqlite')}`;
		try {
			const [a, b] = await Promise.all([getDb(), getDb()]);
			expect(a).toBe(b);
			expect(fs.existsSync(path.join(dir, 'shared.sqlite'))).toBe(true);
		} finally {
			await closeDb();
			fs.rmSync(dir, { recursive: true, force: true });
		}
	});
});

describe('units and settings', () => {
	it('matches unit names across spaces and full/half-width brackets', async () => {
		const { db, close } = await tempDb();
		try {
			const a = await findOrCreateUnit(db, '某县财政局（本级）');
			const b = await findOrCreateUnit(db, ' 某县财政局 (本级) ');
			const c = await findOrCreateUnit(db, '某县财政局');
			expect(b.id).toBe(a.id);
			expect(b.name).toBe('某县财政局（本级）');
			expect(c.id).not.toBe(a.id);
			expect(unitNameKey('某 局（一）')).toBe('某局(一)');
			expect((await listUnits(db, { search: '(本级' })).map((u) => u.id)).toEqual([a.id]);
			expect(await listUnits(db, { search: '%' })).toEqual([]);
		} finally {
			await close();
		}
	});

	it('reads defaults, stores valid settings and rejects invalid ones', async () => {
		const { db, close } = await tempDb();
		try {
			expect(await getSettings(db)).toEqual(DEFAULT_SETTINGS);
			expect(await setSettings(db, { alertLine: 0.85 })).toEqual({ ...DEFAULT_SETTINGS, alertLine: 0.85 });
			await setSettings(db, { defaultRateFormula: '(B-C)/A' });
			expect(await getSettings(db)).toEqual({ defaultRateFormula: '(B-C)/A', alertLine: 0.85 });
			await expect(setSettings(db, { alertLine: 90 })).rejects.toThrow(/预警线/);
			await expect(setSettings(db, { defaultRateFormula: 'X' as never })).rejects.toThrow(/公式/);
			expect(await getSettings(db)).toEqual({ defaultRateFormula: '(B-C)/A', alertLine: 0.85 });
		} finally {
			await close();
		}
	});
});
