import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	DEFAULT_SETTINGS,
	FINDING_CODES,
	RATE_FORMULAS,
	evaluate,
	fundsUnscored,
	gradeOf,
	indicatorScoreSum,
	pickFundsRow,
	round,
	type FundRow,
	type Indicator,
	type ReadForm,
	type Settings
} from '../../../src/lib/domain';

const amount = fc.option(
	fc.oneof(
		fc.double({ min: -1e6, max: 1e7, noNaN: true }),
		fc.integer({ min: 0, max: 100_000 }).map((n) => n / 100),
		fc.constantFrom(0, Number.NaN, Number.POSITIVE_INFINITY)
	),
	{ nil: null }
);
const score = fc.option(
	fc.oneof(fc.integer({ min: 0, max: 3000 }).map((n) => n / 100), fc.double({ min: -5, max: 200, noNaN: true })),
	{ nil: null }
);
const text = fc.option(
	fc.oneof(
		// no Latin letters, so that a text echoed in a message cannot spell "NaN" or "undefined"
		fc.string({ unit: fc.constantFrom(...' 0123456789.%/-—－…：:，,。中文（）「」≥≤=\t'), maxLength: 30 }),
		fc.constantFrom('100%', '≥95%', '≤5', '按时开展', '无', '/', '', '72890', '区直机关工委开展一次党员轮训', '满意'),
		fc.string({ unit: fc.constantFrom(...'建设涉台教育基地培训党员轮训区直机关开展完成满意度年月日12%，。'), maxLength: 40 })
	),
	{ nil: null }
);

const fundRowArb: fc.Arbitrary<FundRow> = fc.record({
	source: fc.constantFrom('年度资金总额', '财政拨款', '上年结转资金', '其他资金', '基本支出', '项目支出', ''),
	initialBudget: amount,
	budget: amount,
	executed: amount,
	transfer: amount,
	weight: fc.option(fc.constantFrom(0, 4, 5, 10, 20, Number.NaN), { nil: null }),
	ratePrinted: fc.option(fc.double({ min: -1, max: 3, noNaN: true }), { nil: null }),
	ratePrintedText: fc.option(fc.constantFrom('94.00%', '76%', '—', '', '0.9444', 'abc'), { nil: undefined }),
	scorePrinted: score
});

const indicatorArb: fc.Arbitrary<Indicator> = fc.record({
	level1: text,
	level2: fc.option(fc.constantFrom('数量指标', '质量指标', '时效指标', '成本指标', '社会效益指标'), { nil: null }),
	level3: text,
	content: text,
	nature: fc.option(fc.constantFrom('≥', '≤', '=', '﹦', '定性', '2', ''), { nil: undefined }),
	targetValue: text,
	actualValue: text,
	weight: fc.option(fc.oneof(fc.integer({ min: 0, max: 30 }), fc.constant(Number.NaN)), { nil: null }),
	score,
	reason: text,
	measure: text,
	where: fc.option(fc.constantFrom('第 12 行', 'Sheet1!B14'), { nil: undefined })
});

const readFormArb: fc.Arbitrary<ReadForm> = fc.record({
	kind: fc.constantFrom('department' as const, 'project' as const),
	title: text,
	unit: text,
	project: text,
	year: fc.option(fc.integer({ min: 1990, max: 2100 }), { nil: null }),
	moneyUnit: fc.option(fc.constantFrom('万元' as const, '元' as const), { nil: null }),
	rateFormulaPrinted: fc.option(fc.constantFrom(...RATE_FORMULAS), { nil: null }),
	funds: fc.record({ rows: fc.array(fundRowArb, { maxLength: 5 }), total: fc.option(fundRowArb, { nil: null }) }),
	goals: fc.record({ planned: text, achieved: text }),
	indicators: fc.array(indicatorArb, { maxLength: 14 }),
	totalWeight: fc.option(fc.constantFrom(100, 90, 0), { nil: null }),
	totalScorePrinted: score,
	gradePrinted: fc.option(fc.constantFrom('优' as const, '良' as const, '中' as const, '差' as const), { nil: undefined }),
	notes: fc.constant([])
});

const settingsArb: fc.Arbitrary<Settings> = fc.record({
	defaultRateFormula: fc.constantFrom(...RATE_FORMULAS),
	alertLine: fc.oneof(fc.constant(0.9), fc.double({ min: 0, max: 1, noNaN: true }))
});

describe('evaluate on arbitrary ReadForms', () => {
	it('never throws, never mutates its input, and only raises known codes with their severity', () => {
		fc.assert(
			fc.property(readFormArb, settingsArb, (read, settings) => {
				const before = structuredClone(read);
				const form = evaluate(read, settings);
				expect(read).toEqual(before);
				for (const f of form.findings) {
					const known = FINDING_CODES[f.code as keyof typeof FINDING_CODES];
					expect(known, f.code).toBeDefined();
					expect(f.severity).toBe(known.severity);
					expect(f.message.length).toBeGreaterThan(0);
					expect(f.message).not.toMatch(/undefined|NaN|null|Infinity/);
				}
			}),
			{ numRuns: 400 }
		);
	});

	it('keeps the printed values as read', () => {
		fc.assert(
			fc.property(readFormArb, (read) => {
				const form = evaluate(read, DEFAULT_SETTINGS);
				expect(form.funds).toEqual(read.funds);
				expect(form.indicators).toEqual(read.indicators);
				expect(form.totalScorePrinted).toEqual(read.totalScorePrinted);
			}),
			{ numRuns: 100 }
		);
	});

	it('computes a total equal to the funds score plus the indicator scores, and grades it', () => {
		fc.assert(
			fc.property(readFormArb, settingsArb, (read, settings) => {
				const { computed } = evaluate(read, settings);
				const sum = indicatorScoreSum(read.indicators);
				if (computed.totalScore !== null) {
					expect(sum).not.toBeNull();
					const funds = fundsUnscored(read) ? 0 : computed.fundsScore;
					expect(funds).not.toBeNull();
					expect(computed.totalScore).toBe(round((funds as number) + (sum as number), 2));
				} else if (!fundsUnscored(read)) {
					expect(computed.fundsScore === null || sum === null).toBe(true);
				}
				expect(computed.grade).toBe(gradeOf(computed.totalScore));
			}),
			{ numRuns: 300 }
		);
	});

	it('never gives a funds score above the weight, nor a non-finite rate', () => {
		fc.assert(
			fc.property(readFormArb, settingsArb, (read, settings) => {
				const { computed } = evaluate(read, settings);
				const row = pickFundsRow(read);
				if (computed.rate !== null) expect(Number.isFinite(computed.rate)).toBe(true);
				if (computed.fundsScore !== null) {
					expect(row?.weight).not.toBeNull();
					expect(computed.fundsScore).toBeLessThanOrEqual(Math.max(0, row!.weight as number) + 0.005);
				}
			}),
			{ numRuns: 300 }
		);
	});
});
