/** Reading ECharts options in tests without fighting their union types. */
import type { EChartsOption } from 'echarts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Loose = any;

export function seriesOf(option: EChartsOption): Loose[] {
	const s = option.series;
	return (Array.isArray(s) ? s : s ? [s] : []) as Loose[];
}

export function seriesNamed(option: EChartsOption, name: string): Loose {
	const found = seriesOf(option).find((s) => s.name === name);
	if (!found) throw new Error(`no series named ${name}`);
	return found;
}

export function axis(option: EChartsOption, which: 'xAxis' | 'yAxis', index = 0): Loose {
	const a = option[which] as Loose;
	return Array.isArray(a) ? a[index] : a;
}

export function component(option: EChartsOption, key: keyof EChartsOption): Loose[] {
	const c = option[key] as Loose;
	return Array.isArray(c) ? c : c ? [c] : [];
}

/** The markLine of the option's alert-line series, or undefined. */
export function alertMark(option: EChartsOption): Loose {
	return seriesOf(option).find((s) => s.name === '预警线')?.markLine;
}

/** Calls a tooltip/label formatter the way ECharts does. */
export function format(formatter: unknown, params: unknown): string {
	if (typeof formatter !== 'function') throw new Error('formatter is not a function');
	return formatter(params) as string;
}

/** A deterministic pseudo-random sequence, so big inputs are the same on every run. */
export function lcg(seed: number): () => number {
	let x = seed >>> 0;
	return () => {
		x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
		return x / 2 ** 32;
	};
}
