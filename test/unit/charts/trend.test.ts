import { describe, expect, it } from 'vitest';
import { ABOVE_100_COLOR, NORMAL_COLOR, WARNING_COLOR, clickedId } from '../../../src/lib/charts/common';
import { trendOption, unitHistoryOption } from '../../../src/lib/charts/trend';
import { alertMark, axis, component, format, seriesNamed, seriesOf, type Loose } from './helpers';

describe('trendOption', () => {
	const option = trendOption({
		years: [2019, 2020, 2021],
		series: [
			{ id: 11, name: '农业农村局', values: [0.8, null, 0.944407] },
			{ id: 12, name: '财政局', values: [1, 0.95, 0.9] }
		],
		metric: 'rate',
		alertLine: 0.9,
		title: '执行率走势'
	});
	const lines = seriesOf(option).filter((s) => s.name !== '预警线');

	it('draws one line per unit, broken (not bridged) where a year is missing', () => {
		expect(lines.map((s) => s.name)).toEqual(['农业农村局', '财政局']);
		for (const s of lines) {
			expect(s.type).toBe('line');
			expect(s.connectNulls).toBe(false);
		}
		expect(lines[0].data).toEqual([{ value: 0.8, id: 11 }, null, { value: 0.944407, id: 11 }]);
		expect(clickedId({ data: lines[0].data[2] })).toBe(11);
	});

	it('puts years on a category axis and rates on a percent axis with the alert line', () => {
		expect(axis(option, 'xAxis')).toMatchObject({ type: 'category', data: ['2019', '2020', '2021'] });
		expect(axis(option, 'yAxis').axisLabel.formatter(0.85)).toBe('85%');
		expect(alertMark(option).data).toEqual([{ yAxis: 0.9 }]);
	});

	it('lists each unit’s value, or —, in the tooltip', () => {
		const text = format((option.tooltip as Loose).formatter, [
			{ seriesName: '农业农村局', axisValue: '2020', data: null, marker: '' },
			{ seriesName: '财政局', axisValue: '2020', data: lines[1].data[1], marker: '' }
		]);
		expect(text).toBe('2020 年<br/>农业农村局：—<br/>财政局：95.00%');
	});

	it('uses a score axis up to 100 and no alert line for scores', () => {
		const o = trendOption({ years: [2020], series: [{ id: 1, name: 'A', values: [88] }], metric: 'score', alertLine: 0.9, title: 't' });
		expect(alertMark(o)).toBeUndefined();
		const max = axis(o, 'yAxis').max;
		expect(max({ max: 88 })).toBe(100);
		expect(max({ max: 102 })).toBe(102);
	});

	it('scrolls the legend when many units are picked', () => {
		const many = Array.from({ length: 12 }, (_, i) => ({ id: i, name: `单位${i}`, values: [0.9] }));
		expect(component(trendOption({ years: [2020], series: many, metric: 'rate', title: 't' }), 'legend')[0].type).toBe('scroll');
		expect(component(option, 'legend')[0].type).toBe('plain');
	});
});

describe('unitHistoryOption', () => {
	const option = unitHistoryOption({
		years: [2018, 2019, 2020, 2021],
		rates: [0.85, null, 0.944407, 1.0321],
		scores: [78, 90, null, 96],
		alertLine: 0.9,
		title: '农业农村局 · 历年'
	});

	it('draws rates as bars on the left percent axis, coloured by the alert line', () => {
		const rate = seriesNamed(option, '执行率');
		expect(rate.type).toBe('bar');
		expect(rate.yAxisIndex).toBe(0);
		expect(rate.data).toEqual([
			{ value: 0.85, itemStyle: { color: WARNING_COLOR } },
			null,
			{ value: 0.944407, itemStyle: { color: NORMAL_COLOR } },
			{ value: 1.0321, itemStyle: { color: ABOVE_100_COLOR } }
		]);
		expect(format(rate.label.formatter, { value: 0.944407 })).toBe('94.44%');
		expect(axis(option, 'yAxis', 0).axisLabel.formatter(1)).toBe('100%');
		expect(alertMark(option).data).toEqual([{ yAxis: 0.9 }]);
		expect(seriesNamed(option, '预警线').yAxisIndex).toBe(0);
	});

	it('draws scores as a broken line on the right 0–100 axis', () => {
		const score = seriesNamed(option, '总分');
		expect(score).toMatchObject({ type: 'line', yAxisIndex: 1, connectNulls: false, data: [78, 90, null, 96] });
		expect(axis(option, 'yAxis', 1)).toMatchObject({ min: 0, max: 100 });
	});

	it('tells both values of a year in the tooltip', () => {
		const text = format((option.tooltip as Loose).formatter, [{ dataIndex: 0 }]);
		expect(text).toContain('2018 年');
		expect(text).toContain('执行率：85.00%，低于预警线');
		expect(text).toContain('总分：78');
		expect(format((option.tooltip as Loose).formatter, [{ dataIndex: 2 }])).toContain('总分：—');
	});
});
