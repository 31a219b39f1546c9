/**
 * A ranking as horizontal bars, worst first at the top: what an analyst opens the page to find. Scales to a
 * province (20,000 units): large mode, progressive rendering and a vertical dataZoom over ~30 bars.
 */
import type { EChartsOption } from 'echarts';
import { formatRate, formatScore } from '../domain/format';
import { round } from '../domain/rates';
import { gradeOf } from '../domain/scoring';
import { gradeLabel } from '../labels';
import { m } from '../paraglide/messages';
import {
	ABOVE_100_COLOR,
	EPS,
	GRADES,
	GRADE_COLORS,
	LARGE_THRESHOLD,
	NORMAL_COLOR,
	PROGRESSIVE_CHUNK,
	VISIBLE_ROWS,
	WARNING_COLOR,
	alertLineSeries,
	asParams,
	baseOption,
	escapeHtml,
	idCategory,
	isBelowAlert,
	isNumber,
	leftOutNote,
	percentTick,
	topLayout
} from './common';

/**
 * - `rate`: execution rate, a fraction; lowest first, amber below the alert line, violet above 100%.
 * - `score`: a score in points (0–100); lowest first, coloured by grade.
 * - `gap`: a signed difference in points, e.g. self-evaluated − recomputed score; largest |gap| first, amber
 *   when positive (the unit gave itself more than its numbers support).
 */
export type RankingMetric = 'rate' | 'score' | 'gap';

export interface RankingRow {
	/** what a click hands back (a unit or form id), see clickedId */
	id: number;
	/** the unit (or form) name shown on the axis and in the tooltip */
	label: string;
	/** null when the unit has no value for the metric: left out, and counted in the subtitle */
	value: number | null;
}

export interface RankingInput {
	rows: RankingRow[];
	metric: RankingMetric;
	/** a fraction (0.9); drawn, and used for colour, for `rate` only */
	alertLine?: number;
	title: string;
}

const METRIC_NAMES: Record<RankingMetric, () => string> = { rate: m.chart_rate, score: m.chart_score, gap: m.chart_gap };

/** 执行率 / 得分 / 分差, as the value axis and tooltips name the metric. */
export function metricName(metric: RankingMetric): string {
	return METRIC_NAMES[metric]();
}

/** Labels longer than this are cut on the axis (the tooltip has the full name). */
const AXIS_LABEL_CHARS = 14;

interface RankClass {
	name: string;
	color: string;
	test: (value: number) => boolean;
}

function classesFor(metric: RankingMetric, alertLine: number | undefined): RankClass[] {
	if (metric === 'rate') {
		const hasAlert = isNumber(alertLine);
		return [
			...(hasAlert
				? [{ name: m.chart_below_alert(), color: WARNING_COLOR, test: (v: number) => isBelowAlert(v, alertLine) }]
				: []),
			{
				name: hasAlert ? m.chart_not_below_alert() : m.chart_rate(),
				color: NORMAL_COLOR,
				test: (v: number) => v <= 1 + EPS && !(hasAlert && isBelowAlert(v, alertLine))
			},
			{
				name: m.chart_above_100(),
				color: ABOVE_100_COLOR,
				// classes are disjoint: under an alert line above 100%, "below the line" wins
				test: (v: number) => v > 1 + EPS && !(hasAlert && isBelowAlert(v, alertLine))
			}
		];
	}
	if (metric === 'score') {
		return GRADES.map((g) => ({ name: gradeLabel(g), color: GRADE_COLORS[g], test: (v: number) => gradeOf(v) === g }));
	}
	return [
		{ name: m.chart_self_above_recomputed(), color: WARNING_COLOR, test: (v: number) => v > EPS },
		{ name: m.chart_other(), color: NORMAL_COLOR, test: (v: number) => v <= EPS }
	];
}

export function formatMetric(metric: RankingMetric, value: number | null | undefined): string {
	if (metric === 'rate') return formatRate(value);
	if (metric === 'gap' && isNumber(value) && value > 0) return `+${formatScore(value)}`;
	return formatScore(value);
}

/** Rates and scores: lowest first. Gaps: largest either way first. Ties by id, so the order is stable. */
export function rankRows(rows: readonly RankingRow[], metric: RankingMetric): RankingRow[] {
	const present = rows.filter((r) => isNumber(r.value));
	const key =
		metric === 'gap' ? (r: RankingRow) => -Math.abs(r.value as number) : (r: RankingRow) => r.value as number;
	return present.sort((a, b) => key(a) - key(b) || a.id - b.id);
}

/** Rounds away from zero to a tenth below 1 and to a whole number above, so the axis ends on a tick. */
function roomy(x: number, step: number): number {
	return Math.sign(x) * round(Math.ceil(Math.abs(x) / step - 1e-9) * step, 6);
}

/**
 * The value axis extent, from all rows rather than the ones the dataZoom shows: scrolling a ranking must not
 * rescale it, and the alert line must stay on the axis when the visible bars are all far below it.
 */
export function valueExtent(
	metric: RankingMetric,
	min: number,
	max: number,
	alertLine?: number
): { min: number; max: number } {
	if (metric === 'rate') {
		return {
			min: Math.min(0, roomy(min, 0.1)),
			max: Math.max(1, roomy(max, 0.1), isNumber(alertLine) ? roomy(alertLine, 0.1) : 0)
		};
	}
	if (metric === 'score') return { min: Math.min(0, roomy(min, 10)), max: Math.max(100, roomy(max, 10)) };
	const step = Math.max(Math.abs(min), Math.abs(max)) > 1 ? 1 : 0.1;
	return { min: Math.min(0, roomy(min, step)), max: Math.max(0, roomy(max, step)) };
}

function cut(label: string): string {
	return label.length > AXIS_LABEL_CHARS ? `${label.slice(0, AXIS_LABEL_CHARS - 1)}…` : label;
}

/**
 * Horizontal bars, worst at the top (inverse category axis). One series per colour class, overlaid with
 * barGap −100%: in large mode ECharts draws a series in one colour, so colour cannot be set per bar. Axis
 * categories are `id:N` and shown as labels, so names may repeat and an axis-label click still yields the id;
 * each bar's data item is `{ value, id }`.
 */
export function rankingOption(input: RankingInput): EChartsOption {
	const { rows, metric, alertLine, title } = input;
	const ranked = rankRows(rows, metric);
	const missing = rows.length - ranked.length;
	const n = ranked.length;
	const large = n > LARGE_THRESHOLD;
	const zoom = n > VISIBLE_ROWS;
	const byCategory = new Map(ranked.map((r, i) => [idCategory(r.id), { row: r, rank: i + 1 }]));
	const labelOf = (category: string | number) => byCategory.get(String(category))?.row.label ?? String(category);
	const values = ranked.map((r) => r.value as number);
	const min = values.reduce((m, v) => (v < m ? v : m), 0);
	const max = values.reduce((m, v) => (v > m ? v : m), 0);
	const classes = classesFor(metric, alertLine).filter((c) => values.some(c.test));
	const showAlert = metric === 'rate' && isNumber(alertLine);

	const extent = valueExtent(metric, min, max, showAlert ? alertLine : undefined);
	const valueAxis = {
		type: 'value' as const,
		name: metricName(metric),
		nameLocation: 'middle' as const,
		nameGap: 26,
		...extent,
		axisLabel: metric === 'rate' ? { formatter: percentTick } : {}
	};

	const series: NonNullable<EChartsOption['series']> = classes.map((c, i) => ({
		type: 'bar' as const,
		name: c.name,
		itemStyle: { color: c.color },
		barGap: '-100%',
		barCategoryGap: '25%',
		data: ranked.map((r) => (c.test(r.value as number) ? { value: r.value as number, id: r.id } : null)),
		label: large
			? { show: false }
			: {
					show: true,
					position: 'right' as const,
					fontSize: 11,
					formatter: (p: unknown) => formatMetric(metric, asParams(p)[0].value as number)
				},
		...(large
			? {
					large: true,
					largeThreshold: LARGE_THRESHOLD,
					progressive: PROGRESSIVE_CHUNK,
					progressiveChunkMode: 'mod' as const
				}
			: {}),
		z: 2 + i
	}));
	// the category axis is inverted, so the line starts at the top: its label goes there, clear of the ticks
	series.push(alertLineSeries(showAlert ? alertLine : null, 'x', alertLine, {}, 'start'));

	const note = leftOutNote(missing, ({ count }) => m.chart_left_out_missing_metric({ count, metric: metricName(metric) }));
	const top = topLayout(note, true);
	return {
		...baseOption(title, note),
		animation: !large,
		legend: { data: classes.map((c) => c.name), top: top.legend, left: 'center' },
		grid: { left: 8, right: zoom ? 56 : 64, top: top.grid, bottom: 44 },
		tooltip: {
			trigger: 'axis',
			axisPointer: { type: 'shadow' },
			formatter: (p: unknown) => {
				const first = asParams(p)[0];
				const hit = first ? byCategory.get(String(first.axisValue)) : undefined;
				if (!hit) return '';
				const { row, rank } = hit;
				const note = showAlert && isBelowAlert(row.value as number, alertLine) ? m.chart_below_alert_suffix() : '';
				const value = m.chart_metric_value({ metric: metricName(metric), value: formatMetric(metric, row.value) }) + note;
				return `${escapeHtml(row.label)}<br/>${value}<br/>${m.chart_rank({ rank, total: n })}`;
			}
		},
		xAxis: valueAxis,
		yAxis: {
			type: 'category',
			inverse: true,
			triggerEvent: true,
			data: ranked.map((r) => idCategory(r.id)),
			axisTick: { show: false },
			axisLabel: { interval: 0, fontSize: 11, formatter: (v: string) => cut(labelOf(v)) }
		},
		dataZoom: zoom
			? [
					{
						type: 'slider',
						yAxisIndex: 0,
						startValue: 0,
						endValue: VISIBLE_ROWS - 1,
						right: 8,
						width: 18,
						filterMode: 'filter',
						showDetail: false,
						brushSelect: false
					},
					{
						type: 'inside',
						yAxisIndex: 0,
						startValue: 0,
						endValue: VISIBLE_ROWS - 1,
						filterMode: 'filter',
						zoomOnMouseWheel: false,
						moveOnMouseWheel: true
					}
				]
			: undefined,
		series
	};
}
