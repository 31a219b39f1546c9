import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ABOVE_100_COLOR, NORMAL_COLOR, WARNING_COLOR, isBelowAlert } from '../../../src/lib/charts/common';
import { rateBins, rateHistogramOption } from '../../../src/lib/charts/histogram';
import { alertMark, axis, format, seriesOf, type Loose } from './helpers';

function contains(bin: { from: number | null; to: number | null }, r: number): boolean {
	const eps = 1e-9;
	if (bin.from === 1 && bin.to === 1) return Math.abs(r - 1) <= eps;
	if (bin.from === 1) return r > 1 + eps && (bin.to === null || r < bin.to - eps);
	return (bin.from === null || r >= bin.from - eps) && (bin.to === null || r < bin.to - eps);
}

describe('rateBins', () => {
	it('has <30%, 5-point bins up to 100%, exactly 100% and >100%', () => {
		const { bins } = rateBins([], 0.9);
		expect(bins.map((b) => b.label)).toEqual([
			'<30%',
			'30–35%',
			'35–40%',
			'40–45%',
			'45–50%',
			'50–55%',
			'55–60%',
			'60–65%',
			'65–70%',
			'70–75%',
			'75–80%',
			'80–85%',
			'85–90%',
			'90–95%',
			'95–100%',
			'100%',
			'>100%'
		]);
	});

	it('puts the seed rate, 100% and 103.21% where an analyst looks for them', () => {
		const { bins } = rateBins([0.944407, 1, 1, 1.0321, 0.2, 0.9, 0.899], 0.9);
		const count = (label: string) => bins.find((b) => b.label === label)?.count;
		expect(count('90–95%')).toBe(2);
		expect(count('100%')).toBe(2);
		expect(count('>100%')).toBe(1);
		expect(count('<30%')).toBe(1);
		expect(count('85–90%')).toBe(1);
	});

	it('marks the bins below the line and counts them as the boundary', () => {
		const { bins, alertBoundary } = rateBins([], 0.9);
		const below = bins.filter((b) => b.belowAlert).map((b) => b.label);
		expect(below[below.length - 1]).toBe('85–90%');
		expect(alertBoundary).toBe(below.length);
		expect(bins.slice(0, alertBoundary).every((b) => b.belowAlert)).toBe(true);
	});

	it('splits the bin the alert line falls in, so that no bin is half below it', () => {
		const { bins, alertBoundary } = rateBins([0.91, 0.93], 0.92);
		expect(bins.map((b) => b.label)).toContain('90–92%');
		expect(bins.map((b) => b.label)).toContain('92–95%');
		expect(bins[alertBoundary - 1].label).toBe('90–92%');
		expect(bins[alertBoundary].label).toBe('92–95%');
		expect(bins[alertBoundary - 1].count).toBe(1);
		expect(bins[alertBoundary].count).toBe(1);
	});

	it('follows the bin width', () => {
		const { bins } = rateBins([], 0.9, 0.1);
		expect(bins.map((b) => b.label)).toEqual(['<30%', '30–40%', '40–50%', '50–60%', '60–70%', '70–80%', '80–90%', '90–100%', '100%', '>100%']);
		expect(() => rateBins([], 0.9, 0)).toThrow(RangeError);
	});

	it('counts what is not a number instead of binning it', () => {
		const { bins, invalid } = rateBins([0.5, Number.NaN, Number.POSITIVE_INFINITY], 0.9);
		expect(invalid).toBe(2);
		expect(bins.reduce((s, b) => s + b.count, 0)).toBe(1);
	});

	it('holds every rate once, in the bin whose range contains it, amber exactly when the finding is raised', () => {
		const rate = fc.oneof(
			fc.double({ min: -0.5, max: 1.6, noNaN: true }),
			fc.constantFrom(0.3, 0.9, 1, 0.95, 0.3 + 0.6, 1 + 1e-12, 0.9 - 1e-12)
		);
		fc.assert(
			fc.property(
				fc.array(rate, { maxLength: 40 }),
				fc.double({ min: 0.5, max: 1.2, noNaN: true }),
				fc.constantFrom(0.05, 0.1, 0.025, 0.07),
				(rates, alert, width) => {
					const { bins, alertBoundary } = rateBins(rates, alert, width);
					expect(bins.reduce((s, b) => s + b.count, 0)).toBe(rates.length);
					for (const r of rates) {
						const holding = bins.filter((b) => contains(b, r));
						expect(holding).toHaveLength(1);
						expect(holding[0].belowAlert).toBe(isBelowAlert(r, alert));
					}
					expect(bins.filter((b) => b.belowAlert)).toHaveLength(alertBoundary);
				}
			)
		);
	});
});

describe('rateHistogramOption', () => {
	const rates = [0.944407, 1, 1, 1.0321, 0.5, 0.87];
	const option = rateHistogramOption({ rates, alertLine: 0.9, title: '执行率分布 · 2020 年' });
	const bars = seriesOf(option)[0];
	const labels: string[] = axis(option, 'xAxis', 0).data;

	it('draws one bar per bin with its count', () => {
		expect(axis(option, 'xAxis', 0).type).toBe('category');
		expect(bars.type).toBe('bar');
		expect(bars.data.map((d: Loose) => d.value)).toEqual(rateBins(rates, 0.9).bins.map((b) => b.count));
		expect(bars.data[labels.indexOf('100%')].value).toBe(2);
	});

	it('colours bins below the line amber, >100% violet and the rest normal', () => {
		const colour = (label: string) => bars.data[labels.indexOf(label)].itemStyle.color;
		expect(colour('85–90%')).toBe(WARNING_COLOR);
		expect(colour('<30%')).toBe(WARNING_COLOR);
		expect(colour('90–95%')).toBe(NORMAL_COLOR);
		expect(colour('100%')).toBe(NORMAL_COLOR);
		expect(colour('>100%')).toBe(ABOVE_100_COLOR);
	});

	it('draws the alert line on the boundary before the first bin at or above it', () => {
		const mark = alertMark(option);
		const boundary = labels.indexOf('90–95%');
		expect(mark.data).toEqual([{ xAxis: boundary }]);
		expect(mark.label.formatter).toBe('预警线 90.00%');
		// the line's axis spans the bins 0..n so that value k is the edge between bin k−1 and bin k
		const helperAxis = axis(option, 'xAxis', 1);
		expect(helperAxis).toMatchObject({ type: 'value', min: 0, max: labels.length, show: false });
		expect(seriesOf(option).find((s) => s.name === '预警线').xAxisIndex).toBe(1);
	});

	it('writes counts and shares in the tooltip', () => {
		const text = format((option.tooltip as Loose).formatter, [{ seriesIndex: 0, dataIndex: labels.indexOf('100%') }]);
		expect(text).toContain('执行率 100%');
		expect(text).toContain('数量：2（占 33.33%）');
	});

	it('has no data (so the empty state shows) when there are no rates', () => {
		const empty = rateHistogramOption({ rates: [], alertLine: 0.9, title: 'x' });
		expect(seriesOf(empty)[0].data).toEqual([]);
	});

	it('says in the subtitle how many inputs were not numbers', () => {
		const o = rateHistogramOption({ rates: [0.5, Number.NaN], alertLine: 0.9, title: 'x' }) as Loose;
		expect(o.title.subtext).toBe('另有 1 个执行率不是数值，未绘出');
	});
});

describe('rateHistogramOption from bins counted elsewhere', () => {
	it('draws the same chart from the bins as from the rates they count (the overview ships only the bins)', () => {
		fc.assert(
			fc.property(
				fc.array(fc.double({ min: -0.5, max: 1.6, noNaN: true }), { maxLength: 30 }),
				fc.constantFrom(0.9, 0.92, 0.3, 1, 1.05),
				(rates, alertLine) => {
					const fromRates = rateHistogramOption({ rates, alertLine, title: 't' });
					const fromBins = rateHistogramOption({ binning: rateBins(rates, alertLine), alertLine, title: 't' });
					expect(JSON.stringify(fromBins)).toBe(JSON.stringify(fromRates));
					const text = (o: typeof fromRates) =>
						format((o.tooltip as Loose).formatter, [{ seriesIndex: 0, dataIndex: 0 }]);
					expect(text(fromBins)).toBe(text(fromRates));
				}
			),
			{ numRuns: 50 }
		);
	});
});
