/**
 * What every chart shares: the palette (exported so that the pages' CSS can use the same colours), the CJK
 * font stack, the title and save-as-image toolbox, percent axes, and the alert-line comparison.
 *
 * Builders here are pure (data → EChartsOption) and import ECharts' types only, so they run in node tests
 * and on the server; the runtime lives in `echarts.ts`, loaded by Chart.svelte in the browser.
 */
import type { EChartsOption } from 'echarts';
import type { Grade } from '../domain/form';
import { formatRate } from '../domain/format';
import { m } from '../paraglide/messages';
import { EPS, isNumber, percentTick } from './bins';

/** Below the alert line (and other values that need a look): the same amber as app.css `--warn`. */
export const WARNING_COLOR = '#b45309';
/** Values that need no attention. */
export const NORMAL_COLOR = '#3b72b9';
/** Rates above 100%: executed more than the budget, a finding of its own. */
export const ABOVE_100_COLOR = '#7c3aed';
/** Reference bars (a weight behind its score) and missing values. */
export const MUTED_COLOR = '#d0d7de';
/** The alert line itself. */
export const ALERT_LINE_COLOR = '#b91c1c';

export const GRADES: readonly Grade[] = ['优', '良', '中', '差'];

/** 优 green, 良 blue, 中 amber, 差 red — as app.css `--ok`, `--info`, `--bad`. */
export const GRADE_COLORS: Readonly<Record<Grade, string>> = {
	优: '#15803d',
	良: '#1d4ed8',
	中: '#d97706',
	差: '#b91c1c'
};

const GRADE_RANGES: Readonly<Record<Grade, () => string>> = {
	优: m.chart_grade_range_excellent,
	良: m.chart_grade_range_good,
	中: m.chart_grade_range_fair,
	差: m.chart_grade_range_poor
};

/** The score range of a grade (domain.md §5), for legends and tooltips: 90–100 分. */
export function gradeRange(grade: Grade): string {
	return GRADE_RANGES[grade]();
}

/** Canvas text does not fall back like CSS does: without a CJK font named, Chinese labels draw as boxes. */
export const CHART_FONT_FAMILY = "'Noto Sans CJK SC', 'PingFang SC', 'Microsoft YaHei', sans-serif";

/** Above this many points a series switches to ECharts' large (batched, progressive) mode. */
export const LARGE_THRESHOLD = 2000;
/** Chunk size of progressive rendering for large series. */
export const PROGRESSIVE_CHUNK = 5000;
/** Bars or rows shown at a time before a dataZoom takes over; more would not leave room for a label. */
export const VISIBLE_ROWS = 30;

export { EPS, isNumber, percentTick };

/** A rate below the alert line, with the same test as the RATE_BELOW_ALERT finding. */
export function isBelowAlert(rate: number, alertLine: number): boolean {
	return rate < alertLine - EPS;
}

/** Tooltips are HTML: a unit name is text. */
export function escapeHtml(text: string): string {
	return text
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;')
		.replace(/'/g, '&#39;');
}

/**
 * A chart title that names the filters in force, so that a saved image says what it shows:
 * chartTitle('执行率排名', { year: 2020, kind: '部门整体', below: '仅低于预警线' })
 * → '执行率排名 · 2020 年 · 部门整体 · 仅低于预警线'.
 *
 * String values are shown as given (callers pass them through the message catalogue); a number under the key
 * `year` or `年度` reads "2020 年" (in English "2020"), any other number "key value"; null, undefined and
 * blank values are filters not in force and are left out.
 */
export function chartTitle(
	base: string,
	filters: Record<string, string | number | null | undefined>
): string {
	const parts = [base.trim()];
	for (const [key, value] of Object.entries(filters)) {
		if (value === null || value === undefined) continue;
		if (typeof value === 'number') {
			if (!Number.isFinite(value)) continue;
			parts.push(key === 'year' || key === '年度' ? m.chart_year({ year: value }) : `${key} ${value}`);
			continue;
		}
		const text = value.trim();
		if (text) parts.push(text);
	}
	return parts.filter(Boolean).join(' · ');
}

/** A file name for the saved PNG: the title without the characters that file systems refuse. */
export function imageFileName(title: string): string {
	const name = title
		.replace(/[\\/:*?"<>|\r\n\t]+/g, '_')
		.replace(/\s*·\s*/g, '_')
		.replace(/\s+/g, ' ')
		.trim();
	return name || m.chart_default_name();
}

/**
 * The parts every chart has: its title (with `subtext` for what was left out and why), the CJK font, and a
 * toolbox that saves a PNG named after the title at twice the screen resolution.
 */
export function baseOption(title: string, subtext?: string): EChartsOption {
	return {
		title: {
			text: title,
			subtext: subtext ?? '',
			left: 'center',
			textStyle: { fontSize: 15, fontWeight: 600 },
			subtextStyle: { color: '#656d76' }
		},
		textStyle: { fontFamily: CHART_FONT_FAMILY },
		toolbox: {
			right: 8,
			top: 0,
			feature: {
				saveAsImage: {
					type: 'png',
					pixelRatio: 2,
					name: imageFileName(title),
					title: m.chart_save_image(),
					backgroundColor: '#ffffff'
				}
			}
		}
	};
}

/**
 * Vertical room above the plot: the title (and its subtext when something was left out), then the legend,
 * then the value axis name. Returns the `top` of the legend and of the grid.
 */
export function topLayout(subtext: string | undefined, legend: boolean): { legend: number; grid: number } {
	const legendTop = subtext ? 54 : 34;
	return { legend: legendTop, grid: legendTop + (legend ? 26 : 0) + 34 };
}

/**
 * The note under a title when inputs could not be drawn: never drop data without saying so. `message` says
 * how many and why (a catalogue message taking `count`).
 */
export function leftOutNote(count: number, message: (inputs: { count: number }) => string): string | undefined {
	return count > 0 ? message({ count }) : undefined;
}

function itemHasValue(item: unknown): boolean {
	if (isNumber(item)) return true;
	if (Array.isArray(item)) return item.length > 0 && isNumber(item[item.length - 1]);
	if (item && typeof item === 'object' && 'value' in item) {
		return itemHasValue((item as { value: unknown }).value);
	}
	return false;
}

/**
 * Whether an option has anything to draw: some series holds a numeric value. Builders give series an empty
 * `data` when their input is empty, so that Chart.svelte shows its empty state instead of bare axes.
 */
export function hasData(option: EChartsOption | null | undefined): boolean {
	if (!option) return false;
	const series = option.series;
	const list = Array.isArray(series) ? series : series ? [series] : [];
	return list.some((s) => {
		const data = (s as { data?: unknown }).data;
		return Array.isArray(data) && data.some(itemHasValue);
	});
}

/**
 * The id behind a click, whatever was clicked: a bar, point or cell carries `{ value, id }`; a category axis
 * label of a ranking carries the id as its value (the ranking's axis categories are ids, shown as labels).
 * Returns null when the click was on something without an id.
 */
export function clickedId(params: unknown): number | null {
	if (!params || typeof params !== 'object') return null;
	const p = params as { data?: unknown; componentType?: string; value?: unknown; targetType?: string };
	if (p.data && typeof p.data === 'object' && 'id' in p.data) {
		const id = (p.data as { id: unknown }).id;
		return isNumber(id) ? id : null;
	}
	if ((p.componentType === 'yAxis' || p.componentType === 'xAxis') && typeof p.value === 'string') {
		const m = /^id:(-?\d+)$/.exec(p.value);
		return m ? Number(m[1]) : null;
	}
	return null;
}

/** The axis category for a row id; the `id:` prefix keeps ids apart from any label an axis might hold. */
export function idCategory(id: number): string {
	return `id:${id}`;
}

/**
 * The alert line as a markLine on a series of its own with no data, so that hiding a series from the legend
 * never hides the line, and the line exists even when no point is below it. `at` is the value on the axis
 * (`axis` 'x' for vertical lines); `alertLine` is the fraction named in its label.
 */
export function alertLineSeries(
	alertLine: number | null | undefined,
	axis: 'x' | 'y',
	at: number | null | undefined = alertLine,
	place: { xAxisIndex?: number; yAxisIndex?: number } = {},
	// a horizontal line's label sits above its right end, inside the plot: beyond the end it is cut off
	labelPosition: 'end' | 'start' | 'insideEndTop' | 'insideStartTop' = axis === 'y' ? 'insideEndTop' : 'end'
): SeriesOption {
	const show = isNumber(alertLine) && isNumber(at);
	return {
		type: 'line',
		name: alertLineName(),
		data: [],
		...place,
		z: 10,
		markLine: show
			? {
					silent: true,
					symbol: 'none',
					lineStyle: { color: ALERT_LINE_COLOR, type: 'dashed', width: 1.5 },
					label: {
						formatter: m.chart_alert_line_label({ rate: formatRate(alertLine) }),
						position: labelPosition,
						color: ALERT_LINE_COLOR,
						// drawn over bars and points: a backing keeps it readable
						backgroundColor: 'rgba(255,255,255,0.85)',
						padding: [1, 3]
					},
					data: [axis === 'x' ? { xAxis: at } : { yAxis: at }]
				}
			: undefined
	};
}

/** The alert line's series name (trend tooltips leave it out by this name). */
export function alertLineName(): string {
	return m.chart_alert_line();
}

type SeriesOption = Extract<NonNullable<EChartsOption['series']>, unknown[]>[number];

/** A minimal view of the parameters ECharts passes to tooltip formatters. */
export interface TooltipParam {
	seriesName?: string;
	seriesIndex?: number;
	dataIndex: number;
	name?: string;
	value?: unknown;
	data?: unknown;
	color?: string;
	marker?: string;
	axisValue?: string | number;
}

export function asParams(p: unknown): TooltipParam[] {
	return (Array.isArray(p) ? p : [p]) as TooltipParam[];
}

/** A coloured dot as ECharts draws it in tooltips, for rows the formatter writes itself. */
export function dot(color: string): string {
	const style = `display:inline-block;margin-right:4px;border-radius:50%;width:10px;height:10px;background-color:${color};`;
	return `<span style="${style}"></span>`;
}
