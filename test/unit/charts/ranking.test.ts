import { describe, expect, it } from 'vitest';
import {
	ABOVE_100_COLOR,
	GRADE_COLORS,
	LARGE_THRESHOLD,
	NORMAL_COLOR,
	VISIBLE_ROWS,
	WARNING_COLOR,
	clickedId,
	idCategory
} from '../../../src/lib/charts/common';
import { rankRows, rankingOption, valueExtent, type RankingRow } from '../../../src/lib/charts/ranking';
import { alertMark, axis, component, format, lcg, seriesNamed, seriesOf, type Loose } from './helpers';

const rows: RankingRow[] = [
	{ id: 1, label: '长沙市望城区农业农村局', value: 0.944407 },
	{ id: 2, label: '财政局', value: 0.62 },
	{ id: 3, label: '教育局', value: null },
	{ id: 4, label: '卫健委', value: 1.0321 },
	{ id: 5, label: '<b>水利局</b>', value: 0.899 },
	{ id: 6, label: '交通局', value: 0.62 }
];

/** The value of each category, whichever class series holds it. */
function valuesByCategory(option: Loose): (number | null)[] {
	const bars = seriesOf(option).filter((s) => s.type === 'bar');
	const n = axis(option, 'yAxis').data.length;
	return Array.from({ length: n }, (_, i) => {
		const item = bars.map((s) => s.data[i]).find((d) => d !== null);
		return item ? item.value : null;
	});
}

function bigRows(n: number): RankingRow[] {
	const rnd = lcg(7);
	return Array.from({ length: n }, (_, i) => ({
		id: i + 1,
		label: `单位${i + 1}`,
		value: i % 97 === 0 ? null : Math.round(rnd() * 12000) / 10000
	}));
}

describe('rankingOption — rates', () => {
	const option = rankingOption({ rows, metric: 'rate', alertLine: 0.9, title: '执行率排名 · 2020 年' });
	const y = axis(option, 'yAxis');

	it('lists the lowest rate first, at the top (inverse category axis), ties by id', () => {
		expect(y.type).toBe('category');
		expect(y.inverse).toBe(true);
		expect(y.data).toEqual([2, 6, 5, 1, 4].map(idCategory));
		expect(valuesByCategory(option)).toEqual([0.62, 0.62, 0.899, 0.944407, 1.0321]);
	});

	it('shows names on the axis, cut when long, and hands back ids on axis-label clicks', () => {
		expect(y.triggerEvent).toBe(true);
		expect(y.axisLabel.formatter(idCategory(2))).toBe('财政局');
		expect(y.axisLabel.formatter(idCategory(1))).toBe('长沙市望城区农业农村局');
		const long = rankingOption({ rows: [{ id: 9, label: '一二三四五六七八九十一二三四五六', value: 1 }], metric: 'rate', title: 't' });
		expect(axis(long, 'yAxis').axisLabel.formatter(idCategory(9))).toBe('一二三四五六七八九十一二三…');
		expect(clickedId({ componentType: 'yAxis', value: y.data[0] })).toBe(2);
	});

	it('leaves out units without a rate and says how many', () => {
		expect(y.data).not.toContain(idCategory(3));
		expect((option.title as Loose).subtext).toBe('另有 1 个没有执行率，未绘出');
	});

	it('colours bars below the line amber, above 100% violet, and carries each id', () => {
		const below = seriesNamed(option, '低于预警线');
		const normal = seriesNamed(option, '不低于预警线');
		const above = seriesNamed(option, '超过 100%');
		expect(below.itemStyle.color).toBe(WARNING_COLOR);
		expect(normal.itemStyle.color).toBe(NORMAL_COLOR);
		expect(above.itemStyle.color).toBe(ABOVE_100_COLOR);
		expect(below.data.filter(Boolean)).toEqual([
			{ value: 0.62, id: 2 },
			{ value: 0.62, id: 6 },
			{ value: 0.899, id: 5 }
		]);
		expect(normal.data.filter(Boolean)).toEqual([{ value: 0.944407, id: 1 }]);
		expect(above.data.filter(Boolean)).toEqual([{ value: 1.0321, id: 4 }]);
		// overlaid, one bar per category
		for (const s of [below, normal, above]) expect(s.barGap).toBe('-100%');
		expect(clickedId({ componentType: 'series', data: below.data[0] })).toBe(2);
	});

	it('marks the alert line on a percent value axis', () => {
		const x = axis(option, 'xAxis');
		expect(x.type).toBe('value');
		expect(x.axisLabel.formatter(0.9)).toBe('90%');
		expect(x.min).toBe(0);
		expect(alertMark(option).data).toEqual([{ xAxis: 0.9 }]);
		expect(alertMark(option).label.formatter).toBe('预警线 90.00%');
	});

	it('labels small rankings with formatted rates and writes an escaped tooltip', () => {
		const below = seriesNamed(option, '低于预警线');
		expect(below.label.show).toBe(true);
		expect(format(below.label.formatter, { value: 0.944407 })).toBe('94.44%');
		const text = format((option.tooltip as Loose).formatter, [{ axisValue: idCategory(5), dataIndex: 2 }]);
		expect(text).toBe('&lt;b&gt;水利局&lt;/b&gt;<br/>执行率：89.90%，低于预警线<br/>第 3 / 5 位');
	});

	it('needs no dataZoom nor large mode for a county', () => {
		expect(option.dataZoom).toBeUndefined();
		for (const s of seriesOf(option)) expect(s.large).toBeUndefined();
	});

	it('draws no alert line and no amber without an alert line', () => {
		const o = rankingOption({ rows, metric: 'rate', title: 't' });
		expect(alertMark(o)).toBeUndefined();
		expect(seriesOf(o).filter((s) => s.type === 'bar').map((s) => s.itemStyle.color)).not.toContain(WARNING_COLOR);
	});
});

describe('rankingOption — a province', () => {
	const many = bigRows(20_000);
	const option = rankingOption({ rows: many, metric: 'rate', alertLine: 0.9, title: '执行率排名' });
	const bars = seriesOf(option).filter((s) => s.type === 'bar');

	it('switches to large, progressive rendering without per-bar labels', () => {
		expect(bars.length).toBeGreaterThan(1);
		for (const s of bars) {
			expect(s.large).toBe(true);
			expect(s.largeThreshold).toBe(LARGE_THRESHOLD);
			expect(s.progressive).toBeGreaterThan(0);
			expect(s.label.show).toBe(false);
		}
		expect(option.animation).toBe(false);
	});

	it('keeps every present row, in order, with its id', () => {
		const present = many.filter((r) => r.value !== null);
		expect(axis(option, 'yAxis').data).toHaveLength(present.length);
		const values = valuesByCategory(option) as number[];
		for (let i = 1; i < values.length; i++) expect(values[i]).toBeGreaterThanOrEqual(values[i - 1]);
		const ids = new Set(bars.flatMap((s) => s.data.filter(Boolean).map((d: Loose) => d.id)));
		expect(ids.size).toBe(present.length);
	});

	it('shows ~30 bars at a time with a vertical slider and wheel scrolling, starting from the worst', () => {
		const zooms = component(option, 'dataZoom');
		expect(zooms.map((z) => z.type).sort()).toEqual(['inside', 'slider']);
		for (const z of zooms) {
			expect(z.yAxisIndex).toBe(0);
			expect(z.startValue).toBe(0);
			expect(z.endValue).toBe(VISIBLE_ROWS - 1);
		}
		expect(zooms.find((z) => z.type === 'inside').zoomOnMouseWheel).toBe(false);
	});

	it('fixes the value axis from all rows, so scrolling does not rescale it and the alert line stays on it', () => {
		const x = axis(option, 'xAxis');
		const values = many.flatMap((r) => (r.value === null ? [] : [r.value]));
		expect(x.min).toBe(0);
		expect(x.max).toBeGreaterThanOrEqual(Math.max(...values));
		expect(x.max).toBeLessThanOrEqual(Math.max(...values) + 0.1);
		// the 30 worst are all far below the line, and the line is still inside the axis
		const o = rankingOption({ rows: bigRows(100).map((r) => ({ ...r, value: 0.1 })), metric: 'rate', alertLine: 0.9, title: 't' });
		expect(axis(o, 'xAxis')).toMatchObject({ min: 0, max: 1 });
	});

	it('turns on the dataZoom as soon as the bars outnumber the window, before large mode', () => {
		const o = rankingOption({ rows: bigRows(VISIBLE_ROWS + 5), metric: 'rate', alertLine: 0.9, title: 't' });
		expect(component(o, 'dataZoom')).toHaveLength(2);
		for (const s of seriesOf(o)) expect(s.large).toBeUndefined();
	});
});

describe('rankingOption — scores and gaps', () => {
	it('ranks scores lowest first in grade colours on a 0–100 axis, without an alert line', () => {
		const o = rankingOption({
			rows: [
				{ id: 1, label: 'A', value: 95 },
				{ id: 2, label: 'B', value: 59.99 },
				{ id: 3, label: 'C', value: 89.5 }
			],
			metric: 'score',
			alertLine: 0.9,
			title: '得分排名'
		});
		expect(axis(o, 'yAxis').data).toEqual([2, 3, 1].map(idCategory));
		expect(seriesNamed(o, '差').itemStyle.color).toBe(GRADE_COLORS['差']);
		expect(seriesNamed(o, '良').data.filter(Boolean)).toEqual([{ value: 89.5, id: 3 }]);
		expect(seriesOf(o).some((s) => s.name === '中')).toBe(false);
		expect(axis(o, 'xAxis')).toMatchObject({ min: 0, max: 100 });
		expect(alertMark(o)).toBeUndefined();
		expect(format(seriesNamed(o, '良').label.formatter, { value: 89.5 })).toBe('89.5');
	});

	it('ranks gaps by size either way, positive (self-score too high) in amber', () => {
		const o = rankingOption({
			rows: [
				{ id: 1, label: 'A', value: 0.5 },
				{ id: 2, label: 'B', value: -3 },
				{ id: 3, label: 'C', value: 5.56 },
				{ id: 4, label: 'D', value: 0 }
			],
			metric: 'gap',
			title: '自评与重算分差'
		});
		expect(axis(o, 'yAxis').data).toEqual([3, 2, 1, 4].map(idCategory));
		const high = seriesNamed(o, '自评高于重算');
		expect(high.itemStyle.color).toBe(WARNING_COLOR);
		expect(high.data.filter(Boolean).map((d: Loose) => d.id)).toEqual([3, 1]);
		expect(format(high.label.formatter, { value: 5.56 })).toBe('+5.56');
		expect(axis(o, 'xAxis')).toMatchObject({ min: -3, max: 6 });
	});
});

describe('rankingOption — every row in exactly one bar', () => {
	it('holds each row once, whatever the metric and alert line', () => {
		const values = [-0.1, 0, 0.3, 0.8999, 0.9, 1, 1 + 1e-12, 1.02, 1.06, 59.99, 60, 89.5, 90, 100];
		const input = values.map((value, i) => ({ id: i, label: `u${i}`, value }));
		for (const metric of ['rate', 'score', 'gap'] as const) {
			for (const alertLine of [undefined, 0.9, 1.05]) {
				const o = rankingOption({ rows: input, metric, alertLine, title: 't' });
				const bars = seriesOf(o).filter((s) => s.type === 'bar');
				const n = axis(o, 'yAxis').data.length;
				expect(n).toBe(values.length);
				for (let i = 0; i < n; i++) expect(bars.filter((s) => s.data[i] !== null)).toHaveLength(1);
			}
		}
	});
});

describe('valueExtent', () => {
	it('ends on a round tick beyond the data, keeping 0–100% (rates) and 0–100 (scores) in view', () => {
		expect(valueExtent('rate', 0.2, 1.0321)).toEqual({ min: 0, max: 1.1 });
		expect(valueExtent('rate', -0.05, 0.5, 0.9)).toEqual({ min: -0.1, max: 1 });
		expect(valueExtent('score', 40, 100)).toEqual({ min: 0, max: 100 });
		expect(valueExtent('score', 40, 102)).toEqual({ min: 0, max: 110 });
		expect(valueExtent('gap', -3.2, 5.56)).toEqual({ min: -4, max: 6 });
		expect(valueExtent('gap', 0, 0.25)).toEqual({ min: 0, max: 0.3 });
	});
});

describe('rankRows', () => {
	it('does not change its input', () => {
		const input = rows.map((r) => ({ ...r }));
		rankRows(input, 'rate');
		expect(input).toEqual(rows);
	});
});
