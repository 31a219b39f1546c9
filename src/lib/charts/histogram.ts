/** How execution rates are spread: a histogram with the alert line drawn between bins. */
import type { EChartsOption } from 'echarts';
import { formatRate } from '../domain/format';
import { m } from '../paraglide/messages';
import {
	ABOVE_100_COLOR,
	EPS,
	NORMAL_COLOR,
	WARNING_COLOR,
	alertLineSeries,
	asParams,
	baseOption,
	isNumber,
	leftOutNote,
	percentTick,
	topLayout
} from './common';

/** A fraction in percentage points without the sign, for the left end of a range label: 0.3 → 30. */
function points(fraction: number): string {
	return percentTick(fraction).slice(0, -1);
}

export interface RateBin {
	/** axis label: '<30%', '30–35%', '100%', '>100%' */
	label: string;
	/** lower edge (inclusive), a fraction; null for the open first bin */
	from: number | null;
	/** upper edge (exclusive), a fraction; null for the open last bin; equal to `from` for the 100% bin */
	to: number | null;
	count: number;
	/** every rate in this bin is below the alert line */
	belowAlert: boolean;
}

export interface RateBinning {
	bins: RateBin[];
	/** how many bins lie wholly below the alert line: the line is drawn after them */
	alertBoundary: number;
	/** inputs that are not finite numbers, which no bin can hold */
	invalid: number;
}

/**
 * Sorts rates into bins: below `floor` (30%) in one, then `binWidth` steps up to 100%, exactly 100% on its own
 * (where most units sit) and above 100% on its own. The alert line is made an edge when it falls inside a
 * bin, so that each bin is wholly below or wholly above it and its colour never lies. Edges are compared
 * with the findings' tolerance, so a rate sits in a warning bin exactly when RATE_BELOW_ALERT is raised.
 */
export function rateBins(
	rates: readonly number[],
	alertLine: number,
	binWidth = 0.05,
	floor = 0.3
): RateBinning {
	if (!(binWidth > 0)) throw new RangeError(`binWidth 必须大于 0：${binWidth}`);
	const edges: number[] = [];
	const steps = Math.ceil((1 - floor) / binWidth - EPS);
	for (let k = 0; k < steps; k++) edges.push(floor + k * binWidth);
	const hasAlert = isNumber(alertLine);
	if (hasAlert && alertLine < 1 - EPS && !edges.some((e) => Math.abs(e - alertLine) <= EPS)) {
		edges.push(alertLine);
		edges.sort((a, b) => a - b);
	}
	const bins: RateBin[] = [];
	bins.push({ label: `<${percentTick(edges[0])}`, from: null, to: edges[0], count: 0, belowAlert: false });
	for (let i = 0; i < edges.length; i++) {
		const from = edges[i];
		const to = i + 1 < edges.length ? edges[i + 1] : 1;
		bins.push({ label: `${points(from)}–${percentTick(to)}`, from, to, count: 0, belowAlert: false });
	}
	bins.push({ label: '100%', from: 1, to: 1, count: 0, belowAlert: false });
	if (hasAlert && alertLine > 1 + EPS) {
		bins.push({ label: `100–${percentTick(alertLine)}`, from: 1, to: alertLine, count: 0, belowAlert: false });
		bins.push({ label: `≥${percentTick(alertLine)}`, from: alertLine, to: null, count: 0, belowAlert: false });
	} else {
		bins.push({ label: '>100%', from: 1, to: null, count: 0, belowAlert: false });
	}

	let alertBoundary = 0;
	if (hasAlert) {
		for (const bin of bins) {
			// a bin is below when its upper edge is at or under the line (the 100% bin: when 100% itself is below)
			const top = bin.to === null ? Infinity : bin.to;
			bin.belowAlert = bin.from === bin.to ? top < alertLine - EPS : top <= alertLine + EPS;
			if (bin.belowAlert) alertBoundary++;
		}
	}

	const exact = bins.findIndex((b) => b.label === '100%');
	let invalid = 0;
	for (const r of rates) {
		if (!isNumber(r)) {
			invalid++;
			continue;
		}
		let index: number;
		if (Math.abs(r - 1) <= EPS) index = exact;
		else if (r > 1) index = hasAlert && alertLine > 1 + EPS && r >= alertLine - EPS ? exact + 2 : exact + 1;
		else {
			index = 0;
			// bins 1..exact-1 start at edges[0..]; the last edge at or under r (with tolerance) wins
			for (let i = edges.length - 1; i >= 0; i--) {
				if (r >= edges[i] - EPS) {
					index = i + 1;
					break;
				}
			}
		}
		bins[index].count++;
	}
	return { bins, alertBoundary, invalid };
}

export interface RateHistogramInput {
	/** execution rates as fractions (0.9444 = 94.44%), one per form or unit; leave out absent rates */
	rates: number[];
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
	const { rates, alertLine, title, binWidth = 0.05 } = input;
	const { bins, alertBoundary, invalid } = rateBins(rates, alertLine, binWidth);
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
