/** How many forms fall in each grade. */
import type { EChartsOption } from 'echarts';
import type { Grade } from '../domain/form';
import { formatRate } from '../domain/format';
import { gradeLabel } from '../labels';
import { m } from '../paraglide/messages';
import { GRADES, GRADE_COLORS, asParams, baseOption, gradeRange, isNumber, topLayout } from './common';

export interface GradeDistributionInput {
	/** forms (or units) per grade; a grade nobody reached is 0 */
	counts: Record<Grade, number>;
	title: string;
}

/** Bars 优 良 中 差 in the grade colours, each labelled with its count and share. */
export function gradeDistributionOption(input: GradeDistributionInput): EChartsOption {
	const { counts, title } = input;
	const values = GRADES.map((g) => (isNumber(counts[g]) ? counts[g] : 0));
	const total = values.reduce((s, v) => s + v, 0);
	const share = (v: number) => (total > 0 ? formatRate(v / total) : '—');
	return {
		...baseOption(title),
		grid: { left: 48, right: 24, top: topLayout(undefined, false).grid, bottom: 32 },
		tooltip: {
			trigger: 'item',
			formatter: (p: unknown) => {
				const { dataIndex } = asParams(p)[0];
				const g = GRADES[dataIndex];
				const grade = m.chart_grade_with_range({ grade: gradeLabel(g), range: gradeRange(g) });
				return `${grade}<br/>${m.chart_count_share({ count: values[dataIndex], share: share(values[dataIndex]) })}`;
			}
		},
		xAxis: { type: 'category', data: GRADES.map(gradeLabel), axisTick: { alignWithLabel: true } },
		yAxis: { type: 'value', name: m.chart_count(), minInterval: 1 },
		series: [
			{
				type: 'bar',
				name: m.chart_grade(),
				barMaxWidth: 64,
				data:
					total === 0
						? []
						: GRADES.map((g, i) => ({ value: values[i], name: gradeLabel(g), itemStyle: { color: GRADE_COLORS[g] } })),
				label: {
					show: true,
					position: 'top',
					formatter: (p: unknown) => {
						const { dataIndex } = asParams(p)[0];
						return m.chart_value_share({ value: values[dataIndex], share: share(values[dataIndex]) });
					}
				}
			}
		]
	};
}
