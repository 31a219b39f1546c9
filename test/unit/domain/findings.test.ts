import { describe, expect, it } from 'vitest';
import {
	DEFAULT_SETTINGS,
	FINDING_CODES,
	evaluate,
	type Finding,
	type ReadForm,
	type Settings
} from '../../../src/lib/domain';
import { cleanForm, fundRow, indicator } from './builders';

function findingsOf(read: ReadForm, settings: Settings = DEFAULT_SETTINGS): Finding[] {
	return evaluate(read, settings).findings;
}
function codesOf(read: ReadForm, settings?: Settings): string[] {
	return findingsOf(read, settings).map((f) => f.code);
}
function only(read: ReadForm, code: string, settings?: Settings): Finding {
	const hits = findingsOf(read, settings).filter((f) => f.code === code);
	expect(hits, code).toHaveLength(1);
	return hits[0];
}

/** cleanForm with its total row changed */
function withTotal(values: Parameters<typeof fundRow>[1], rows = cleanForm().funds.rows): ReadForm {
	const base = cleanForm();
	return cleanForm({ funds: { rows, total: { ...base.funds.total!, ...values } } });
}

describe('the clean baseline form', () => {
	it('raises no finding at all', () => {
		expect(findingsOf(cleanForm())).toEqual([]);
	});

	it('passes the reader notes through first', () => {
		const note: Finding = { code: 'READER_NOTE', severity: 'info', message: '第 3 行无法识别', where: '第 3 行' };
		expect(findingsOf(cleanForm({ notes: [note] }))).toEqual([note]);
	});

	it('gives every finding the severity of its code', () => {
		const messy = withTotal({ budget: 0, executed: 58, scorePrinted: 12, weight: 10, initialBudget: 500 });
		for (const f of findingsOf({ ...messy, unit: null, year: null })) {
			expect(FINDING_CODES[f.code as keyof typeof FINDING_CODES].severity).toBe(f.severity);
		}
	});
});

describe('RATE_PRINTED_MISMATCH', () => {
	const rows = [fundRow('财政拨款', { budget: 2083, executed: 1967.2 })];
	it('flags 94.00% printed against 94.44% computed', () => {
		const f = only(withTotal({ budget: 2083, executed: 1967.2, ratePrinted: 0.94, ratePrintedText: '94.00%', scorePrinted: 9.44 }, rows), 'RATE_PRINTED_MISMATCH');
		expect(f.message).toContain('94.00%');
		expect(f.message).toContain('94.44%');
		expect(f.message).toContain('9.44');
		expect(f.where).toBe('资金情况/年度资金总额');
	});
	it('assumes 2 decimals when the printed text is unknown', () => {
		expect(codesOf(withTotal({ budget: 2083, executed: 1967.2, ratePrinted: 0.94, ratePrintedText: undefined, scorePrinted: 9.44 }, rows))).toContain('RATE_PRINTED_MISMATCH');
	});
	it('accepts a rate printed at its own precision', () => {
		expect(codesOf(withTotal({ budget: 2083, executed: 1967.2, ratePrinted: 0.9444, ratePrintedText: '94.44%', scorePrinted: 9.44 }, rows))).not.toContain('RATE_PRINTED_MISMATCH');
		expect(codesOf(withTotal({ budget: 2083, executed: 1967.2, ratePrinted: 0.94, ratePrintedText: '94%', scorePrinted: 9.44 }, rows))).not.toContain('RATE_PRINTED_MISMATCH');
	});
	it('checks source rows too, each with its own place', () => {
		const f = only(
			cleanForm({
				funds: {
					total: cleanForm().funds.total,
					rows: [fundRow('当年财政拨款', { budget: 80, executed: 80, ratePrinted: 0.9, ratePrintedText: '90%' }), fundRow('上年结转资金', { budget: 20, executed: 20 })]
				}
			}),
			'RATE_PRINTED_MISMATCH'
		);
		expect(f.where).toBe('资金情况/当年财政拨款');
		expect(f.message).toContain('100.00%');
	});
});

describe('RATE_NOT_COMPUTABLE', () => {
	it('uses the printed rate when the amounts are lost, and says so', () => {
		const read = withTotal({ budget: 864.2, executed: null, ratePrinted: 1, weight: 20, scorePrinted: 20 }, []);
		read.indicators = read.indicators.map((i) => ({ ...i, weight: i.weight! * 0.8, score: i.score! * 0.8 }));
		const form = evaluate(read, DEFAULT_SETTINGS);
		expect(form.computed).toMatchObject({ rate: 1, rateSource: 'printed', fundsScore: 20, totalScore: 92 });
		const f = only(read, 'RATE_NOT_COMPUTABLE');
		expect(f.severity).toBe('info');
		expect(f.message).toContain('全年执行数');
	});
	it('leaves rate and scores null when nothing is printed', () => {
		const form = evaluate(withTotal({ budget: null, executed: null, ratePrinted: null }), DEFAULT_SETTINGS);
		expect(form.computed).toMatchObject({ rate: null, rateSource: null, fundsScore: null, totalScore: null, grade: null });
		expect(form.findings.map((f) => f.code)).toContain('RATE_NOT_COMPUTABLE');
	});
	it('is silent when the amounts are there', () => {
		expect(codesOf(cleanForm())).not.toContain('RATE_NOT_COMPUTABLE');
	});
});

describe('FUNDS_SCORE_MISMATCH', () => {
	it('flags a printed funds score that the rate does not give', () => {
		const read = withTotal({ executed: 94.44, ratePrinted: 0.9444, ratePrintedText: '94.44%', scorePrinted: 9.4 }, []);
		read.totalScorePrinted = 99.4;
		const f = only(read, 'FUNDS_SCORE_MISMATCH');
		expect(f.message).toContain('9.4');
		expect(f.message).toContain('9.44');
		// the printed total adds up the printed parts but not the recomputed ones
		expect(codesOf(read)).toContain('TOTAL_SCORE_MISMATCH');
		expect(codesOf(read)).not.toContain('PRINTED_TOTAL_MISMATCH');
	});
	it('is silent when the printed score matches', () => {
		expect(codesOf(withTotal({ executed: 94.44, ratePrinted: 0.9444, scorePrinted: 9.44 }, []))).not.toContain('FUNDS_SCORE_MISMATCH');
	});
});

describe('TOTAL_SCORE_MISMATCH and PRINTED_TOTAL_MISMATCH', () => {
	it('flags a printed total that is neither the recomputed total nor the sum of its printed parts', () => {
		const read = cleanForm({ totalScorePrinted: 98 });
		expect(only(read, 'TOTAL_SCORE_MISMATCH').message).toContain('98');
		expect(only(read, 'PRINTED_TOTAL_MISMATCH').message).toContain('100');
	});
	it('is silent when the total adds up', () => {
		const codes = codesOf(cleanForm({ totalScorePrinted: 100 }));
		expect(codes).not.toContain('TOTAL_SCORE_MISMATCH');
		expect(codes).not.toContain('PRINTED_TOTAL_MISMATCH');
	});
});

describe('GRADE_PRINTED_MISMATCH', () => {
	it('flags a printed grade the total does not earn', () => {
		expect(only(cleanForm({ gradePrinted: '良' }), 'GRADE_PRINTED_MISMATCH').message).toContain('优');
	});
	it('is silent when it agrees', () => {
		expect(codesOf(cleanForm({ gradePrinted: '优' }))).not.toContain('GRADE_PRINTED_MISMATCH');
	});
});

describe('TOTAL_ROW_ZERO', () => {
	it('flags a total of 0 above non-zero sources', () => {
		const f = only(withTotal({ budget: 0 }), 'TOTAL_ROW_ZERO');
		expect(f.message).toContain('全年预算数为 0');
		expect(f.message).toContain('80.00 万元');
	});
	it('is silent when the sources are 0 too', () => {
		const rows = [fundRow('当年财政拨款', { budget: 0 }), fundRow('其他资金', { budget: 0 })];
		expect(codesOf(withTotal({ budget: 0, executed: 0, ratePrinted: null, scorePrinted: null }, rows))).not.toContain('TOTAL_ROW_ZERO');
	});
});

describe('TOTAL_ROW_SUM', () => {
	it('flags complete sources that add up to less than the total', () => {
		const rows = [fundRow('当年财政拨款', { budget: 80 }), fundRow('上年结转资金', { budget: 10 })];
		const f = only(withTotal({}, rows), 'TOTAL_ROW_SUM');
		expect(f.message).toContain('90.00 万元');
		expect(f.message).toContain('100.00 万元');
	});
	it('flags sources that exceed the total even when some are blank', () => {
		const rows = [fundRow('当年财政拨款', { budget: 80 }), fundRow('上年结转资金', { budget: 30 }), fundRow('其他资金')];
		expect(only(withTotal({}, rows), 'TOTAL_ROW_SUM').message).toContain('超过');
	});
	it('does not flag a shortfall when a source is blank (it may hold the rest)', () => {
		const rows = [fundRow('当年财政拨款', { budget: 80 }), fundRow('其他资金')];
		expect(codesOf(withTotal({}, rows))).not.toContain('TOTAL_ROW_SUM');
	});
	it('checks a second breakdown (基本支出/项目支出) on its own', () => {
		const rows = [fundRow('财政拨款', { budget: 100 }), fundRow('基本支出', { budget: 100 }), fundRow('项目支出', { budget: 0 })];
		expect(codesOf(withTotal({}, rows))).not.toContain('TOTAL_ROW_SUM');
		const wrong = [fundRow('财政拨款', { budget: 100 }), fundRow('基本支出', { budget: 60 }), fundRow('项目支出', { budget: 0 })];
		expect(only(withTotal({}, wrong), 'TOTAL_ROW_SUM').message).toContain('基本支出');
	});
	it('tolerates rounding in the last printed decimal', () => {
		const rows = [fundRow('a', { budget: 33.33 }), fundRow('b', { budget: 33.33 }), fundRow('c', { budget: 33.33 })];
		expect(codesOf(withTotal({}, rows))).not.toContain('TOTAL_ROW_SUM');
	});
});

describe('WEIGHTS_NOT_100', () => {
	it('flags weights that do not add up to 100', () => {
		const read = cleanForm();
		read.indicators[0].weight = 40;
		read.indicators[0].score = 40;
		read.totalScorePrinted = 90;
		expect(only(read, 'WEIGHTS_NOT_100').message).toContain('90');
	});
	it('accepts the Hubei split 20 + 80', () => {
		const read = withTotal({ weight: 20, scorePrinted: 20 });
		read.indicators[0].weight = 40;
		read.indicators[0].score = 40;
		expect(codesOf(read)).not.toContain('WEIGHTS_NOT_100');
	});
});

describe('RATE_BELOW_ALERT and INFLATED_SELF_SCORE', () => {
	it('flags a rate under the alert line', () => {
		const read = withTotal({ budget: 52.8, executed: 30.8, ratePrinted: 0.5833, scorePrinted: 5.83 }, []);
		read.totalScorePrinted = 95.83;
		const f = only(read, 'RATE_BELOW_ALERT');
		expect(f.message).toContain('58.33%');
		expect(f.message).toContain('90.00%');
	});
	it('is silent at exactly the alert line and follows the setting', () => {
		const read = withTotal({ executed: 90, ratePrinted: 0.9, scorePrinted: 9 }, []);
		read.totalScorePrinted = 99;
		expect(codesOf(read)).not.toContain('RATE_BELOW_ALERT');
		expect(codesOf(read, { ...DEFAULT_SETTINGS, alertLine: 0.95 })).toContain('RATE_BELOW_ALERT');
	});
	it('flags 97.6 points with a 76% rate (real form 04)', () => {
		const read = withTotal({ budget: null, executed: null, initialBudget: null, ratePrinted: 0.76, ratePrintedText: '76%', weight: 10, scorePrinted: 7.6 }, []);
		read.totalScorePrinted = 97.6;
		const f = only(read, 'INFLATED_SELF_SCORE');
		expect(f.message).toContain('97.6');
		expect(f.message).toContain('76.00%');
	});
	it('does not call 94 points with a 76% rate inflated', () => {
		const read = withTotal({ budget: null, executed: null, initialBudget: null, ratePrinted: 0.76, weight: 10, scorePrinted: 7.6 }, []);
		read.totalScorePrinted = 94;
		expect(codesOf(read)).not.toContain('INFLATED_SELF_SCORE');
	});
});

describe('RATE_ABOVE_100', () => {
	it('flags 103.21% and caps the funds score', () => {
		const read = withTotal({ executed: 103.21, ratePrinted: 1.0321 }, []);
		expect(only(read, 'RATE_ABOVE_100').message).toContain('103.21%');
		expect(evaluate(read, DEFAULT_SETTINGS).computed.fundsScore).toBe(10);
	});
	it('is silent at 100%', () => {
		expect(codesOf(cleanForm())).not.toContain('RATE_ABOVE_100');
	});
});

describe('TRANSFER_EXCEEDS_EXECUTED', () => {
	it('flags (B-C)/A when the transfers cover all spending', () => {
		const read = withTotal({ budget: 194.9, executed: 194.9, transfer: 194.9, ratePrinted: 1, scorePrinted: 10 }, []);
		read.rateFormulaPrinted = '(B-C)/A';
		expect(only(read, 'TRANSFER_EXCEEDS_EXECUTED').message).toContain('0.00%');
	});
	it('is silent under B/A or with a small transfer', () => {
		expect(codesOf(withTotal({ transfer: 100 }, []))).not.toContain('TRANSFER_EXCEEDS_EXECUTED');
		const read = withTotal({ transfer: 5 }, []);
		read.rateFormulaPrinted = '(B-C)/A';
		expect(codesOf(read)).not.toContain('TRANSFER_EXCEEDS_EXECUTED');
	});
});

describe('BUDGET_CUT', () => {
	it('flags 年初 5.28 → 全年 1.96 (real form 17)', () => {
		const f = only(withTotal({ initialBudget: 5.28, budget: 1.96, executed: 1.96 }, []), 'BUDGET_CUT');
		expect(f.message).toContain('1.96 万元');
		expect(f.message).toContain('5.28 万元');
		expect(f.message).toContain('37.12%');
	});
	it('is silent on increases and small cuts', () => {
		expect(codesOf(withTotal({ initialBudget: 238.93, budget: 251.89, executed: 251.89 }, []))).not.toContain('BUDGET_CUT');
		expect(codesOf(withTotal({ initialBudget: 110, budget: 100, executed: 100 }, []))).not.toContain('BUDGET_CUT');
	});
});

describe('indicator score checks', () => {
	function withIndicator(values: Parameters<typeof indicator>[0]): ReadForm {
		const read = cleanForm();
		read.indicators[0] = indicator({ level3: '培训人次', targetValue: '≥100人次', actualValue: '120人次', weight: 50, score: 50, ...values });
		return read;
	}

	it('SCORE_ABOVE_WEIGHT: a score above its weight', () => {
		const f = only(withIndicator({ score: 55 }), 'SCORE_ABOVE_WEIGHT');
		expect(f.message).toContain('55');
		expect(f.where).toBe('年度绩效指标/数量指标 第 1 行');
		expect(codesOf(withIndicator({ score: 50 }))).not.toContain('SCORE_ABOVE_WEIGHT');
	});

	it('SCORE_ABOVE_WEIGHT: a funds score above its weight', () => {
		expect(codesOf(withTotal({ scorePrinted: 12 }))).toContain('SCORE_ABOVE_WEIGHT');
	});

	it('SCORE_LOSS_NO_REASON: points lost with no reason, or 无', () => {
		expect(only(withIndicator({ score: 45 }), 'SCORE_LOSS_NO_REASON').message).toContain('45');
		expect(codesOf(withIndicator({ score: 45, reason: '无' }))).toContain('SCORE_LOSS_NO_REASON');
		expect(codesOf(withIndicator({ score: 45, reason: '个别人未及时完成' }))).not.toContain('SCORE_LOSS_NO_REASON');
		expect(codesOf(withIndicator({ score: 45, measure: '加强督促' }))).not.toContain('SCORE_LOSS_NO_REASON');
	});

	it('REASON_WITH_FULL_MARKS: a reason under full marks', () => {
		expect(only(withIndicator({ reason: '部分群众不愿配合体检' }), 'REASON_WITH_FULL_MARKS').severity).toBe('info');
		expect(codesOf(withIndicator({ reason: '无' }))).not.toContain('REASON_WITH_FULL_MARKS');
		expect(codesOf(withIndicator({ reason: '/' }))).not.toContain('REASON_WITH_FULL_MARKS');
	});

	it('SCORE_VS_REFERENCE: points deducted although the target is met exactly (real form 27)', () => {
		const f = only(withIndicator({ nature: '﹦', targetValue: '72890', actualValue: '72890', score: 45, reason: '资金拨付较慢' }), 'SCORE_VS_REFERENCE');
		expect(f.message).toContain('72890');
		expect(f.message).toContain('已达到目标');
	});

	it('SCORE_VS_REFERENCE: full marks although the target is visibly missed (real form 04)', () => {
		const f = only(withIndicator({ nature: '≥', targetValue: '100%', actualValue: '72.74%' }), 'SCORE_VS_REFERENCE');
		expect(f.message).toContain('72.74%');
		expect(f.message).toContain('36.37');
	});

	it('SCORE_VS_REFERENCE: silent for partial scores, unmet = targets and words', () => {
		expect(codesOf(withIndicator({ nature: '≥', targetValue: '100%', actualValue: '72.74%', score: 36, reason: '采购滞后' }))).not.toContain('SCORE_VS_REFERENCE');
		expect(codesOf(withIndicator({ nature: '═', targetValue: '100', actualValue: '98%', score: 45, reason: '宣传不到位' }))).not.toContain('SCORE_VS_REFERENCE');
		expect(codesOf(withIndicator({ targetValue: '95%', actualValue: '满意', score: 50 }))).not.toContain('SCORE_VS_REFERENCE');
	});

	it('skips 0/0 placeholder rows entirely', () => {
		const read = cleanForm();
		read.indicators.push(indicator({ level2: '成本指标', weight: 0, score: 0 }), indicator({ level2: '生态效益指标', targetValue: '/', actualValue: '/', weight: null, score: null }));
		expect(findingsOf(read)).toEqual([]);
	});
});

describe('ACTUAL_MATCHES_OTHER_TARGET', () => {
	function twoRows(actual1: string, actual2: string): ReadForm {
		const read = cleanForm();
		read.indicators[0] = indicator({ content: '开展基层干部业务培训', targetValue: '2次', actualValue: actual1, weight: 25, score: 25 });
		read.indicators.splice(1, 0, indicator({ content: '完成村级道路硬化改造工程', targetValue: '10公里', actualValue: actual2, weight: 25, score: 25 }));
		return read;
	}

	it('flags two swapped 完成值 and names the rows', () => {
		const found = findingsOf(twoRows('已完成村级道路硬化改造10.5公里', '全年开展基层干部业务培训3次')).filter(
			(f) => f.code === 'ACTUAL_MATCHES_OTHER_TARGET'
		);
		expect(found.map((f) => f.where)).toEqual(['年度绩效指标/数量指标 第 1 行', '年度绩效指标/数量指标 第 2 行']);
		expect(found[0].message).toMatch(/^数量指标第1行的完成值.*与第2行的目标「完成村级道路硬化改造工程」相符/);
	});

	it('is silent when each 完成值 answers its own target', () => {
		expect(codesOf(twoRows('全年开展基层干部业务培训3次', '已完成村级道路硬化改造10.5公里'))).not.toContain('ACTUAL_MATCHES_OTHER_TARGET');
	});

	it('ignores numeric and very short 完成值', () => {
		expect(codesOf(twoRows('10公里', '完成'))).not.toContain('ACTUAL_MATCHES_OTHER_TARGET');
	});

	it('names a row of another group with its group', () => {
		const read = twoRows('全年开展基层干部业务培训3次', '全年开展基层干部业务培训3次');
		read.indicators[1].level2 = '质量指标';
		const f = only(read, 'ACTUAL_MATCHES_OTHER_TARGET');
		expect(f.where).toBe('年度绩效指标/质量指标 第 1 行');
		expect(f.message).toContain('与数量指标第1行的目标');
	});
});

describe('missing things', () => {
	it('MISSING_UNIT and MISSING_YEAR', () => {
		expect(codesOf(cleanForm({ unit: null }))).toEqual(['MISSING_UNIT']);
		expect(codesOf(cleanForm({ unit: '  ' }))).toEqual(['MISSING_UNIT']);
		expect(codesOf(cleanForm({ year: null }))).toEqual(['MISSING_YEAR']);
	});

	it('MISSING_TOTALS: several sources and no total row', () => {
		const form = evaluate(cleanForm({ funds: { rows: cleanForm().funds.rows, total: null } }), DEFAULT_SETTINGS);
		expect(form.findings.map((f) => f.code)).toContain('MISSING_TOTALS');
		expect(form.computed.rate).toBeNull();
	});

	it('MISSING_TOTALS: a single source row stands in for the total', () => {
		const single = fundRow('财政拨款', { budget: 100, executed: 100, weight: 10, scorePrinted: 10 });
		const form = evaluate(cleanForm({ funds: { rows: [single], total: null } }), DEFAULT_SETTINGS);
		expect(form.computed.fundsScore).toBe(10);
		expect(form.findings.find((f) => f.code === 'MISSING_TOTALS')?.message).toContain('财政拨款');
	});

	it('MISSING_TOTALS: scores without 总分', () => {
		const read = cleanForm({ totalScorePrinted: null });
		expect(codesOf(read)).toEqual(['MISSING_TOTALS']);
		expect(evaluate(read, DEFAULT_SETTINGS).computed.totalScore).toBe(100);
	});

	it('NO_SCORES instead of MISSING_TOTALS on an unscored form (real form 01, 07)', () => {
		const read = withTotal({ weight: 10, scorePrinted: null });
		read.indicators = read.indicators.map((i) => ({ ...i, score: null, actualValue: null }));
		read.totalScorePrinted = null;
		const form = evaluate(read, DEFAULT_SETTINGS);
		expect(form.findings.map((f) => f.code)).toEqual(['NO_SCORES']);
		expect(form.computed.totalScore).toBeNull();
		expect(form.computed.grade).toBeNull();
		expect(form.computed.fundsScore).toBe(10);
	});
});

describe('templates whose funds block is not scored', () => {
	it('totals the indicators when they carry the whole 100 points', () => {
		const read = withTotal({ weight: null, scorePrinted: null });
		read.indicators[0].weight = 60;
		read.indicators[0].score = 55;
		read.indicators[0].actualValue = '90人次';
		read.indicators[0].reason = '部分培训延期';
		read.totalScorePrinted = 95;
		const form = evaluate(read, DEFAULT_SETTINGS);
		expect(form.computed.fundsScore).toBeNull();
		expect(form.computed.totalScore).toBe(95);
		expect(form.findings).toEqual([]);
	});

	it('gives no total when the funds weight is simply missing', () => {
		const form = evaluate(withTotal({ weight: null, scorePrinted: null }), DEFAULT_SETTINGS);
		expect(form.computed.totalScore).toBeNull();
		expect(form.findings.map((f) => f.code)).toContain('WEIGHTS_NOT_100');
	});
});
