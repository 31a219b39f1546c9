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
