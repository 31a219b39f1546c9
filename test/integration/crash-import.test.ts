/**
 * Nothing lost: the importer is killed (SIGKILL, no chance to clean up) in the middle of a batch, again and
 * again, and every document must then be either wholly stored (document, import record, forms with all
 * their rows) or wholly absent; importers running side by side and readers during imports must all succeed.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import SqliteDatabase from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDataset } from '../../src/lib/demo';
import { openDatabase } from '../../src/lib/server/db';
import { listCurrentForms } from '../../src/lib/server/repositories/forms';
import { listFindings } from '../../src/lib/server/repositories/findings';
import { tempDir } from './helpers';

const ROOT = path.resolve(__dirname, '../..');
const BIN = path.join(ROOT, 'bin/jixiao.js');

let dir: string;
/** `storable`: the generator also writes forms without a unit name or year, which every import refuses */
let docs: { file: string; sha256: string; storable: boolean }[];

beforeAll(() => {
	dir = tempDir('jixiao-crash-');
	fs.mkdirSync(path.join(dir, 'forms'));
	docs = [];
	for (const doc of generateDataset({ units: 45, years: 3, limit: 100, seed: 4242 })) {
		const file = path.join(dir, 'forms', doc.fileName);
		const bytes = Buffer.from(doc.text, 'utf8');
		fs.writeFileSync(file, bytes);
		docs.push({
			file,
			sha256: createHash('sha256').update(bytes).digest('hex'),
			storable: doc.truth.unit !== null && doc.truth.year !== null
		});
	}
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/**
 * `jixiao import --jsonl` on the folder; killed with SIGKILL `delayMs` after `killAfter` files are reported
 * (or left to finish). The delays put the kill at different points of the next group of files: parsing, or
 * inside its transaction. Resolves with the files reported as stored.
 */
function importer(db: string, folder: string, killAfter = Infinity, delayMs = 0): Promise<{ stored: string[]; killed: boolean }> {
	return new Promise((resolve, reject) => {
		// small groups (a transaction per 5 files): the kills below fall inside and between groups, and every
		// run gets further than the last (the files reported before a kill were committed)
		const child = spawn(process.execPath, [BIN, 'import', '--jsonl', '--batch', '5', '--db', db, folder], {
			cwd: ROOT,
			env: { ...process.env, DATABASE_URL: '' },
			stdio: ['ignore', 'pipe', 'pipe']
		});
		const stored: string[] = [];
		let seen = 0;
		let killed = false;
		readline.createInterface({ input: child.stdout }).on('line', (line) => {
			if (!line.startsWith('{')) return;
			const p = JSON.parse(line) as { file: string; status: string };
			if (p.status !== 'failed') stored.push(p.file);
			if (++seen >= killAfter && !killed) {
				killed = true;
				setTimeout(() => child.kill('SIGKILL'), delayMs);
			}
		});
		child.on('error', reject);
		child.on('close', () => resolve({ stored, killed }));
	});
}

interface Consistency {
	whole: string[];
	absent: string[];
	broken: string[];
	integrity: string;
	foreignKeys: unknown[];
}

/** Each document wholly in or wholly out, checked with plain SQL on a separate connection. */
function check(file: string): Consistency {
	const db = new SqliteDatabase(file, { readonly: true });
	try {
		const integrity = String(db.pragma('integrity_check', { simple: true }));
		const foreignKeys = db.pragma('foreign_key_check') as unknown[];
		const out: Consistency = { whole: [], absent: [], broken: [], integrity, foreignKeys };
		const docRow = db.prepare('select id from documents where sha256 = ?');
		const importRow = db.prepare(`select id, document_id, forms_count from imports where sha256 = ? and status = 'ok'`);
		const forms = db.prepare('select id, indicator_count, findings_count, import_id from forms where document_id = ?');
		const count = (table: string) => db.prepare(`select count(*) as n from ${table} where form_id = ?`);
		const data = count('form_data');
		const funds = count('fund_rows');
		const indicators = count('indicators');
		const findings = count('findings');
		for (const d of docs) {
			const doc = docRow.get(d.sha256) as { id: number } | undefined;
			const imp = importRow.get(d.sha256) as { id: number; document_id: number; forms_count: number } | undefined;
			if (!doc && !imp) {
				out.absent.push(d.file);
				continue;
			}
			const rows = doc ? (forms.all(doc.id) as { id: number; indicator_count: number; findings_count: number; import_id: number }[]) : [];
			const n = (stmt: SqliteDatabase.Statement, id: number) => (stmt.get(id) as { n: number }).n;
			const ok =
				!!doc &&
				!!imp &&
				imp.document_id === doc.id &&
				rows.length === imp.forms_count &&
				rows.length > 0 &&
				rows.every(
					(f) =>
						f.import_id === imp.id &&
						n(data, f.id) === 1 &&
						n(funds, f.id) > 0 &&
						n(indicators, f.id) === f.indicator_count &&
						n(findings, f.id) === f.findings_count
				);
			(ok ? out.whole : out.broken).push(d.file);
		}
		return out;
	} finally {
		db.close();
	}
}

describe('killing the importer mid-batch', () => {
	it('leaves every document wholly in or wholly out, and a re-run completes the batch', async () => {
		const db = path.join(dir, 'killed.sqlite');
		// the schema first, so that the first kill does not land in the migrations
		await (await openDatabase(db)).destroy();
		const folder = path.join(dir, 'forms');
		let previous = 0;
		let kills = 0;
		for (const [killAfter, delayMs] of [
			[7, 0],
			[19, 9],
			[23, 17],
			[41, 26],
			[55, 40]
		]) {
			const run = await importer(db, folder, killAfter, delayMs);
			expect(run.killed).toBe(true);
			kills++;
			const state = check(db);
			expect(state.integrity).toBe('ok');
			expect(state.foreignKeys).toEqual([]);
			expect(state.broken).toEqual([]);
			expect(state.whole.length + state.absent.length).toBe(docs.length);
			// everything reported as stored before the kill is there; the batch moved forward
			for (const f of run.stored) expect(state.whole).toContain(f);
			expect(state.whole.length).toBeGreaterThan(previous);
			previous = state.whole.length;
		}
		expect(previous).toBeLessThan(docs.length);
		const rest = await importer(db, folder);
		expect(rest.killed).toBe(false);
		const final = check(db);
		expect(final.broken).toEqual([]);
		expect(final.absent).toEqual(docs.filter((d) => !d.storable).map((d) => d.file));
		expect(final.whole).toEqual(docs.filter((d) => d.storable).map((d) => d.file));
		console.log(`crash test: ${kills} kills in a batch of ${docs.length} documents; afterwards every document whole or absent`);
	}, 240_000);

	it('imports side by side and page reads during imports all succeed (WAL, busy timeout)', async () => {
		const db = path.join(dir, 'concurrent.sqlite');
		await (await openDatabase(db)).destroy();
		const half = path.join(dir, 'half');
		fs.mkdirSync(half);
		// the second importer takes every other file plus some of the first's: overlapping bytes are stored once
		for (const [i, d] of docs.entries()) if (i % 2 === 0 || i < 20) fs.copyFileSync(d.file, path.join(half, path.basename(d.file)));

		const reader = await openDatabase(db);
		let reads = 0;
		let readErrors = 0;
		let running = true;
		const readLoop = (async () => {
			while (running) {
				try {
					await listCurrentForms(reader, { limit: 20 });
					await listFindings(reader, { limit: 20 });
					reads++;
				} catch {
					readErrors++;
				}
				await new Promise((r) => setTimeout(r, 5));
			}
		})();
		const [a, b] = await Promise.all([importer(db, path.join(dir, 'forms')), importer(db, half)]);
		running = false;
		await readLoop;
		await reader.destroy();

		expect(readErrors).toBe(0);
		expect(reads).toBeGreaterThan(0);
		const state = check(db);
		expect(state.integrity).toBe('ok');
		expect(state.broken).toEqual([]);
		const storable = docs.filter((d) => d.storable);
		expect(state.whole).toHaveLength(storable.length);
		// both saw every one of their storable files succeed (stored, or already stored by the other)
		expect(a.stored).toHaveLength(storable.length);
		expect(b.stored).toHaveLength(storable.filter((d) => fs.existsSync(path.join(half, path.basename(d.file)))).length);
		const sqlite = new SqliteDatabase(db, { readonly: true });
		const dup = sqlite.prepare('select count(*) as n from documents').get() as { n: number };
		sqlite.close();
		expect(dup.n).toBe(storable.length);
	}, 240_000);
});
