import { describe, expect, it } from 'vitest';
import {
	blockLabel,
	cleanCell,
	fundRowKind,
	fundsRole,
	headerField,
	indicatorRole,
	isLevel1,
	isLevel2,
	isNature,
	labelKey,
	rateFormulaOf
} from '../../../src/lib/import/aliases';
import { gluedSplits, parseNumber } from '../../../src/lib/import/numbers';
import { cutText } from '../../../src/lib/import/tokens';
import { fitRow } from '../../../src/lib/import/fit';

describe('label matching', () => {
	it('ignores whitespace, bracket styles and punctuation', () => {
		expect(labelKey('部门（单位） 名称')).toBe(labelKey('部门(单位)名称'));
		expect(headerField('部门（单位）名称')).toBe('unit');
		expect(headerField('实施单位 (盖章)')).toBe('implementer');
		expect(fundsRole('全年预算数 (A)')).toBe('budget');
		expect(fundsRole('全年(调整)预算数')).toBe('budget');
		expect(fundsRole('上级财政移动支付 (C)')).toBe('transfer');
		expect(fundsRole('执行率(B/A1')).toBe('rate');
		expect(fundsRole('得分 (20分*执行率)')).toBe('score');
		expect(fundsRole('分值权重')).toBe('weight');
		expect(fundsRole('全年执行资金')).toBe('executed');
	});

	it('matches traditional characters', () => {
		expect(headerField('項目名稱')).toBe('project');
		expect(headerField('實施單位')).toBe('implementer');
		expect(fundsRole('執行率')).toBe('rate');
		expect(fundsRole('全年預算數')).toBe('budget');
		expect(fundRowKind('其中:當年財政撥款')).toBe('source');
		expect(fundRowKind('年度資金總額')).toBe('total');
		expect(indicatorRole('偏差原因分析及改進措施')).toBe('reason');
		expect(isLevel2('滿意度指標') || isLevel1('滿意度指標')).toBe(true);
		expect(blockLabel('項目資金 (萬元)')).toBe('fundsBlock');
	});

	it('reads fund rows with their prefixes and notes', () => {
		expect(fundRowKind('年度资金总额:')).toBe('total');
		expect(fundRowKind('部门整体支出总额')).toBe('total');
		expect(fundRowKind('合计')).toBe('total');
		expect(fundRowKind('其中:中央财政资金(万元)')).toBe('source');
		expect(fundRowKind('其他资金(万元,自有资金、社会资本、以前年度结转结余资金等)')).toBe('source');
		expect(fundRowKind('上年结转 资金')).toBe('source');
		expect(fundRowKind('区委办主要职责')).toBeNull();
	});

	it('knows the indicator headers and levels', () => {
		expect(indicatorRole('年初目标值(A)')).toBe('target');
		expect(indicatorRole('指标分值权重')).toBe('weight');
		expect(indicatorRole('指标得分(分)')).toBe('score');
		expect(indicatorRole('改进措施')).toBe('measure');
		expect(isLevel1('产出指标(40分)')).toBe(true);
		expect(isLevel2('日效性指标')).toBe(true);
		expect(isLevel2('经济效益')).toBe(true);
		expect(isLevel2('群众满意度 指标')).toBe(true);
		expect(isLevel2('部门整体运转')).toBe(false);
		expect(isNature('﹦')).toBe(true);
		expect(isNature('≧')).toBe(true);
	});

	it('reads the printed rate formula', () => {
		expect(rateFormulaOf('执行率 ((B-C)/A)')).toBe('(B-C)/A');
		expect(rateFormulaOf('执行率(B/A)')).toBe('B/A');
		expect(rateFormulaOf('执行率(B/A1')).toBe('B/A');
		expect(rateFormulaOf('预算执行 (E/C×100%)')).toBeNull();
		expect(rateFormulaOf('执行率')).toBeNull();
	});

	it('removes pinyin debris but keeps printed punctuation', () => {
		expect(cleanCell('麗江市古城區(qū)自然資源局')).toBe('麗江市古城區自然資源局');
		expect(cleanCell('分子（第二期）培训。')).toBe('分子（第二期）培训。');
	});
});

describe('numbers', () => {
	it('parses printed numbers', () => {
		expect(parseNumber('2,083.00')).toEqual({ value: 2083, percent: false, decimals: 2 });
		expect(parseNumber('94.00%')).toEqual({ value: 0.94, percent: true, decimals: 2 });
		expect(parseNumber('864.2万')?.value).toBe(864.2);
		expect(parseNumber('52.800000')?.value).toBe(52.8);
		expect(parseNumber('100分')?.value).toBe(100);
		expect(parseNumber('１０３.２１％')?.value).toBe(1.0321);
		expect(parseNumber('≥360天')).toBeNull();
		expect(parseNumber('—')).toBeNull();
		expect(parseNumber('')).toBeNull();
	});

	it('lists the ways glued numbers can be cut', () => {
		const splits = gluedSplits('194.9194.9100%', 3).map((s) => s.join('|'));
		expect(splits).toContain('194.9|194.9|100%');
		expect(gluedSplits('107.6', 2).map((s) => s.join('|'))).toEqual(expect.arrayContaining(['10|7.6', '107.6']));
		// leading zeros are not numbers
		expect(gluedSplits('107.6', 2).map((s) => s.join('|'))).not.toContain('1|07.6');
	});
});

describe('cutting run-together text at labels', () => {
	it('cuts labels and values apart', () => {
		expect(cutText('项目名称东津院区建设补助主管部门襄阳市卫生健康委', true)).toEqual([
			'项目名称',
			'东津院区建设补助',
			'主管部门',
			'襄阳市卫生健康委'
		]);
	});

	it('cuts only at label: in a cell that holds one label', () => {
		expect(cutText('单位名称:塘湖镇政府 填报日期:2021.5.18', false)).toEqual(['单位名称', '塘湖镇政府', '填报日期', '2021.5.18']);
		expect(cutText('部门预算项目支出绩效自评表(2023年度)', false)).toEqual(['部门预算项目支出绩效自评表(2023年度)']);
	});

	it('cuts a text made only of short labels', () => {
		expect(cutText('分值得分', false)).toEqual(['分值', '得分']);
	});
});

describe('fitting a row to the header by content', () => {
	const roles = ['block', 'l1', 'l2', 'l3', 'content', 'target', 'actual', 'weight', 'score', 'reason', 'measure'] as const;
	const cells = (texts: string[]) => texts.map((text, index) => ({ text, index }));

	it('finds the missing leading column after a page break', () => {
		const f = fitRow(cells(['', '质量指标', '部门整体运转', '目标', '100%', '完成', '6', '6', '', '']), [...roles], {
			keepEmpty: true,
			allowSplit: true
		});
		expect(f.values).toMatchObject({ l2: '质量指标', l3: '部门整体运转', target: '100%', weight: '6', score: '6' });
	});

	it('splits two cells run together when a column would otherwise be missing', () => {
		const f = fitRow(
			cells(['', '满意度指标', '服务对象满意度指标', '部门整体运转 服务部门及群众满意度', '95%', '满意。', '10', '10', '', '']),
			[...roles],
			{ keepEmpty: true, allowSplit: true }
		);
		expect(f.values).toMatchObject({ l1: '满意度指标', l3: '部门整体运转', content: '服务部门及群众满意度', target: '95%', weight: '10' });
	});

	it('leaves merged levels out of rows that do not print them', () => {
		const f = fitRow(cells(['WIFI布点全覆盖', '100%覆盖', '100%覆盖']), ['l1', 'l2', 'l3', 'target', 'actual', 'score']);
		expect(f.values).toEqual({ l3: 'WIFI布点全覆盖', target: '100%覆盖', actual: '100%覆盖' });
	});
});
