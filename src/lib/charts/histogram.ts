/** How execution rates are spread: a histogram with the alert line drawn between bins. */
import type { EChartsOption } from 'echarts';
import { formatRate } from '../domain/format';
import { m } from '../paraglide/messages';
import { rateBins, type RateBin, type RateBinning } from './bins';
import {
	ABOVE_100_COLOR,
	NORMAL_COLOR,
	WARNING_COLOR,
	alertLineSeries,
	asParams,
	baseOption,
	leftOutNote,
	topLayout
} from './common';

export { rateBins };
export type { RateBin, RateBinning };

export interface RateHistogramInput {
	/** execution rates as fractions (0.9444 = 94.44%), one per form or unit; leave out absent rates */
	rates?: number[];
	/**
	 * the rates already counted into bins for this alert line (the overview's, counted by the database);
	 * used instead of `rates`, and `binWidth` is then ignored
	 */
	binning?: RateBinning;
	/** the alert line, a fraction (0.9) */
	alertLine: number;
	title: string;
	/** bin width as a fraction; 0.05 = 5 percentage points */
	binWidth?: number;
}

/**
 * Histogram of execution rates. Bins below the alert line are in WARNING_COLOR, >100% in ABOVE_100_COLOR,
 * and the alert line is a markLine drawn on the boundary between bins (on a hidden value axis that spans
 * the bins, because a category axis can only mark a bin's centre).
 */
export function rateHistogramOption(input: RateHistogramInput): EChartsOption {
	const { alertLine, title, binWidth = 0.05 } = input;
	const { bins, alertBoundary, invalid } = input.binning ?? rateBins(input.rates ?? [], alertLine, binWidth);
	const total = bins.reduce((s, b) => s + b.count, 0);
	const colorOf = (b: RateBin) =>
		b.belowAlert ? WARNING_COLOR : b.from === 1 && b.to !== 1 ? ABOVE_100_COLOR : NORMAL_COLOR;
	const note = leftOutNote(invalid, m.chart_left_out_invalid_rates);
	return {
		...baseOption(title, note),
		grid: { left: 48, right: 24, top: topLayout(note, false).grid, bottom: 40 },
		tooltip: {
			trigger: 'axis',
			axisPointer: { type: 'shadow' },
			formatter: (p: unknown) => {
				const first = asParams(p).find((x) => x.seriesIndex === 0);
				if (!first) return '';
				const bin = bins[first.dataIndex];
				const share = total > 0 ? formatRate(bin.count / total) : '—';
				const note = bin.belowAlert ? `<br/>${m.chart_below_alert()}` : '';
				return `${m.chart_rate_bin({ bin: bin.label })}<br/>${m.chart_count_share({ count: bin.count, share })}${note}`;
			}
		},
		xAxis: [
			{
				type: 'category',
				name: m.chart_rate(),
				nameLocation: 'middle',
				nameGap: 28,
				data: bins.map((b) => b.label),
				axisTick: { alignWithLabel: true },
				axisLabel: { interval: 0, rotate: bins.length > 12 ? 40 : 0, fontSize: 11 }
			},
			// spans the bins 0..n so that the alert line can stand on a boundary between two of them
			{ type: 'value', min: 0, max: bins.length, show: false }
		],
		yAxis: { type: 'value', name: m.chart_count(), minInterval: 1 },
		series: [
			{
				type: 'bar',
				name: m.chart_count(),
				barCategoryGap: '8%',
				data:
					total === 0
						? []
						: bins.map((b) => ({ value: b.count, itemStyle: { color: colorOf(b) } })),
				label: {
					show: true,
					position: 'top',
					formatter: (p: unknown) => {
						const value = asParams(p)[0].value;
						return value ? String(value) : '';
					}
				}
			},
			alertLineSeries(alertLine, 'x', alertBoundary, { xAxisIndex: 1 })
		]
	};
}
