import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, evaluate, indicatorWeightSum, indicatorScoreSum } from '../../../src/lib/domain';
import { SEED_TEXTS, seedReadForm } from './seed';

const fixture = readFileSync(
	fileURLToPath(new URL('../../fixtures/wangcheng-2020.txt', import.meta.url)),
	'utf8'
);
const squash = (s: string) => s.replace(/\s+/g, '');

describe('the hand-built seed ReadForm', () => {
	it('uses texts that occur in the seed fixture (page-broken cells in their two parts)', () => {
		const haystack = squash(fixture);
		// cells cut by a page break continue on a later line, after other cells: check each part
		const cuts: Partial<Record<keyof typeof SEED_TEXTS, string>> = {
			k2Actual: '分子（第二期）',
			sust1Target: '过程，确保',
			sust1Actual: '过程中，确保'
		};
		for (const [key, text] of Object.entries(SEED_TEXTS) as [keyof typeof SEED_TEXTS, string][]) {
			const cut = cuts[key];
			const parts = cut ? [text.slice(0, text.lastIndexOf(cut)), text.slice(text.lastIndexOf(cut))] : [text];
			for (const part of parts) expect(haystack.includes(squash(part)), `${key}: ${part}`).toBe(true);
		}
	});

	it('has the shape forms/README.md describes', () => {
		const read = seedReadForm();
		const weighted = read.indicators.filter((i) => (i.weight ?? 0) > 0);
		expect(read.indicators).toHaveLength(15);
		expect(weighted).toHaveLength(12);
		expect(indicatorWeightSum(read.indicators)).toBe(90);
		expect(indicatorScoreSum(read.indicators)).toBe(90);
	});
});

describe('evaluate(seed)', () => {
	const form = evaluate(seedReadForm(), DEFAULT_SETTINGS);
	const codes = form.findings.map((f) => f.code);

	it('recomputes rate, funds score, total and grade with the printed formula', () => {
		expect(form.computed).toMatchObject({
			rate: 0.9444,
			rateSource: 'amounts',
			rateFormula: '(B-C)/A',
			fundsScore: 9.44,
			totalScore: 99.44,
			grade: '优'
		});
	});

	it('uses the printed (B-C)/A even when the bureau default is B/A0', () => {
		const other = evaluate(seedReadForm(), { ...DEFAULT_SETTINGS, defaultRateFormula: 'B/A0' });
		expect(other.computed.rateFormula).toBe('(B-C)/A');
		expect(other.computed.rate).toBe(0.9444);
	});

	it('keeps every printed value beside the computed ones', () => {
		expect(form.funds.total?.ratePrinted).toBe(0.94);
		expect(form.funds.total?.scorePrinted).toBe(9.44);
		expect(form.totalScorePrinted).toBe(99.44);
		expect(form.indicators).toHaveLength(15);
		expect('notes' in form).toBe(false);
	});

	it('flags the printed rate 94.00% against 94.44%', () => {
		const f = form.findings.find((x) => x.code === 'RATE_PRINTED_MISMATCH');
		expect(f?.severity).toBe('error');
		expect(f?.message).toContain('94.00%');
		expect(f?.message).toContain('94.44%');
		expect(f?.where).toBe('资金情况/年度资金总额');
	});

	it('does not flag the funds score or the total, which use 94.44%', () => {
		expect(codes).not.toContain('FUNDS_SCORE_MISMATCH');
		expect(codes).not.toContain('TOTAL_SCORE_MISMATCH');
		expect(codes).not.toContain('PRINTED_TOTAL_MISMATCH');
		expect(codes).not.toContain('WEIGHTS_NOT_100');
	});

	it('finds the three rotated 数量指标 完成值 and names the rows they belong to', () => {
		const shifted = form.findings.filter((f) => f.code === 'ACTUAL_MATCHES_OTHER_TARGET');
		expect(shifted.map((f) => f.where)).toEqual([
			'年度绩效指标/数量指标 第 1 行',
			'年度绩效指标/数量指标 第 2 行',
			'年度绩效指标/数量指标 第 3 行'
		]);
		expect(shifted[0].message).toMatch(/^数量指标第1行的完成值.*与第2行的目标「区直机关工委开展一次党员轮训」相符/);
		expect(shifted[1].message).toMatch(/^数量指标第2行的完成值.*与第3行的目标「区直机关工委开展一次入党积极分子培训」相符/);
		expect(shifted[2].message).toMatch(/^数量指标第3行的完成值.*与第1行的目标「建设涉台教育社区教育基地，3个，3万元\/个」相符/);
	});

	it('does not flag the 质量指标 rows, whose 完成值 match their own (repeated) targets', () => {
		const flagged = form.findings.filter((f) => f.where?.includes('质量指标'));
		expect(flagged).toEqual([]);
	});

	it('raises nothing on the 0/0 placeholders nor on the full-marks rows', () => {
		for (const code of ['SCORE_LOSS_NO_REASON', 'REASON_WITH_FULL_MARKS', 'SCORE_ABOVE_WEIGHT', 'SCORE_VS_REFERENCE']) {
			expect(codes).not.toContain(code);
		}
		expect(form.findings.filter((f) => /成本指标|经济效益|生态效益/.test(f.where ?? ''))).toEqual([]);
	});

	it('raises exactly the expected findings and nothing about unit, year, totals or rate level', () => {
		expect([...codes].sort()).toEqual([
			'ACTUAL_MATCHES_OTHER_TARGET',
			'ACTUAL_MATCHES_OTHER_TARGET',
			'ACTUAL_MATCHES_OTHER_TARGET',
			'RATE_PRINTED_MISMATCH'
		]);
	});

	it('raises RATE_BELOW_ALERT when the bureau sets its alert line above 94.44%', () => {
		const strict = evaluate(seedReadForm(), { ...DEFAULT_SETTINGS, alertLine: 0.95 });
		const f = strict.findings.find((x) => x.code === 'RATE_BELOW_ALERT');
		expect(f?.message).toContain('94.44%');
		expect(f?.message).toContain('95.00%');
	});
});
