/**
 * The bulk import (importFiles) stores what importFile stores, file by file; a failing file is rolled back
 * alone; the parse pool parses like parseForImport; parseForImport's reader notes are readerNotesOf's.
 */
import fs from 'node:fs';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type NormalizedForm } from '../../src/lib/domain/form';
import { parseDocument } from '../../src/lib/import';
import type { Database } from '../../src/lib/server/db/schema';
import { listImports } from '../../src/lib/server/repositories/imports';
import { mergeUnits } from '../../src/lib/server/repositories/merges';
import { importFile, type ImportOutcome } from '../../src/lib/server/services/import';
import { importFiles } from '../../src/lib/server/services/import-batch';
import { parseForImport, readerNotesOf } from '../../src/lib/server/services/parse';
import { createParsePool, type ParsePool } from '../../src/lib/server/services/parse-pool';
import { FIXTURES, rowCounts, SEED_TXT, tempDb } from './helpers';

const read = (p: string) => new Uint8Array(fs.readFileSync(p));
const REAL = path.join(FIXTURES, 'real');

/** The seed's four renditions, the real forms, a broken file and the seed again under another name. */
function files(): { fileName: string; bytes: Uint8Array }[] {
	const out = ['wangcheng-2020.txt', 'wangcheng-2020.gbk.txt', 'wangcheng-2020.xlsx', 'wangcheng-2020.pdf'].map((f) => ({
		fileName: f,
		bytes: read(path.join(FIXTURES, f))
	}));
	for (const f of fs.readdirSync(REAL).filter((f) => f.endsWith('.txt')).sort()) out.push({ fileName: f, bytes: read(path.join(REAL, f)) });
	out.push({ fileName: 'broken.txt', bytes: new TextEncoder().encode('这不是一张表') });
	out.push({ fileName: 'again.txt', bytes: read(SEED_TXT) });
	return out;
}

/** What an outcome says, without the ids and times that differ between two databases. */
function gist(o: ImportOutcome) {
	return {
		status: o.status,
		fileName: o.fileName,
		error: o.error ?? null,
		forms: o.forms.map(({ formId: _id, ...f }) => f)
	};
}

/** Every stored row that does not depend on ids or clocks. */
async function contents(db: Kysely<Database>) {
	const forms = await db
		.selectFrom('forms')
		.innerJoin('units', 'units.id', 'forms.unit_id')
		.innerJoin('form_data', 'form_data.form_id', 'forms.id')
		.innerJoin('documents', 'documents.id', 'forms.document_id')
		.select([
			'units.name',
			'forms.year',
			'forms.kind',
			'forms.project',
			'forms.version',
			'forms.is_current',
			'forms.rate',
			'forms.total_score',
			'forms.grade',
			'forms.findings_count',
			'form_data.data',
			'form_data.reader_notes',
			'documents.sha256'
		])
		.orderBy('documents.sha256')
		.orderBy('forms.version')
		.execute();
	const indicators = await db
		.selectFrom('indicators')
		.innerJoin('forms', 'forms.id', 'indicators.form_id')
		.innerJoin('documents', 'documents.id', 'forms.document_id')
		.select(['documents.sha256', 'indicators.ord', 'indicators.content', 'indicators.weight', 'indicators.score'])
		.orderBy('documents.sha256')
		.orderBy('indicators.ord')
		.execute();
	const imports = (await listImports(db)).map((i) => [i.status, i.fileName, i.formsCount, i.message]).sort();
	return { forms, indicators, imports, counts: await rowCounts(db) };
}

/** Clocks differ between two runs; nothing else may. */
const TIMES = new Set(['created_at', 'started_at', 'finished_at', 'updated_at', 'merged_at', 'at', 'expires_at']);

/**
 * Every row of every table, ids included, times left out. Both paths insert in input order and a rolled
 * back file gives its ids back (autoincrement's counter is rolled back with it), so even the ids agree.
 */
async function allRows(db: Kysely<Database>) {
	const { rows: tables } = await sql<{ name: string }>`
		select name from sqlite_master where type = 'table' and name not like 'kysely_%' order by name`.execute(db);
	const out: Record<string, unknown[]> = {};
	for (const { name } of tables) {
		const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(name)} order by rowid`.execute(db);
		out[name] = rows.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => !TIMES.has(k))));
	}
	return out;
}

let pool: ParsePool;
beforeAll(() => {
	pool = createParsePool({ workers: 2 });
});
afterAll(async () => {
	await pool.close();
});

let a: Awaited<ReturnType<typeof tempDb>>;
let b: Awaited<ReturnType<typeof tempDb>>;
beforeEach(async () => {
	a = await tempDb();
	b = await tempDb();
});
afterEach(async () => {
	await a.close();
	await b.close();
});

describe('importFiles', () => {
	it('stores what importFile stores, file by file, and reports the same outcomes in order', async () => {
		const one: ImportOutcome[] = [];
		for (const f of files()) one.push(await importFile(a.db, f, { settings: DEFAULT_SETTINGS }));
		const many: { outcome: ImportOutcome; index: number }[] = [];
		const result = await importFiles(b.db, files(), {
			settings: DEFAULT_SETTINGS,
			parser: pool.parse,
			batchSize: 4,
			onOutcome: (outcome, index) => many.push({ outcome, index })
		});
		expect(many.map((m) => m.index)).toEqual(one.map((_, i) => i));
		expect(many.map((m) => gist(m.outcome))).toEqual(one.map(gist));
		expect(result.files).toBe(one.length);
		expect(result.transactions).toBeGreaterThan(1);
		for (const status of ['imported', 'replaced', 'unchanged', 'failed'] as const)
			expect(result.counts[status]).toBe(one.filter((o) => o.status === status).length);
		expect(many.find((m) => m.outcome.fileName === 'broken.txt')?.outcome.status).toBe('failed');
		expect(many.find((m) => m.outcome.fileName === 'again.txt')?.outcome.status).toBe('unchanged');
		expect(await contents(b.db)).toEqual(await contents(a.db));
		const rows = await allRows(b.db);
		expect(rows).toEqual(await allRows(a.db));
		// the comparison covers what the import writes
		for (const t of ['documents', 'imports', 'units', 'unit_names', 'forms', 'form_data', 'fund_rows', 'indicators', 'findings'])
			expect(rows[t]?.length, t).toBeGreaterThan(0);
		expect(rows.data_version).toEqual((await allRows(a.db)).data_version);
	});

	it('stores the same rows through Kysely (bulk: false) as through prepared statements', async () => {
		await importFiles(a.db, files(), { settings: DEFAULT_SETTINGS, parser: pool.parse, batchSize: 5, bulk: false });
		await importFiles(b.db, files(), { settings: DEFAULT_SETTINGS, parser: pool.parse, batchSize: 5 });
		expect(await allRows(b.db)).toEqual(await allRows(a.db));
	});

	it('keeps versions, unit spellings and merges as importFile does', async () => {
		const seed = fs.readFileSync(SEED_TXT, 'utf8');
		const [form] = await parseDocument(read(SEED_TXT), 'x.txt', DEFAULT_SETTINGS);
		const unit = form.unit as string;
		const enc = (t: string) => new Uint8Array(Buffer.from(t, 'utf8'));
		// another spelling of the same unit (中国共产党 for 中共), a second version of the same form, and a
		// unit merged into the seed's before the import
		expect(unit.startsWith('中共')).toBe(true);
		const respelled = seed.replace(unit, unit.replace(/^中共/, '中国共产党'));
		const input = [
			{ fileName: 'v1.txt', bytes: enc(seed) },
			{ fileName: 'other.txt', bytes: enc(seed.replace(unit, '某某县其他局')) },
			{ fileName: 'v2.txt', bytes: enc(`${seed}\n`) },
			{ fileName: 'respelled.txt', bytes: enc(`${respelled}\n\n`) },
			{ fileName: 'merged.txt', bytes: enc(`${seed.replace(unit, '某某县其他局')}\n`) }
		];
		for (const t of [a, b]) {
			await importFile(t.db, input[0], { settings: DEFAULT_SETTINGS });
			await importFile(t.db, input[1], { settings: DEFAULT_SETTINGS });
			const units = await t.db.selectFrom('units').select(['id', 'name']).orderBy('id').execute();
			await mergeUnits(t.db, { from: units[1].id, into: units[0].id, now: '2026-01-01T00:00:00Z' });
		}
		const one: ImportOutcome[] = [];
		for (const f of input.slice(2)) one.push(await importFile(a.db, f, { settings: DEFAULT_SETTINGS }));
		const many: ImportOutcome[] = [];
		await importFiles(b.db, input.slice(2), { settings: DEFAULT_SETTINGS, onOutcome: (o) => many.push(o) });
		expect(many.map(gist)).toEqual(one.map(gist));
		expect(one.map((o) => o.status)).toEqual(['replaced', 'replaced', 'replaced']);
		const rows = await allRows(b.db);
		expect(rows).toEqual(await allRows(a.db));
		expect((rows.forms as { version: number }[]).map((f) => f.version)).toContain(3);
		expect((rows.unit_names as unknown[]).length).toBeGreaterThan(2);
		expect((rows.forms as { shadowed_by: number | null }[]).some((f) => f.shadowed_by !== null)).toBe(true);
	});

	it('parses on this thread without a pool, with the same result', async () => {
		for (const f of files()) await importFile(a.db, f, { settings: DEFAULT_SETTINGS });
		await importFiles(b.db, files(), { settings: DEFAULT_SETTINGS, batchSize: 3 });
		expect(await contents(b.db)).toEqual(await contents(a.db));
	});

	it('rolls back a file that fails half-way alone, keeping the others of its group', async () => {
		const [good] = await parseDocument(read(SEED_TXT), 'x.txt', DEFAULT_SETTINGS);
		// the second form breaks the kind CHECK after the first form and its unit were written
		const bad = { ...good, unit: '另一个单位', kind: 'neither' } as unknown as NormalizedForm;
		const other = { ...good, unit: '第三个单位' } as NormalizedForm;
		const input = [
			{ fileName: 'first.txt', bytes: new TextEncoder().encode('1') },
			{ fileName: 'half.txt', bytes: new TextEncoder().encode('2') },
			{ fileName: 'last.txt', bytes: new TextEncoder().encode('3') }
		];
		const forms: Record<string, NormalizedForm[]> = { 'first.txt': [good], 'half.txt': [good, bad], 'last.txt': [other] };
		const outcomes: ImportOutcome[] = [];
		const result = await importFiles(b.db, input, {
			settings: DEFAULT_SETTINGS,
			parse: async (_bytes, fileName) => forms[fileName],
			onOutcome: (o) => outcomes.push(o)
		});
		expect(result.transactions).toBe(1);
		expect(outcomes.map((o) => o.status)).toEqual(['imported', 'failed', 'imported']);
		expect(outcomes[1].error).toMatch(/^half\.txt: .*CHECK/);
		const units = await b.db.selectFrom('units').select('name').orderBy('name').execute();
		expect(units.map((u) => u.name).sort()).toEqual([good.unit, '第三个单位'].sort());
		expect((await rowCounts(b.db)).forms).toBe(2);
		const logs = await listImports(b.db);
		expect(logs.map((l) => [l.fileName, l.status]).sort()).toEqual([
			['first.txt', 'ok'],
			['half.txt', 'failed'],
			['last.txt', 'ok']
		]);
	});

	it('parses on this thread too (parseHere) while the pool works, storing the same rows in the same order', async () => {
		const one: ImportOutcome[] = [];
		for (const f of files()) one.push(await importFile(a.db, f, { settings: DEFAULT_SETTINGS }));
		let inPool = 0;
		let here = 0;
		const many: { outcome: ImportOutcome; index: number }[] = [];
		await importFiles(b.db, files(), {
			settings: DEFAULT_SETTINGS,
			// a slow pool: this thread has time to parse the files read after the one it waits for
			parser: async (...args) => {
				inPool++;
				await new Promise((resolve) => setTimeout(resolve, 30));
				return pool.parse(...args);
			},
			parseHere: async (...args) => {
				here++;
				return parseForImport(...args);
			},
			poolDepth: 1,
			batchSize: 4,
			onOutcome: (outcome, index) => many.push({ outcome, index })
		});
		expect(inPool).toBeGreaterThan(0);
		expect(here).toBeGreaterThan(0);
		// each file parsed once, by one of the two
		expect(inPool + here).toBeLessThanOrEqual(files().length);
		expect(many.map((m) => m.index)).toEqual(one.map((_, i) => i));
		expect(many.map((m) => gist(m.outcome))).toEqual(one.map(gist));
		expect(await allRows(b.db)).toEqual(await allRows(a.db));
	});

	it('reports a parser crash as that file failing', async () => {
		const outcomes: ImportOutcome[] = [];
		await importFiles(b.db, files().slice(0, 2), {
			settings: DEFAULT_SETTINGS,
			parser: async (bytes, fileName, settings) => {
				if (fileName.includes('gbk')) throw new TypeError('boom');
				return parseForImport(bytes, fileName, settings);
			},
			onOutcome: (o) => outcomes.push(o)
		});
		expect(outcomes.map((o) => o.status)).toEqual(['imported', 'failed']);
		expect(outcomes[1].error).toBe('wangcheng-2020.gbk.txt: 导入失败：boom');
	});

	it('does not parse bytes it has stored', async () => {
		await importFiles(b.db, files().slice(0, 1), { settings: DEFAULT_SETTINGS });
		let parsed = 0;
		const outcomes: ImportOutcome[] = [];
		await importFiles(b.db, files().slice(0, 1), {
			settings: DEFAULT_SETTINGS,
			parser: async (...args) => {
				parsed++;
				return parseForImport(...args);
			},
			onOutcome: (o) => outcomes.push(o)
		});
		expect(parsed).toBe(0);
		expect(outcomes.map((o) => o.status)).toEqual(['unchanged']);
	});
});

describe('parsing for the import', () => {
	it('keeps the reader notes apart exactly as readerNotesOf finds them', async () => {
		let withNotes = 0;
		for (const f of files()) {
			let parsed;
			try {
				parsed = await parseForImport(f.bytes, f.fileName, DEFAULT_SETTINGS);
			} catch {
				continue;
			}
			expect(parsed.map((p) => p.form)).toEqual(await parseDocument(f.bytes, f.fileName, DEFAULT_SETTINGS));
			for (const p of parsed) {
				expect(p.readerNotes).toEqual(readerNotesOf(p.form, DEFAULT_SETTINGS));
				if (p.readerNotes.length > 0) withNotes++;
			}
		}
		// the real forms give the reader something to say: the shortcut is tested on notes, not on empty lists
		expect(withNotes).toBeGreaterThan(0);
	});

	it('parses on worker threads like on this one, errors included', async () => {
		for (const f of files()) {
			const here = await parseForImport(f.bytes, f.fileName, DEFAULT_SETTINGS).catch((e: Error) => e);
			const there = await pool.parse(f.bytes, f.fileName, DEFAULT_SETTINGS).catch((e: Error) => e);
			if (here instanceof Error) {
				expect(there).toBeInstanceOf(Error);
				expect((there as Error).message).toBe(here.message);
				expect((there as Error).name).toBe(here.name);
			} else expect(there).toEqual(here);
		}
	});
});
