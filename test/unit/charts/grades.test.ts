import { describe, expect, it } from 'vitest';
import { GRADE_COLORS, hasData } from '../../../src/lib/charts/common';
import { gradeDistributionOption } from '../../../src/lib/charts/grades';
import { axis, format, seriesOf, type Loose } from './helpers';

describe('gradeDistributionOption', () => {
	const option = gradeDistributionOption({ counts: { 优: 30, 良: 12, 中: 3, 差: 0 }, title: '等级分布 · 2020 年' });
	const bars = seriesOf(option)[0];

	it('draws 优 良 中 差 in order, each in its grade colour', () => {
		expect(axis(option, 'xAxis').data).toEqual(['优', '良', '中', '差']);
		expect(bars.data.map((d: Loose) => d.value)).toEqual([30, 12, 3, 0]);
		expect(bars.data.map((d: Loose) => d.itemStyle.color)).toEqual([
			GRADE_COLORS['优'],
			GRADE_COLORS['良'],
			GRADE_COLORS['中'],
			GRADE_COLORS['差']
		]);
		expect(GRADE_COLORS).toMatchObject({ 优: '#15803d', 差: '#b91c1c' });
	});

	it('labels each bar with its count and share', () => {
		expect(format(bars.label.formatter, { dataIndex: 1 })).toBe('12（26.67%）');
		expect(format((option.tooltip as Loose).formatter, { dataIndex: 0 })).toBe('优（90–100 分）<br/>数量：30（占 66.67%）');
	});

	it('is empty when no form has a grade', () => {
		expect(hasData(gradeDistributionOption({ counts: { 优: 0, 良: 0, 中: 0, 差: 0 }, title: 't' }))).toBe(false);
	});
});
