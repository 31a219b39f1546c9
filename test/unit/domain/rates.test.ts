import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	DEFAULT_SETTINGS,
	computeRate,
	pickFormula,
	pickFundsRow,
	printedRateDecimals,
	round
} from '../../../src/lib/domain';
import { roundByStrings } from '../../../src/lib/domain/rates';
import { fundRow } from './builders';

describe('round', () => {
	it('rounds half up at decimals that binary floats cannot hold', () => {
		expect(round(9.445, 2)).toBe(9.45);
		expect(round(1.005, 2)).toBe(1.01);
		expect(round(2.675, 2)).toBe(2.68);
		expect(round(0.125, 2)).toBe(0.13);
		expect(round(1.0049999, 2)).toBe(1);
		expect(round(0.944407105136822, 4)).toBe(0.9444);
		expect(round(0.94445, 4)).toBe(0.9445);
		expect(round(99.995, 2)).toBe(100);
		expect(round(2.5, 0)).toBe(3);
	});

	it('rounds negatives away from zero and keeps 0, infinities and NaN', () => {
		expect(round(-9.445, 2)).toBe(-9.45);
		expect(round(-0.001, 2)).toBe(0);
		expect(Object.is(round(-0.001, 2), -0)).toBe(false);
		expect(round(Number.POSITIVE_INFINITY, 2)).toBe(Number.POSITIVE_INFINITY);
		expect(round(Number.NaN, 2)).toBeNaN();
	});

	it('takes its arithmetic shortcut only where it agrees with the decimal-string rule', () => {
		const negate = (r: number) => (r === 0 ? 0 : -r);
		const exact = (x: number, d: number) => (x < 0 ? negate(roundByStrings(-x, d)) : roundByStrings(x, d));
		const decimals = fc.integer({ min: 0, max: 8 });
		// typed decimals (money, scores, rates at their boundaries), and arbitrary doubles
		const typed = fc.tuple(fc.integer({ min: -1e9, max: 1e9 }), fc.integer({ min: 0, max: 6 })).map(([n, e]) => n / 10 ** e);
		fc.assert(
			fc.property(fc.oneof(typed, fc.double({ min: -1e14, max: 1e14, noNaN: true })), decimals, (x, d) => {
				expect(round(x, d)).toBe(exact(x, d));
			}),
			{ numRuns: 20_000 }
		);
		for (const x of [0.5, 1.5, 2.5, 0.045, 1.0049999999999999, 4.35, 8.875, 0.285, 1.255, 10.235])
			for (let d = 0; d <= 4; d++) expect(round(x, d)).toBe(exact(x, d));
	});

	it('handles tiny and huge magnitudes', () => {
		expect(round(1e-12, 2)).toBe(0);
		expect(round(123456789012.345, 2)).toBe(123456789012.35);
		expect(round(1e20, 2)).toBe(1e20);
	});

	it('stays within half a unit of the last decimal and is idempotent', () => {
		fc.assert(
			fc.property(fc.double({ min: -1e9, max: 1e9, noNaN: true }), fc.integer({ min: 0, max: 6 }), (x, d) => {
				const r = round(x, d);
				expect(Math.abs(r - x)).toBeLessThanOrEqual(0.5 * 10 ** -d + Math.abs(x) * 1e-14 + 1e-300);
				expect(round(r, d)).toBe(r);
			})
		);
	});

	it('agrees with decimal half-up on 2-decimal values typed as text', () => {
		fc.assert(
			fc.property(fc.integer({ min: 0, max: 10_000_000 }), (thousandths) => {
				// x = n/1000 as a user types it: the third decimal decides
				const x = Number((thousandths / 1000).toFixed(3));
				const expected = (Math.floor(thousandths / 10) + (thousandths % 10 >= 5 ? 1 : 0)) / 100;
				expect(round(x, 2)).toBe(Number(expected.toFixed(2)));
			})
		);
	});
});

describe('computeRate', () => {
	const seed = fundRow('年度资金总额', { budget: 2083, executed: 1967.2, transfer: 0 });

	it('computes B/A, (B-C)/A and B/A0 as unrounded fractions', () => {
		expect(computeRate(seed, 'B/A')).toBe(1967.2 / 2083);
		expect(computeRate(seed, '(B-C)/A')).toBe(1967.2 / 2083);
		const withC = fundRow('x', { initialBudget: 200, budget: 100, executed: 90, transfer: 30 });
		expect(computeRate(withC, '(B-C)/A')).toBeCloseTo(0.6, 12);
		expect(computeRate(withC, 'B/A')).toBeCloseTo(0.9, 12);
		expect(computeRate(withC, 'B/A0')).toBeCloseTo(0.45, 12);
	});

	it('counts an empty C as 0 for (B-C)/A only', () => {
		const noC = fundRow('x', { budget: 100, executed: 90 });
		expect(computeRate(noC, '(B-C)/A')).toBeCloseTo(0.9, 12);
	});

	it('is null when an amount it needs is absent or the denominator is 0', () => {
		expect(computeRate(fundRow('x', { budget: 100 }), 'B/A')).toBeNull();
		expect(computeRate(fundRow('x', { executed: 100 }), 'B/A')).toBeNull();
		expect(computeRate(fundRow('x', { budget: 0, executed: 5 }), 'B/A')).toBeNull();
		expect(computeRate(fundRow('x', { transfer: 5, budget: 100 }), '(B-C)/A')).toBeNull();
		expect(computeRate(fundRow('x', { budget: 100, executed: 100 }), 'B/A0')).toBeNull();
		expect(computeRate(fundRow('x', { initialBudget: 0, budget: 100, executed: 100 }), 'B/A0')).toBeNull();
	});

	it('B/A times A gives B back', () => {
		fc.assert(
			fc.property(
				fc.double({ min: 0.01, max: 1e9, noNaN: true }),
				fc.double({ min: 0, max: 1e9, noNaN: true }),
				(a, b) => {
					const rate = computeRate(fundRow('x', { budget: a, executed: b }), 'B/A');
					expect(rate).not.toBeNull();
					expect((rate as number) * a).toBeCloseTo(b, Math.max(0, 6 - Math.ceil(Math.log10(b + 1))));
				}
			)
		);
	});
});

describe('pickFormula and pickFundsRow', () => {
	it('prefers the printed formula, else the setting', () => {
		expect(pickFormula({ rateFormulaPrinted: '(B-C)/A' }, DEFAULT_SETTINGS)).toBe('(B-C)/A');
		expect(pickFormula({ rateFormulaPrinted: null }, DEFAULT_SETTINGS)).toBe('B/A');
		expect(pickFormula({ rateFormulaPrinted: null }, { ...DEFAULT_SETTINGS, defaultRateFormula: 'B/A0' })).toBe('B/A0');
	});

	it('judges the total row, else a single source row, else nothing', () => {
		const total = fundRow('合计');
		const a = fundRow('财政拨款');
		const b = fundRow('其他资金');
		expect(pickFundsRow({ funds: { rows: [a, b], total } })).toBe(total);
		expect(pickFundsRow({ funds: { rows: [a], total: null } })).toBe(a);
		expect(pickFundsRow({ funds: { rows: [a, b], total: null } })).toBeNull();
		expect(pickFundsRow({ funds: { rows: [], total: null } })).toBeNull();
	});
});

describe('printedRateDecimals', () => {
	it('reads the decimals of the printed percentage', () => {
		expect(printedRateDecimals('94.00%')).toBe(2);
		expect(printedRateDecimals('76%')).toBe(0);
		expect(printedRateDecimals(' 103.21 ％')).toBe(2);
		expect(printedRateDecimals('0.9444')).toBe(2);
		expect(printedRateDecimals('—')).toBeNull();
		expect(printedRateDecimals(null)).toBeNull();
	});
});
