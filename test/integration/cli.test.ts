/** The `jixiao` command end to end: a real child process, a real database file. */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/lib/server/db';
import { rowCounts, SEED_TXT, tempDir } from './helpers';

const ROOT = path.resolve(__dirname, '../..');
const BIN = path.join(ROOT, 'bin/jixiao.js');
const run = promisify(execFile);

async function jixiao(args: string[], env: Record<string, string> = {}) {
	try {
		const { stdout, stderr } = await run(process.execPath, [BIN, ...args], {
			cwd: ROOT,
			env: { ...process.env, DATABASE_URL: '', ...env },
			maxBuffer: 16 * 1024 * 1024
		});
		return { code: 0, stdout, stderr };
	} catch (err) {
		const e = err as { code?: number; stdout: string; stderr: string };
		if (typeof e.code !== 'number') throw err;
		return { code: e.code, stdout: e.stdout, stderr: e.stderr };
	}
}

const lines = (text: string) => text.split('\n').filter((l) => l.trim() !== '');

let dir: string;
let broken: string;
beforeAll(() => {
	dir = tempDir('jixiao-cli-');
	broken = path.join(dir, 'broken.txt');
	fs.writeFileSync(broken, '这不是一张绩效自评表\n只是几行字\n');
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('jixiao', () => {
	it('prints help', async () => {
		const r = await jixiao(['--help']);
		expect(r.code).toBe(0);
		expect(r.stdout).toContain('jixiao parse');
		expect(r.stdout).toContain('jixiao import');
	});

	it('rejects an unknown command or option with exit 2 and one line', async () => {
		for (const args of [['frobnicate'], ['parse', '--nope', SEED_TXT]]) {
			const r = await jixiao(args);
			expect(r.code).toBe(2);
			expect(lines(r.stderr)).toHaveLength(1);
			expect(r.stderr).toMatch(/^用法错误/);
		}
	});

	it('parse --json prints the form as JSON', async () => {
		const r = await jixiao(['parse', SEED_TXT, '--json']);
		expect(r.stderr).toBe('');
		expect(r.code).toBe(0);
		const form = JSON.parse(r.stdout);
		expect(form.unit).toBe('中共长沙市望城区委办公室');
		expect(form.year).toBe(2020);
		expect(form.computed.rate).toBeCloseTo(0.9444, 4);
		expect(form.indicators).toHaveLength(15);
	});

	it('parse without --json prints a summary', async () => {
		const r = await jixiao(['parse', SEED_TXT]);
		expect(r.code).toBe(0);
		expect(r.stdout).toContain('中共长沙市望城区委办公室');
		expect(r.stdout).toContain('94.44%');
		expect(r.stdout).toContain('99.44');
	});

	it('parse of a bad file exits 1 with one line naming the file', async () => {
		for (const file of [broken, path.join(dir, 'missing.txt')]) {
			const r = await jixiao(['parse', file, '--json']);
			expect(r.code).toBe(1);
			expect(r.stdout).toBe('');
			expect(lines(r.stderr)).toHaveLength(1);
			expect(r.stderr).toContain(path.basename(file));
			expect(r.stderr).not.toMatch(/\n\s+at /);
		}
	});

	it('imports files and folders, one line per file, into --db or DATABASE_URL', async () => {
		const folder = path.join(dir, 'forms');
		fs.mkdirSync(path.join(folder, 'sub'), { recursive: true });
		fs.copyFileSync(SEED_TXT, path.join(folder, 'sub', 'wangcheng-2020.txt'));
		fs.writeFileSync(path.join(folder, '.hidden.txt'), 'ignored');
		fs.writeFileSync(path.join(folder, 'notes.md'), 'not a form file type');
		const dbFile = path.join(dir, 'cli.sqlite');

		const first = await jixiao(['import', folder, broken, '--db', dbFile]);
		expect(first.code).toBe(1);
		const out = lines(first.stdout);
		expect(out).toHaveLength(3);
		expect(out[0]).toMatch(/^中共长沙市望城区委办公室 · 2020 · 部门整体 · 执行率 94\.44% · 自评 99\.44 · 复核 99\.44 · 问题 \d+$/);
		expect(out[1]).toMatch(/^失败: broken\.txt/);
		expect(out[2]).toContain('共 2 个文件');

		const db = await openDatabase(dbFile);
		try {
			expect(await rowCounts(db)).toMatchObject({ forms: 1, documents: 1, imports: 2, indicators: 15 });
		} finally {
			await db.destroy();
		}

		// the same file again, through DATABASE_URL: unchanged, exit 0
		const again = await jixiao(['import', path.join(folder, 'sub', 'wangcheng-2020.txt')], { DATABASE_URL: `file:${dbFile}` });
		expect(again.code).toBe(0);
		expect(lines(again.stdout)[0]).toContain('未变化');
	});

	it('import --jsonl prints one JSON line per file, keyed by the path as given', async () => {
		const dbFile = path.join(dir, 'jsonl.sqlite');
		const r = await jixiao(['import', '--jsonl', '--db', dbFile, SEED_TXT, broken]);
		expect(r.code).toBe(1);
		const out = lines(r.stdout).map((l) => JSON.parse(l));
		expect(out.map((o) => [o.file, o.status])).toEqual([
			[SEED_TXT, 'imported'],
			[broken, 'failed']
		]);
		expect(out[0].forms[0]).toMatchObject({ unit: '中共长沙市望城区委办公室', year: 2020, version: 1, rate: 0.9444 });
		expect(out[1].error).toMatch(/^broken\.txt/);
	});
});
