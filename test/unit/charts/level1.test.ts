import { describe, expect, it } from 'vitest';
import { MUTED_COLOR, NORMAL_COLOR, WARNING_COLOR, hasData } from '../../../src/lib/charts/common';
import { level1ScoreOption } from '../../../src/lib/charts/level1';
import { axis, format, seriesNamed, type Loose } from './helpers';

describe('level1ScoreOption', () => {
	const option = level1ScoreOption({
		groups: [
			{ level1: '产出指标', weight: 50, score: 48 },
			{ level1: '效益指标', weight: 30, score: 20 },
			{ level1: '满意度指标', weight: 10, score: 12 },
			{ level1: '（未分级）', weight: null, score: 5 }
		],
		title: '一级指标得分'
	});

	it('draws the weight behind the score, one category per 一级指标', () => {
		expect(axis(option, 'xAxis').data).toEqual(['产出指标', '效益指标', '满意度指标', '（未分级）']);
		const weight = seriesNamed(option, '权重');
		const score = seriesNamed(option, '得分');
		expect(weight.data).toEqual([50, 30, 10, null]);
		expect(weight.itemStyle.color).toBe(MUTED_COLOR);
		expect(score.barGap).toBe('-100%');
		expect(score.z).toBeGreaterThan(weight.z);
		expect(score.data.map((d: Loose) => d.value)).toEqual([48, 20, 12, 5]);
	});

	it('colours a score amber when it lost more than a fifth of its weight or exceeds it', () => {
		const colours = seriesNamed(option, '得分').data.map((d: Loose) => d.itemStyle.color);
		expect(colours).toEqual([NORMAL_COLOR, WARNING_COLOR, WARNING_COLOR, NORMAL_COLOR]);
	});

	it('tells score, weight and points lost in the tooltip', () => {
		const text = format((option.tooltip as Loose).formatter, [{ dataIndex: 1 }]);
		expect(text).toContain('效益指标');
		expect(text).toContain('得分：20');
		expect(text).toContain('权重：30');
		expect(text).toContain('失分：10');
		expect(format((option.tooltip as Loose).formatter, [{ dataIndex: 3 }])).toContain('失分：—');
	});

	it('is empty when nothing is printed', () => {
		expect(hasData(level1ScoreOption({ groups: [{ level1: '产出指标', weight: null, score: null }], title: 't' }))).toBe(false);
		expect(hasData(level1ScoreOption({ groups: [], title: 't' }))).toBe(false);
	});
});
