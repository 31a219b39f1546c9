import { describe, expect, it } from 'vitest';
import { LARGE_THRESHOLD, NORMAL_COLOR, WARNING_COLOR, clickedId } from '../../../src/lib/charts/common';
import { budgetScatterOption, type BudgetPoint } from '../../../src/lib/charts/scatter';
import { alertMark, axis, format, lcg, seriesNamed, seriesOf, type Loose } from './helpers';

const points: BudgetPoint[] = [
	{ id: 1, label: '长沙市望城区农业农村局', budget: 2083, rate: 0.944407 },
	{ id: 2, label: '财政局', budget: 5.28, rate: 0.5 },
	{ id: 3, label: '无预算', budget: null, rate: 0.5 },
	{ id: 4, label: '零预算', budget: 0, rate: 1 },
	{ id: 5, label: '无执行率', budget: 10, rate: null },
	{ id: 6, label: '教育局', budget: 207.4538, rate: 0.9 }
];

describe('budgetScatterOption', () => {
	const option = budgetScatterOption({ points, alertLine: 0.9, title: '预算与执行率 · 2020 年' });

	it('puts budget on a log x axis and the rate on a percent y axis', () => {
		expect(axis(option, 'xAxis').type).toBe('log');
		expect(axis(option, 'xAxis').name).toBe('预算数（万元）');
		expect(axis(option, 'xAxis').axisLabel.formatter(10000)).toBe('10,000');
		expect(axis(option, 'yAxis').type).toBe('value');
		expect(axis(option, 'yAxis').axisLabel.formatter(0.9)).toBe('90%');
	});

	it('splits points at the alert line: below in amber, the rest normal, 90% itself not below', () => {
		const below = seriesNamed(option, '低于预警线');
		const other = seriesNamed(option, '不低于预警线');
		expect(below.itemStyle.color).toBe(WARNING_COLOR);
		expect(other.itemStyle.color).toBe(NORMAL_COLOR);
		expect(below.data).toEqual([{ value: [5.28, 0.5], id: 2, name: '财政局' }]);
		expect(other.data.map((d: Loose) => d.id)).toEqual([1, 6]);
		expect(clickedId({ data: below.data[0] })).toBe(2);
	});

	it('marks the alert line on the rate axis', () => {
		expect(alertMark(option).data).toEqual([{ yAxis: 0.9 }]);
	});

	it('leaves out points a log axis cannot hold and says how many', () => {
		expect((option.title as Loose).subtext).toBe('另有 3 个单位预算数缺失、不大于 0 或执行率缺失，未绘出');
	});

	it('writes the unit, the budget with its unit and the rate in the tooltip', () => {
		const other = seriesNamed(option, '不低于预警线');
		const text = format((option.tooltip as Loose).formatter, { data: other.data[0] });
		expect(text).toBe('长沙市望城区农业农村局<br/>预算数：2,083.00 万元<br/>执行率：94.44%');
		const below = seriesNamed(option, '低于预警线');
		expect(format((option.tooltip as Loose).formatter, { data: below.data[0] })).toContain('执行率：50.00%，低于预警线');
	});

	it('follows the money unit', () => {
		const o = budgetScatterOption({ points, alertLine: 0.9, title: 't', moneyUnit: '元' });
		expect(axis(o, 'xAxis').name).toBe('预算数（元）');
	});

	it('switches to large mode above 2,000 points, not at 2,000', () => {
		const rnd = lcg(3);
		const make = (n: number) =>
			Array.from({ length: n }, (_, i) => ({ id: i, label: `单位${i}`, budget: 1 + rnd() * 1e4, rate: rnd() * 1.1 }));
		const at = budgetScatterOption({ points: make(LARGE_THRESHOLD), alertLine: 0.9, title: 't' });
		for (const s of seriesOf(at).filter((s) => s.type === 'scatter')) expect(s.large).toBeUndefined();
		const over = budgetScatterOption({ points: make(LARGE_THRESHOLD + 1), alertLine: 0.9, title: 't' });
		const scatters = seriesOf(over).filter((s) => s.type === 'scatter');
		for (const s of scatters) {
			expect(s.large).toBe(true);
			expect(s.progressive).toBeGreaterThan(0);
		}
		expect(scatters.reduce((n, s) => n + s.data.length, 0)).toBe(LARGE_THRESHOLD + 1);
	});
});
