/**
 * Runs in Chromium (bundled by render.ts): the app's own ranking builder and ECharts runtime draw a ranking
 * of `n` bars, timed from setOption to ECharts' `finished` (progressive rendering done), then one dataZoom
 * step (scrolling the ranking) and one tooltip.
 */
import { echarts } from '../../src/lib/charts/echarts';
import { rankingOption } from '../../src/lib/charts/ranking';

function rows(n: number) {
	// a deterministic spread of rates around the alert line, with some above 100%
	let a = 12345;
	const rnd = () => ((a = (a * 1103515245 + 12345) >>> 0) / 2 ** 32);
	return Array.from({ length: n }, (_, i) => ({ id: i + 1, label: `单位${i + 1}`, value: Math.round((0.5 + rnd() * 0.6) * 10000) / 10000 }));
}

function finished(chart: echarts.ECharts): Promise<void> {
	return new Promise((resolve) => chart.on('finished', () => resolve()));
}

async function run(n: number): Promise<{ firstRenderMs: number; zoomMs: number; tooltipMs: number; optionMs: number }> {
	const el = document.getElementById('chart') as HTMLDivElement;
	const t0 = performance.now();
	const option = rankingOption({ rows: rows(n), metric: 'rate', alertLine: 0.9, title: `${n} 个单位的执行率排名` });
	const optionMs = performance.now() - t0;
	const chart = echarts.init(el, null, { renderer: 'canvas' });
	const t1 = performance.now();
	const done = finished(chart);
	chart.setOption(option, { notMerge: true });
	await done;
	const firstRenderMs = performance.now() - t1;
	const t2 = performance.now();
	const zoomed = finished(chart);
	chart.dispatchAction({ type: 'dataZoom', dataZoomIndex: 0, startValue: Math.floor(n / 2), endValue: Math.floor(n / 2) + 29 });
	await zoomed;
	const zoomMs = performance.now() - t2;
	const t3 = performance.now();
	chart.dispatchAction({ type: 'showTip', seriesIndex: 0, dataIndex: Math.floor(n / 2) + 5 });
	await new Promise((r) => requestAnimationFrame(() => r(null)));
	const tooltipMs = performance.now() - t3;
	return { firstRenderMs, zoomMs, tooltipMs, optionMs };
}

(window as unknown as { benchRender: typeof run }).benchRender = run;
