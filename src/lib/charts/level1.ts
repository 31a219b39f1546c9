/** A form's score per 一级指标 against what it could have scored. */
import type { EChartsOption } from 'echarts';
import { formatScore } from '../domain/format';
import { m } from '../paraglide/messages';
import {
	MUTED_COLOR,
	NORMAL_COLOR,
	WARNING_COLOR,
	asParams,
	baseOption,
	dot,
	escapeHtml,
	isNumber,
	topLayout
} from './common';

export interface Level1ScoreGroup {
	/** 一级指标 as printed (产出指标, 效益指标, 满意度指标; 预算执行率 if the page adds the funds row) */
	level1: string;
	/** the weight (分值) summed over the group's rows; null when none is printed */
	weight: number | null;
	/** the score summed over the group's rows; null when none is printed */
	score: number | null;
}

export interface Level1ScoreInput {
	groups: Level1ScoreGroup[];
	title: string;
}

/** A score this far under its weight (as a share of it) is amber: more than 20% of the points were lost. */
export const LOST_SHARE_WARNING = 0.2;

/**
 * The weight as a grey background bar with the score drawn over it (barGap −100%), so the missing part of
 * each bar is the points lost. Scores that lose more than LOST_SHARE_WARNING of the weight, or exceed it
 * (a finding), are amber.
 */
export function level1ScoreOption(input: Level1ScoreInput): EChartsOption {
	const { groups, title } = input;
	const any = groups.some((g) => isNumber(g.weight) || isNumber(g.score));
	const scoreColor = (g: Level1ScoreGroup) => {
		if (!isNumber(g.score) || !isNumber(g.weight) || g.weight <= 0) return NORMAL_COLOR;
		const over = g.score > g.weight + 1e-9;
		const lost = (g.weight - g.score) / g.weight > LOST_SHARE_WARNING + 1e-9;
		return over || lost ? WARNING_COLOR : NORMAL_COLOR;
	};
	return {
		...baseOption(title),
		legend: { data: [m.chart_score(), m.chart_weight()], top: topLayout(undefined, true).legend, left: 'center' },
		grid: { left: 16, right: 24, top: topLayout(undefined, true).grid, bottom: 32 },
		tooltip: {
			trigger: 'axis',
			axisPointer: { type: 'shadow' },
			formatter: (p: unknown) => {
				const first = asParams(p)[0];
				if (!first) return '';
				const g = groups[first.dataIndex];
				const lost = isNumber(g.weight) && isNumber(g.score) ? formatScore(g.weight - g.score) : '—';
				return [
					escapeHtml(g.level1),
					`${dot(scoreColor(g))}${m.chart_metric_value({ metric: m.chart_score(), value: formatScore(g.score) })}`,
					`${dot(MUTED_COLOR)}${m.chart_metric_value({ metric: m.chart_weight(), value: formatScore(g.weight) })}`,
					m.chart_points_lost({ value: lost })
				].join('<br/>');
			}
		},
		xAxis: {
			type: 'category',
			data: groups.map((g) => g.level1),
			axisLabel: { interval: 0, fontSize: 11 }
		},
		yAxis: { type: 'value', name: m.chart_points(), min: 0 },
		series: [
			{
				type: 'bar',
				name: m.chart_weight(),
				barMaxWidth: 56,
				itemStyle: { color: MUTED_COLOR },
				data: any ? groups.map((g) => (isNumber(g.weight) ? g.weight : null)) : [],
				label: {
					show: true,
					position: 'top',
					color: '#656d76',
					fontSize: 11,
					formatter: (p: unknown) => m.chart_full_marks({ value: formatScore(asParams(p)[0].value as number) })
				},
				z: 1
			},
			{
				type: 'bar',
				name: m.chart_score(),
				barMaxWidth: 56,
				barGap: '-100%',
				itemStyle: { color: NORMAL_COLOR },
				data: any
					? groups.map((g) => (isNumber(g.score) ? { value: g.score, itemStyle: { color: scoreColor(g) } } : null))
					: [],
				label: {
					show: true,
					position: 'insideTop',
					color: '#ffffff',
					fontSize: 11,
					formatter: (p: unknown) => formatScore(asParams(p)[0].value as number)
				},
				z: 2
			}
		]
	};
}
