/** `jixiao import` on a terminal: a progress bar on stderr, redrawn in place, that never mixes into stdout. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main';
import { SEED_TXT, tempDir } from './helpers';

let dir: string;
let folder: string;
beforeAll(() => {
	dir = tempDir('jixiao-progress-');
	folder = path.join(dir, 'forms');
	fs.mkdirSync(folder);
	fs.copyFileSync(SEED_TXT, path.join(folder, 'a-seed.txt'));
	fs.writeFileSync(path.join(folder, 'b-broken.txt'), '这不是一张绩效自评表\n');
	fs.writeFileSync(path.join(folder, 'c-flat.csv'), '单位,年度,一级指标,分值,得分\n区财政局,2021,产出指标,100,90\n');
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function terminal() {
	const out: string[] = [];
	const err: string[] = [];
	let screen = '';
	return {
		out,
		err,
		screen: () => screen,
		io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l), tty: { write: (t: string) => void (screen += t), columns: 80 } }
	};
}

/** What a terminal shows on the bar's line after each redraw: the text after the last clear. */
function frames(screen: string): string[] {
	return screen.split('\r\x1b[K').filter((s) => s !== '');
}

describe('jixiao import on a terminal', () => {
	it('draws [█░] done/total 文件 · 失败 n after each file and clears it before every output line', async () => {
		const t = terminal();
		const code = await main(['import', folder, '--db', path.join(dir, 'a.sqlite')], t.io);
		expect(code).toBe(1);
		const shown = frames(t.screen());
		expect(shown[0]).toMatch(/^\[░{30}\] 0\/3 文件 · 失败 0$/);
		expect(shown.at(-1)).toMatch(/^\[█{30}\] 3\/3 文件 · 失败 1$/);
		expect(shown.map((s) => /\] (\d)\/3/.exec(s)?.[1])).toEqual(['0', '1', '2', '3']);
		expect(shown[2]).toMatch(/^\[█{20}░{10}\] 2\/3 文件 · 失败 1$/);
		// the bar is gone when the summary is printed
		expect(t.screen().endsWith('\r\x1b[K')).toBe(true);
		expect(t.out).toHaveLength(4);
		expect(t.out[1]).toMatch(/^失败: b-broken\.txt/);
		expect(t.out[3]).toBe('共 3 个文件: 新导入 2，替换 0，未变化 0，失败 1');
		expect(t.out.join('')).not.toContain('█');
	});

	it('keeps --jsonl output pure JSON lines', async () => {
		const t = terminal();
		await main(['import', '--jsonl', folder, '--db', path.join(dir, 'b.sqlite')], t.io);
		expect(t.out.map((l) => JSON.parse(l).status)).toEqual(['imported', 'failed', 'imported']);
		expect(frames(t.screen()).at(-1)).toMatch(/3\/3 文件 · 失败 1$/);
	});

	it('prints the same stdout without a terminal, where no bar is drawn', async () => {
		const t = terminal();
		await main(['import', folder, '--db', path.join(dir, 'c.sqlite')], t.io);
		const out: string[] = [];
		await main(['import', folder, '--db', path.join(dir, 'd.sqlite')], { out: (l) => out.push(l), err: () => {} });
		expect(out).toEqual(t.out);
	});
});

describe('jixiao import of many files (parse workers, grouped transactions)', () => {
	it('prints one line per file in the order given, an unreadable file in its place', async () => {
		const many = path.join(dir, 'many');
		fs.mkdirSync(many);
		const seed = fs.readFileSync(SEED_TXT, 'utf8');
		const names: string[] = [];
		// 40 distinct documents (a blank line more each): enough for the parse workers
		for (let i = 0; i < 40; i++) {
			const name = path.join(many, `f${String(i).padStart(2, '0')}.txt`);
			fs.writeFileSync(name, `${seed}${'\n'.repeat(i + 1)}`);
			names.push(name);
		}
		const missing = path.join(dir, 'missing.txt');
		const args = [...names.slice(0, 20), missing, ...names.slice(20)];
		const t = terminal();
		const code = await main(['import', '--jsonl', '--batch', '7', '--db', path.join(dir, 'many.sqlite'), ...args], t.io);
		expect(code).toBe(1);
		const lines = t.out.map((l) => JSON.parse(l) as { file: string; status: string; error?: string; forms: { version: number }[] });
		expect(lines.map((l) => l.file)).toEqual(args);
		expect(lines[20]).toMatchObject({ file: missing, status: 'failed' });
		expect(lines[20].error).toContain('文件不存在');
		// one key, 40 versions, in the order given
		expect(lines.filter((l) => l.status !== 'failed').map((l) => l.forms[0].version)).toEqual(names.map((_, i) => i + 1));
		expect(frames(t.screen()).at(-1)).toMatch(/41\/41 文件 · 失败 1$/);
	});
});
