/**
 * Each builder's option drawn by the real ECharts runtime the app ships (src/lib/charts/echarts.ts, plus the
 * SVG renderer for server-side rendering in node). Catches what option-shape tests cannot: a series type or
 * component the runtime does not register ("… is used but not imported"), options ECharts rejects or warns
 * about, and an alert line drawn somewhere else than between the bins.
 */
import type { EChartsOption } from 'echarts';
import { SVGRenderer } from 'echarts/renderers';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { echarts } from '../../../src/lib/charts/echarts';
import {
	budgetScatterOption,
	gradeDistributionOption,
	heatmapOption,
	level1ScoreOption,
	rankingOption,
	rateHistogramOption,
	trendOption,
	unitHistoryOption
} from '../../../src/lib/charts';
import { lcg } from './helpers';

echarts.use([SVGRenderer]);

function render(option: EChartsOption, width = 800, height = 420): string {
	const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height, locale: 'ZH' });
	try {
		chart.setOption(option, { notMerge: true });
		return chart.renderToSVGString();
	} finally {
		chart.dispose();
	}
}

const rnd = lcg(11);
const rates = Array.from({ length: 400 }, () => Math.round((0.2 + rnd() * 0.95) * 10000) / 10000);

const options: Record<string, () => EChartsOption> = {
	histogram: () => rateHistogramOption({ rates, alertLine: 0.9, title: '执行率分布 · 2020 年' }),
	grades: () => gradeDistributionOption({ counts: { 优: 30, 良: 12, 中: 3, 差: 1 }, title: '等级分布' }),
	ranking: () =>
		rankingOption({
			rows: rates.slice(0, 20).map((value, i) => ({ id: i, label: `单位${i}`, value })),
			metric: 'rate',
			alertLine: 0.9,
			title: '执行率排名'
		}),
	'ranking, a province': () =>
		rankingOption({
			rows: Array.from({ length: 5000 }, (_, i) => ({ id: i, label: `单位${i}`, value: rates[i % rates.length] })),
			metric: 'rate',
			alertLine: 0.9,
			title: '执行率排名'
		}),
	'ranking, scores': () =>
		rankingOption({
			rows: rates.slice(0, 40).map((r, i) => ({ id: i, label: `单位${i}`, value: r * 90 })),
			metric: 'score',
			title: '得分排名'
		}),
	scatter: () =>
		budgetScatterOption({
			points: rates.map((rate, i) => ({ id: i, label: `单位${i}`, budget: 1 + rnd() * 5000, rate })),
			alertLine: 0.9,
			title: '预算与执行率'
		}),
	'scatter, large': () =>
		budgetScatterOption({
			points: Array.from({ length: 2500 }, (_, i) => ({ id: i, label: `单位${i}`, budget: 1 + i, rate: rates[i % 400] })),
			alertLine: 0.9,
			title: '预算与执行率'
		}),
	heatmap: () =>
		heatmapOption({
			units: Array.from({ length: 60 }, (_, i) => `单位${i}`),
			years: [2019, 2020, 2021],
			cells: Array.from({ length: 180 }, (_, k) => ({ unit: k % 60, year: k % 3, value: rates[k] })),
			metric: 'rate',
			alertLine: 0.9,
			title: '执行率热力图'
		}),
	trend: () =>
		trendOption({
			years: [2019, 2020, 2021],
			series: [
				{ id: 1, name: '农业农村局', values: [0.8, null, 0.95] },
				{ id: 2, name: '财政局', values: [1, 0.92, 0.88] }
			],
			metric: 'rate',
			alertLine: 0.9,
			title: '执行率走势'
		}),
	'unit history': () =>
		unitHistoryOption({
			years: [2019, 2020, 2021],
			rates: [0.85, null, 1.02],
			scores: [80, 92, null],
			alertLine: 0.9,
			title: '历年执行率与得分'
		}),
	level1: () =>
		level1ScoreOption({
			groups: [
				{ level1: '产出指标', weight: 50, score: 45 },
				{ level1: '效益指标', weight: 30, score: 30 },
				{ level1: '满意度指标', weight: 10, score: null }
			],
			title: '一级指标得分'
		})
};

describe('the shipped ECharts runtime draws every builder’s option', () => {
	let logged: unknown[][];
	beforeEach(() => {
		logged = [];
		for (const level of ['error', 'warn', 'log'] as const) {
			vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
				logged.push(args);
			});
		}
	});
	afterEach(() => vi.restoreAllMocks());

	for (const [name, build] of Object.entries(options)) {
		it(`${name}: renders without ECharts errors or warnings, in the CJK font`, () => {
			const option = build();
			const svg = render(option);
			expect(logged).toEqual([]);
			const title = (option.title as { text: string }).text;
			expect(svg).toContain(title);
			expect(svg).toContain('Noto Sans CJK SC');
		});
	}

	it('histogram: the alert line stands on the edge between the 85–90% and 90–95% bars', () => {
		const option = rateHistogramOption({ rates: [0.86, 0.87, 0.92, 0.93], alertLine: 0.9, title: 't' });
		const svg = render(option);
		// bars are paths "M x y l w 0 …" filled with a bin colour; the alert line is the dashed path
		const line = /<path d="M([\d.]+) [\d.]+L([\d.]+) [\d.]+"[^>]*stroke-dasharray/.exec(svg);
		expect(line).not.toBeNull();
		const x = Number(line![1]);
		const bars = [...svg.matchAll(/<path d="M([\d.]+) [\d.]+l([\d.]+) 0l0 -[\d.]+l-[\d.]+ 0Z" fill="(#[0-9a-f]+)"/g)].map(
			(m) => ({ left: Number(m[1]), right: Number(m[1]) + Number(m[2]), colour: m[3] })
		);
		const amber = bars.filter((b) => b.colour === '#b45309');
		const normal = bars.filter((b) => b.colour === '#3b72b9');
		expect(amber).toHaveLength(1);
		expect(normal).toHaveLength(1);
		expect(x).toBeGreaterThan(amber[0].right);
		expect(x).toBeLessThan(normal[0].left);
	});
});
