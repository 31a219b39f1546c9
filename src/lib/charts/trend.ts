/** Values across years: the units an analyst picked, and one unit's history. */
import type { EChartsOption } from 'echarts';
import { formatRate, formatScore } from '../domain/format';
import { m } from '../paraglide/messages';
import {
	ABOVE_100_COLOR,
	EPS,
	NORMAL_COLOR,
	WARNING_COLOR,
	alertLineName,
	alertLineSeries,
	asParams,
	baseOption,
	dot,
	escapeHtml,
	isBelowAlert,
	isNumber,
	percentTick,
	topLayout
} from './common';

export interface TrendSeries {
	/** the unit's id, on every point (see clickedId) */
	id: number;
	name: string;
	/** parallel to `years`; null where the unit has no form that year (the line breaks there) */
	values: (number | null)[];
}

export interface TrendInput {
	years: number[];
	series: TrendSeries[];
	metric: 'rate' | 'score';
	/** a fraction (0.9), drawn for `rate` */
	alertLine?: number;
	title: string;
}

interface PointItem {
	value: number;
	id: number;
}

/** Above this many lines the legend scrolls instead of wrapping over the plot. */
const PLAIN_LEGEND_MAX = 8;

/**
 * One line per unit. Missing years break the line (connectNulls false): a straight segment across a year
 * with no form would draw a value nobody printed.
 */
export function trendOption(input: TrendInput): EChartsOption {
	const { years, series, metric, alertLine, title } = input;
	const fmt = metric === 'rate' ? formatRate : formatScore;
	const showAlert = metric === 'rate' && isNumber(alertLine);
	const lines = series.map((s) => ({
		type: 'line' as const,
		id: `unit-${s.id}`,
		name: s.name,
		connectNulls: false,
		symbolSize: 6,
		data: years.map((_, i) => {
			const v = s.values[i];
			return isNumber(v) ? ({ value: v, id: s.id } satisfies PointItem) : null;
		})
	}));
	return {
		...baseOption(title),
		legend: {
			type: series.length > PLAIN_LEGEND_MAX ? 'scroll' : 'plain',
			data: series.map((s) => s.name),
			top: topLayout(undefined, true).legend,
			left: 'center'
		},
		grid: { left: 16, right: 40, top: topLayout(undefined, true).grid, bottom: 32 },
		tooltip: {
			trigger: 'axis',
			formatter: (p: unknown) => {
				const list = asParams(p).filter((x) => x.seriesName !== alertLineName());
				if (!list.length) return '';
				const rows = list.map((x) => {
					const v = (x.data as PointItem | null)?.value;
					return `${x.marker ?? ''}${m.chart_metric_value({ metric: escapeHtml(x.seriesName ?? ''), value: fmt(v) })}`;
				});
				return [m.chart_year({ year: list[0].axisValue ?? '' }), ...rows].join('<br/>');
			}
		},
		xAxis: { type: 'category', data: years.map(String), boundaryGap: false, axisLabel: { formatter: m.chart_year({ year: '{value}' }) } },
		yAxis:
			metric === 'rate'
				? { type: 'value', name: m.chart_rate(), axisLabel: { formatter: percentTick } }
				: { type: 'value', name: m.chart_score(), max: (e: { max: number }) => (e.max > 100 ? e.max : 100) },
		series: [...lines, alertLineSeries(showAlert ? alertLine : null, 'y')]
	};
}

export interface UnitHistoryInput {
	years: number[];
	/** execution rates (fractions), parallel to `years` */
	rates: (number | null)[];
	/** total scores, parallel to `years` */
	scores: (number | null)[];
	/** a fraction (0.9) */
	alertLine: number;
	title: string;
}

/**
 * One unit over the years: execution rate as bars on the left percent axis (amber below the line, violet
 * above 100%), total score as a line on the right axis (0–100).
 */
export function unitHistoryOption(input: UnitHistoryInput): EChartsOption {
	const { years, rates, scores, alertLine, title } = input;
	const rateColor = (r: number) =>
		isNumber(alertLine) && isBelowAlert(r, alertLine) ? WARNING_COLOR : r > 1 + EPS ? ABOVE_100_COLOR : NORMAL_COLOR;
	const rateData = years.map((_, i) => {
		const r = rates[i];
		return isNumber(r) ? { value: r, itemStyle: { color: rateColor(r) } } : null;
	});
	const scoreData = years.map((_, i) => {
		const s = scores[i];
		return isNumber(s) ? s : null;
	});
	const maxScore = scoreData.reduce<number>((m, s) => (s !== null && s > m ? s : m), 100);
	return {
		...baseOption(title),
		legend: { data: [m.chart_rate(), m.chart_total_score()], top: topLayout(undefined, true).legend, left: 'center' },
		grid: { left: 16, right: 16, top: topLayout(undefined, true).grid, bottom: 32 },
		tooltip: {
			trigger: 'axis',
			axisPointer: { type: 'shadow' },
			formatter: (p: unknown) => {
				const first = asParams(p)[0];
				if (!first) return '';
				const i = first.dataIndex;
				const r = rates[i];
				const note = isNumber(r) && isNumber(alertLine) && isBelowAlert(r, alertLine) ? m.chart_below_alert_suffix() : '';
				return [
					m.chart_year({ year: years[i] }),
					`${dot(isNumber(r) ? rateColor(r) : NORMAL_COLOR)}${m.chart_metric_value({ metric: m.chart_rate(), value: formatRate(r) })}${note}`,
					`${dot('#1f2328')}${m.chart_metric_value({ metric: m.chart_total_score(), value: formatScore(scores[i]) })}`
				].join('<br/>');
			}
		},
		xAxis: { type: 'category', data: years.map(String), axisLabel: { formatter: m.chart_year({ year: '{value}' }) } },
		yAxis: [
			{
				type: 'value',
				name: m.chart_rate(),
				min: rates.some((r) => isNumber(r) && r < 0) ? undefined : 0,
				axisLabel: { formatter: percentTick }
			},
			{ type: 'value', name: m.chart_total_score(), min: 0, max: maxScore > 100 ? undefined : 100, splitLine: { show: false } }
		],
		series: [
			{
				type: 'bar',
				name: m.chart_rate(),
				yAxisIndex: 0,
				barMaxWidth: 40,
				itemStyle: { color: NORMAL_COLOR },
				data: rateData,
				label: {
					show: true,
					position: 'top',
					fontSize: 11,
					formatter: (p: unknown) => formatRate(asParams(p)[0].value as number)
				}
			},
			{
				type: 'line',
				name: m.chart_total_score(),
				yAxisIndex: 1,
				connectNulls: false,
				symbolSize: 7,
				itemStyle: { color: '#1f2328' },
				lineStyle: { color: '#1f2328', width: 2 },
				data: scoreData
			},
			alertLineSeries(alertLine, 'y', alertLine, { yAxisIndex: 0 })
		]
	};
}
