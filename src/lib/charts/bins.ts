/**
 * The execution-rate histogram's bins, apart from the chart: the overview counts its rates into these bins
 * on the server (a database CASE built from `rateBinLayout`, so that a province's 20,000 rates never travel
 * to the browser), and the chart builder counts rates it is given with `rateBins`. Both follow the same
 * layout and the same tolerance, so a bin holds the same rates whichever side counted them.
 *
 * No message catalogue here: the server's repositories import this module, also under the CLI.
 */
import { round } from '../domain/rates';

/**
 * Same tolerance as the domain's findings, so that a rate is counted (and drawn) below the alert line exactly
 * when RATE_BELOW_ALERT is raised. Defined here rather than in common.ts, which every chart shares, because
 * common.ts brings the message catalogue with it; common.ts re-exports these.
 */
export const EPS = 1e-9;

export function isNumber(v: unknown): v is number {
	return typeof v === 'number' && Number.isFinite(v);
}

/**
 * An axis tick as a percentage without trailing zeros (0.9 → 90%, 0.925 → 92.5%). Ticks are round numbers;
 * data values in tooltips and labels use formatRate (94.44%).
 */
export function percentTick(fraction: number): string {
	return `${round(fraction * 100, 4)}%`;
}

export interface RateBin {
	/** axis label: '<30%', '30–35%', '100%', '>100%' */
	label: string;
	/** lower edge (inclusive), a fraction; null for the open first bin */
	from: number | null;
	/** upper edge (exclusive), a fraction; null for the open last bin; equal to `from` for the 100% bin */
	to: number | null;
	count: number;
	/** every rate in this bin is below the alert line */
	belowAlert: boolean;
}

export interface RateBinning {
	bins: RateBin[];
	/** how many bins lie wholly below the alert line: the line is drawn after them */
	alertBoundary: number;
	/** inputs that are not finite numbers, which no bin can hold */
	invalid: number;
}

/**
 * Where a rate goes, for counting outside JavaScript: a rate r goes to
 * - `exact` when |r − 1| ≤ EPS;
 * - else, when r > 1: `aboveAlert` if it is not null and r ≥ `aboveAlertFrom`, else `exact + 1`;
 * - else bin i + 1 for the last i with r ≥ `lowerBounds[i]` (bounds ascending), else bin 0.
 * The bounds already carry the tolerance (edge − EPS), so a comparison reproduces `rateBins` exactly.
 */
export interface RateBinLayout {
	/** the bins, counts at 0 */
	binning: RateBinning;
	/** edge − EPS for the bins 1 … exact − 1, ascending */
	lowerBounds: number[];
	exact: number;
	/** the bin of rates at or above an alert line above 100%, else null */
	aboveAlert: number | null;
	/** alert line − EPS when `aboveAlert` is not null */
	aboveAlertFrom: number | null;
}

/**
 * The bins for an alert line: below `floor` (30%) in one, then `binWidth` steps up to 100%, exactly 100% on
 * its own (where most units sit) and above 100% on its own. The alert line is made an edge when it falls
 * inside a bin, so that each bin is wholly below or wholly above it and its colour never lies.
 */
export function rateBinLayout(alertLine: number, binWidth = 0.05, floor = 0.3): RateBinLayout {
	if (!(binWidth > 0)) throw new RangeError(`binWidth 必须大于 0：${binWidth}`);
	const edges: number[] = [];
	const steps = Math.ceil((1 - floor) / binWidth - EPS);
	for (let k = 0; k < steps; k++) edges.push(floor + k * binWidth);
	const hasAlert = isNumber(alertLine);
	if (hasAlert && alertLine < 1 - EPS && !edges.some((e) => Math.abs(e - alertLine) <= EPS)) {
		edges.push(alertLine);
		edges.sort((a, b) => a - b);
	}
	const bins: RateBin[] = [];
	bins.push({ label: `<${percentTick(edges[0])}`, from: null, to: edges[0], count: 0, belowAlert: false });
	for (let i = 0; i < edges.length; i++) {
		const from = edges[i];
		const to = i + 1 < edges.length ? edges[i + 1] : 1;
		bins.push({ label: `${percentTick(from).slice(0, -1)}–${percentTick(to)}`, from, to, count: 0, belowAlert: false });
	}
	bins.push({ label: '100%', from: 1, to: 1, count: 0, belowAlert: false });
	const aboveAlert = hasAlert && alertLine > 1 + EPS;
	if (aboveAlert) {
		bins.push({ label: `100–${percentTick(alertLine)}`, from: 1, to: alertLine, count: 0, belowAlert: false });
		bins.push({ label: `≥${percentTick(alertLine)}`, from: alertLine, to: null, count: 0, belowAlert: false });
	} else {
		bins.push({ label: '>100%', from: 1, to: null, count: 0, belowAlert: false });
	}

	let alertBoundary = 0;
	if (hasAlert) {
		for (const bin of bins) {
			// a bin is below when its upper edge is at or under the line (the 100% bin: when 100% itself is below)
			const top = bin.to === null ? Infinity : bin.to;
			bin.belowAlert = bin.from === bin.to ? top < alertLine - EPS : top <= alertLine + EPS;
			if (bin.belowAlert) alertBoundary++;
		}
	}
	const exact = edges.length + 1;
	return {
		binning: { bins, alertBoundary, invalid: 0 },
		lowerBounds: edges.map((e) => e - EPS),
		exact,
		aboveAlert: aboveAlert ? exact + 2 : null,
		aboveAlertFrom: aboveAlert ? alertLine - EPS : null
	};
}

/** The bin a finite rate goes to under a layout (the rules of RateBinLayout). */
export function rateBinIndex(layout: RateBinLayout, r: number): number {
	if (Math.abs(r - 1) <= EPS) return layout.exact;
	if (r > 1) return layout.aboveAlert !== null && r >= layout.aboveAlertFrom! ? layout.aboveAlert : layout.exact + 1;
	for (let i = layout.lowerBounds.length - 1; i >= 0; i--) if (r >= layout.lowerBounds[i]) return i + 1;
	return 0;
}

/** Sorts rates into the bins of `rateBinLayout`; what is not a finite number is counted apart. */
export function rateBins(rates: readonly number[], alertLine: number, binWidth = 0.05, floor = 0.3): RateBinning {
	const layout = rateBinLayout(alertLine, binWidth, floor);
	const { bins, alertBoundary } = layout.binning;
	let invalid = 0;
	for (const r of rates) {
		if (!isNumber(r)) invalid++;
		else bins[rateBinIndex(layout, r)].count++;
	}
	return { bins, alertBoundary, invalid };
}
