import { describe, expect, it } from 'vitest';
import { ABOVE_100_COLOR, GRADE_COLORS, NORMAL_COLOR, VISIBLE_ROWS, WARNING_COLOR, clickedId } from '../../../src/lib/charts/common';
import { heatmapOption, heatmapPieces } from '../../../src/lib/charts/heatmap';
import { axis, component, format, seriesOf, type Loose } from './helpers';

/** Which piece ECharts would pick for a value (pieces are disjoint, so the first match is the only one). */
function pieceFor(pieces: Loose[], v: number): Loose {
	const hits = pieces.filter(
		(p) =>
			(p.lt === undefined || v < p.lt) &&
			(p.lte === undefined || v <= p.lte) &&
			(p.gt === undefined || v > p.gt) &&
			(p.gte === undefined || v >= p.gte)
	);
	expect(hits).toHaveLength(1);
	return hits[0];
}

describe('heatmapOption', () => {
	const units = ['农业农村局', '财政局', '<i>教育局</i>'];
	const years = [2019, 2020, 2021];
	const option = heatmapOption({
		units,
		years,
		cells: [
			{ unit: 0, year: 1, value: 0.944407 },
			{ unit: 1, year: 0, value: 0.5 },
			{ unit: 1, year: 2, value: null },
			{ unit: 2, year: 2, value: 1.05 },
			{ unit: 5, year: 0, value: 1 }
		],
		metric: 'rate',
		alertLine: 0.9,
		title: '执行率热力图',
		unitIds: [11, 12, 13]
	});
	const series = seriesOf(option)[0];

	it('puts years across and units down, the first unit on top', () => {
		expect(axis(option, 'xAxis')).toMatchObject({ type: 'category', data: ['2019', '2020', '2021'] });
		expect(axis(option, 'yAxis')).toMatchObject({ type: 'category', data: units, inverse: true });
	});

	it('holds [year, unit, value] cells with the unit id, blank where absent, and counts cells out of range', () => {
		expect(series.type).toBe('heatmap');
		expect(series.data).toEqual([
			{ value: [1, 0, 0.944407], id: 11 },
			{ value: [0, 1, 0.5], id: 12 },
			{ value: [2, 2, 1.05], id: 13 }
		]);
		expect(clickedId({ data: series.data[1] })).toBe(12);
		expect((option.title as Loose).subtext).toBe('另有 1 个格子的单位或年度超出范围，未绘出');
	});

	it('colours below the line amber, up to 100% normal and above violet, as the findings do', () => {
		const vm = component(option, 'visualMap')[0];
		expect(vm).toMatchObject({ type: 'piecewise', dimension: 2, seriesIndex: 0 });
		expect(pieceFor(vm.pieces, 0.8999).color).toBe(WARNING_COLOR);
		expect(pieceFor(vm.pieces, 0.9).color).toBe(NORMAL_COLOR);
		expect(pieceFor(vm.pieces, 0.3 + 0.6).color).toBe(NORMAL_COLOR);
		expect(pieceFor(vm.pieces, 1).color).toBe(NORMAL_COLOR);
		expect(pieceFor(vm.pieces, 1.0321).color).toBe(ABOVE_100_COLOR);
	});

	it('colours scores by grade, 89.5 being 良', () => {
		const pieces = heatmapPieces('score');
		expect(pieceFor(pieces, 95).color).toBe(GRADE_COLORS['优']);
		expect(pieceFor(pieces, 90).color).toBe(GRADE_COLORS['优']);
		expect(pieceFor(pieces, 89.5).color).toBe(GRADE_COLORS['良']);
		expect(pieceFor(pieces, 60).color).toBe(GRADE_COLORS['中']);
		expect(pieceFor(pieces, 59.99).color).toBe(GRADE_COLORS['差']);
	});

	it('formats cells and tooltips as rates, escaping the unit name', () => {
		expect(series.label.show).toBe(true);
		expect(format(series.label.formatter, { data: series.data[0] })).toBe('94.44%');
		expect(format((option.tooltip as Loose).formatter, { data: series.data[2] })).toBe(
			'&lt;i&gt;教育局&lt;/i&gt;<br/>2021 年执行率：105.00%'
		);
	});

	it('has no dataZoom for a handful of units', () => {
		expect(option.dataZoom).toBeUndefined();
	});

	it('scrolls through many units ~30 at a time and renders progressively, without cell labels', () => {
		const many = Array.from({ length: 3000 }, (_, i) => `单位${i}`);
		const ys = [2018, 2019, 2020, 2021, 2022];
		const cells = many.flatMap((_, u) => ys.map((__, y) => ({ unit: u, year: y, value: ((u + y) % 120) / 100 })));
		const o = heatmapOption({ units: many, years: ys, cells, metric: 'score', title: 't' });
		const zooms = component(o, 'dataZoom');
		expect(zooms.map((z) => z.type).sort()).toEqual(['inside', 'slider']);
		for (const z of zooms) expect(z).toMatchObject({ yAxisIndex: 0, startValue: 0, endValue: VISIBLE_ROWS - 1 });
		const s = seriesOf(o)[0];
		expect(s.data).toHaveLength(15000);
		expect(s.progressive).toBeGreaterThan(0);
		expect(s.label.show).toBe(false);
	});
});
