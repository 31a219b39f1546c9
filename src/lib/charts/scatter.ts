/** Budget against execution rate: do small or large budgets miss the alert line? */
import type { EChartsOption } from 'echarts';
import type { MoneyUnit } from '../domain/form';
import { formatMoney, formatNumber, formatRate } from '../domain/format';
import { m } from '../paraglide/messages';
import {
	LARGE_THRESHOLD,
	NORMAL_COLOR,
	PROGRESSIVE_CHUNK,
	WARNING_COLOR,
	alertLineSeries,
	asParams,
	baseOption,
	escapeHtml,
	isBelowAlert,
	isNumber,
	leftOutNote,
	percentTick,
	topLayout
} from './common';

export interface BudgetPoint {
	/** what a click hands back, see clickedId */
	id: number;
	label: string;
	/** 全年预算数 in `moneyUnit`; null or ≤ 0 cannot stand on a log axis and is left out (and counted) */
	budget: number | null;
	/** execution rate, a fraction; null is left out (and counted) */
	rate: number | null;
}

export interface BudgetScatterInput {
	points: BudgetPoint[];
	/** a fraction (0.9) */
	alertLine: number;
	title: string;
	moneyUnit?: MoneyUnit;
}

interface PointItem {
	value: [number, number];
	id: number;
	name: string;
}

/**
 * x = budget on a log axis (budgets span four orders of magnitude), y = rate on a percent axis, alert line
 * as a markLine, points below it in WARNING_COLOR (a series of their own, so large mode keeps the colour).
 * Large mode above LARGE_THRESHOLD points.
 */
export function budgetScatterOption(input: BudgetScatterInput): EChartsOption {
	const { points, alertLine, title, moneyUnit = '万元' } = input;
	const below: PointItem[] = [];
	const other: PointItem[] = [];
	let missing = 0;
	let negative = false;
	for (const p of points) {
		if (!isNumber(p.budget) || p.budget <= 0 || !isNumber(p.rate)) {
			missing++;
			continue;
		}
		if (p.rate < 0) negative = true;
		const item: PointItem = { value: [p.budget, p.rate], id: p.id, name: p.label };
		(isNumber(alertLine) && isBelowAlert(p.rate, alertLine) ? below : other).push(item);
	}
	const n = below.length + other.length;
	const large = n > LARGE_THRESHOLD;
	const tooltip = (p: unknown) => {
		const { data } = asParams(p)[0] as { data?: PointItem };
		if (!data) return '';
		const [budget, rate] = data.value;
		const note = isNumber(alertLine) && isBelowAlert(rate, alertLine) ? m.chart_below_alert_suffix() : '';
		const money = m.chart_metric_value({ metric: m.chart_budget(), value: formatMoney(budget, moneyUnit) });
		const rateText = m.chart_metric_value({ metric: m.chart_rate(), value: formatRate(rate) });
		return `${escapeHtml(data.name)}<br/>${money}<br/>${rateText}${note}`;
	};
	const common = {
		type: 'scatter' as const,
		symbolSize: large ? 4 : 7,
		...(large ? { large: true, largeThreshold: LARGE_THRESHOLD, progressive: PROGRESSIVE_CHUNK } : {})
	};
	const note = leftOutNote(missing, m.chart_left_out_budget_points);
	const top = topLayout(note, true);
	return {
		...baseOption(title, note),
		animation: !large,
		legend: { data: [m.chart_below_alert(), m.chart_not_below_alert()], top: top.legend, left: 'center' },
		grid: { left: 16, right: 40, top: top.grid, bottom: 40 },
		tooltip: { trigger: 'item', formatter: tooltip },
		xAxis: {
			type: 'log',
			logBase: 10,
			name: m.chart_budget_axis({ unit: moneyUnit }),
			nameLocation: 'middle',
			nameGap: 28,
			axisLabel: { formatter: (v: number) => formatNumber(v, v < 1 ? 2 : 0) },
			splitLine: { show: true, lineStyle: { type: 'dashed' } }
		},
		yAxis: {
			type: 'value',
			name: m.chart_rate(),
			min: negative ? undefined : 0,
			axisLabel: { formatter: percentTick }
		},
		series: [
			{
				...common,
				name: m.chart_below_alert(),
				itemStyle: { color: WARNING_COLOR, opacity: 0.85 },
				data: below
			},
			{ ...common, name: m.chart_not_below_alert(), itemStyle: { color: NORMAL_COLOR, opacity: 0.7 }, data: other },
			alertLineSeries(alertLine, 'y')
		]
	};
}
