/** Units × years: which units miss the line year after year. */
import type { EChartsOption } from 'echarts';
import { formatRate, formatScore } from '../domain/format';
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
	asParams,
	baseOption,
	escapeHtml,
	gradeRange,
	isNumber,
	leftOutNote,
	topLayout
} from './common';

export interface HeatmapCell {
	/** index into `units` */
	unit: number;
	/** index into `years` */
	year: number;
	/** a rate (fraction) or a score; null cells are drawn blank */
	value: number | null;
}

export interface HeatmapInput {
	/** unit names, top to bottom */
	units: string[];
	years: number[];
	cells: HeatmapCell[];
	metric: 'rate' | 'score';
	/** a fraction (0.9), for `rate` */
	alertLine?: number;
	title: string;
	/** ids parallel to `units`: when given, each cell's data item carries its unit's id (see clickedId) */
	unitIds?: number[];
}

interface CellItem {
	value: [number, number, number];
	id?: number;
}

/** Piecewise colours, so that a cell's colour says the same as the findings: below the line, normal, >100%. */
export function heatmapPieces(metric: 'rate' | 'score', alertLine?: number) {
	if (metric === 'score') {
		const bounds: Record<string, { gte?: number; lt?: number }> = {
			优: { gte: 90 },
			良: { gte: 80, lt: 90 },
			中: { gte: 60, lt: 80 },
			差: { lt: 60 }
		};
		return GRADES.map((g) => ({ ...bounds[g], color: GRADE_COLORS[g], label: m.chart_grade_with_range({ grade: gradeLabel(g), range: gradeRange(g) }) }));
	}
	const above = { gt: 1 + EPS, color: ABOVE_100_COLOR, label: m.chart_above_100() };
	if (!isNumber(alertLine)) return [{ lte: 1 + EPS, color: NORMAL_COLOR, label: m.chart_not_above_100() }, above];
	return [
		{ lt: alertLine - EPS, color: WARNING_COLOR, label: m.chart_below_alert_at({ rate: formatRate(alertLine) }) },
		{ gte: alertLine - EPS, lte: 1 + EPS, color: NORMAL_COLOR, label: `${formatRate(alertLine)}–100%` },
		above
	];
}

/**
 * Heatmap with units down (first unit on top) and years across. Cells out of range are left out and
 * counted in the subtitle; null cells stay blank. A vertical dataZoom shows ~30 units at a time when there
 * are more, and the series renders progressively when the cells run into thousands.
 */
export function heatmapOption(input: HeatmapInput): EChartsOption {
	const { units, years, cells, metric, alertLine, title, unitIds } = input;
	const data: CellItem[] = [];
	let outside = 0;
	for (const c of cells) {
		if (!Number.isInteger(c.unit) || c.unit < 0 || c.unit >= units.length) {
			outside++;
			continue;
		}
		if (!Number.isInteger(c.year) || c.year < 0 || c.year >= years.length) {
			outside++;
			continue;
		}
		if (!isNumber(c.value)) continue;
		const item: CellItem = { value: [c.year, c.unit, c.value] };
		if (unitIds && isNumber(unitIds[c.unit])) item.id = unitIds[c.unit];
		data.push(item);
	}
	const fmt = metric === 'rate' ? formatRate : formatScore;
	const zoom = units.length > VISIBLE_ROWS;
	const large = data.length > LARGE_THRESHOLD;
	const cellLabels = units.length <= VISIBLE_ROWS && years.length <= 12;
	const range = { start: 0, end: Math.min(units.length, VISIBLE_ROWS) - 1 };
	const note = leftOutNote(outside, m.chart_left_out_cells);
	return {
		...baseOption(title, note),
		animation: !large,
		grid: { left: 8, right: zoom ? 48 : 24, top: topLayout(note, false).grid, bottom: 72 },
		tooltip: {
			trigger: 'item',
			formatter: (p: unknown) => {
				const { data: d } = asParams(p)[0] as { data?: CellItem };
				if (!d) return '';
				const [x, y, v] = d.value;
				const name = metric === 'rate' ? m.chart_rate() : m.chart_score();
				return `${escapeHtml(units[y])}<br/>${m.chart_heatmap_cell({ year: years[x], metric: name, value: fmt(v) })}`;
			}
		},
		xAxis: {
			type: 'category',
			data: years.map(String),
			splitArea: { show: true },
			// an ECharts template: {value} is the year
			axisLabel: { formatter: m.chart_year({ year: '{value}' }) }
		},
		yAxis: {
			type: 'category',
			inverse: true,
			data: units,
			splitArea: { show: true },
			axisLabel: { interval: 0, fontSize: 11 }
		},
		visualMap: {
			type: 'piecewise',
			dimension: 2,
			seriesIndex: 0,
			orient: 'horizontal',
			left: 'center',
			bottom: 8,
			pieces: heatmapPieces(metric, alertLine)
		},
		dataZoom: zoom
			? [
					{
						type: 'slider',
						yAxisIndex: 0,
						startValue: range.start,
						endValue: range.end,
						right: 8,
						width: 18,
						showDetail: false,
						brushSelect: false
					},
					{
						type: 'inside',
						yAxisIndex: 0,
						startValue: range.start,
						endValue: range.end,
						zoomOnMouseWheel: false,
						moveOnMouseWheel: true
					}
				]
			: undefined,
		series: [
			{
				type: 'heatmap',
				name: metric === 'rate' ? m.chart_rate() : m.chart_score(),
				data,
				label: {
					show: cellLabels,
					fontSize: 10,
					color: '#ffffff',
					formatter: (p: unknown) => {
						const { data: d } = asParams(p)[0] as { data?: CellItem };
						return d ? fmt(d.value[2]) : '';
					}
				},
				itemStyle: { borderColor: '#ffffff', borderWidth: 1 },
				emphasis: { itemStyle: { borderColor: '#1f2328', borderWidth: 1 } },
				...(large ? { progressive: PROGRESSIVE_CHUNK, progressiveThreshold: LARGE_THRESHOLD } : {})
			}
		]
	};
}
