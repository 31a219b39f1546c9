import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { detectLayout, isRunTogether, splitLine, textToGrid } from '../../../src/lib/import/text';

const FIX = fileURLToPath(new URL('../../fixtures/', import.meta.url));

describe('textToGrid', () => {
	const seed = readFileSync(`${FIX}wangcheng-2020.txt`, 'utf8');
	const grid = textToGrid(seed, 'wangcheng-2020.txt');

	it('keeps the tab layout and empty cells', () => {
		expect(grid.layout).toBe('tabs');
		const unit = grid.rows.find((r) => r.line === 7)!;
		expect(unit.cells.map((c) => c.text)).toEqual(['部门(单位)名称', '中共长沙市望城区委办公室', '', '', '所属独立核算单位个数', '', '', '0']);
		expect(unit.cells.map((c) => c.col)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
		expect(unit.where).toBe('第 7 行');
	});

	it('joins page-broken continuation rows into the cells they continue, literally', () => {
		expect(grid.rows.some((r) => r.line === 22 || r.line === 32)).toBe(false);
		const row20 = grid.rows.find((r) => r.line === 20)!;
		expect(row20.cells[6].text.endsWith('入党积极分子分子（第二期）培训。')).toBe(true);
		expect(row20.where).toBe('第 20 行（续第 22 行）');
		const row30 = grid.rows.find((r) => r.line === 30)!;
		expect(row30.cells[3].text).toMatch(/工作的全过程，确保“两个维护”/);
		expect(row30.cells[5].text).toMatch(/工作的全过程中，确保了/);
	});

	it('does not join a row that follows its header directly (the goals texts)', () => {
		const goals = grid.rows.find((r) => r.line === 13)!;
		expect(goals.cells[1].text.startsWith('1、全力推动')).toBe(true);
	});

	it('detects pipes and keeps a lone | as one empty cell', () => {
		const lines = ['a |', '|', 'b | c |', '| d | e | |||'];
		expect(detectLayout(lines)).toBe('pipes');
		expect(splitLine('|', 'pipes')).toEqual(['']);
		expect(splitLine('| d | e | |||', 'pipes').map((s) => s.trim())).toEqual(['d', 'e', '', '', '']);
		expect(splitLine('238.93 |', 'pipes').map((s) => s.trim())).toEqual(['238.93']);
	});

	it('splits spaced text on runs of spaces, or on single spaces where there are no runs', () => {
		expect(detectLayout(['年度资金总额 5.28 1.96'])).toBe('spaces');
		expect(splitLine('  年度资金总额 5.28 1.96 10', 'spaces')).toEqual(['年度资金总额', '5.28', '1.96', '10']);
		expect(splitLine('全年预算数 (A)  全年执行数 (B)  分值', 'spaces')).toEqual(['全年预算数 (A)', '全年执行数 (B)', '分值']);
	});

	it('joins the numbered pages of run-together text into one cell without their page numbers', () => {
		const a = '1、' + '项目名称东津院区建设补助主管部门襄阳市卫生健康委'.repeat(6);
		const b = '2、数量 指标成本控制';
		expect(isRunTogether(a)).toBe(true);
		const g = textToGrid(`${a}\n${b}`, 'x.txt');
		expect(g.rows).toHaveLength(1);
		expect(g.rows[0].cells[0].text.startsWith('项目名称')).toBe(true);
		expect(g.rows[0].cells[0].text.endsWith('数量指标成本控制')).toBe(true);
		expect(g.rows[0].where).toBe('第 1 行（至第 2 行）');
	});
});
