/**
 * Shapes the form page needs but the contract does not store: the indicator tree as table rows with
 * rowspans, and subtotals per 一级指标. Pure, so it is tested without a browser.
 */
import type { Indicator } from './domain/form';
import { m } from './paraglide/messages';

export interface IndicatorRowView {
	indicator: Indicator;
	/** 1-based position in the form */
	n: number;
	/** rowspan for the 一级指标 cell on the first row of its group, 0 on the others */
	level1Span: number;
	/** rowspan for the 二级指标 cell on the first row of its group, 0 on the others */
	level2Span: number;
	/** weight − score when both are printed */
	lost: number | null;
}

export interface Level1Group {
	level1: string;
	weight: number | null;
	score: number | null;
	rows: number;
}

/** Groups consecutive rows with the same 一级 (and within it 二级) label, as the printed form merges them. */
export function indicatorRows(indicators: Indicator[]): IndicatorRowView[] {
	const out: IndicatorRowView[] = indicators.map((indicator, i) => ({
		indicator,
		n: i + 1,
		level1Span: 0,
		level2Span: 0,
		lost:
			indicator.weight !== null && indicator.score !== null
				? Math.round((indicator.weight - indicator.score) * 100) / 100
				: null
	}));
	let i = 0;
	while (i < out.length) {
		const l1 = out[i].indicator.level1 ?? '';
		let j = i;
		while (j < out.length && (out[j].indicator.level1 ?? '') === l1) j++;
		out[i].level1Span = j - i;
		let k = i;
		while (k < j) {
			const l2 = out[k].indicator.level2 ?? '';
			let m = k;
			while (m < j && (out[m].indicator.level2 ?? '') === l2) m++;
			out[k].level2Span = m - k;
			k = m;
		}
		i = j;
	}
	return out;
}

/** Weight and score per 一级指标, in the order the form lists them. */
export function level1Totals(indicators: Indicator[]): Level1Group[] {
	const groups: Level1Group[] = [];
	for (const ind of indicators) {
		const name = ind.level1 ?? m.fv_unleveled();
		let g = groups.find((x) => x.level1 === name);
		if (!g) {
			g = { level1: name, weight: null, score: null, rows: 0 };
			groups.push(g);
		}
		g.rows++;
		if (ind.weight !== null) g.weight = add(g.weight, ind.weight);
		if (ind.score !== null) g.score = add(g.score, ind.score);
	}
	return groups;
}

function add(a: number | null, b: number): number {
	return Math.round(((a ?? 0) + b) * 10000) / 10000;
}
