import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	directionOf,
	fundsScore,
	gradeOf,
	indicatorScoreSum,
	parseQuantity,
	reference,
	referenceScore,
	totalScore
} from '../../../src/lib/domain';
import { indicator } from './builders';

describe('fundsScore', () => {
	it('is weight × min(rate, 1) to 2 decimals', () => {
		expect(fundsScore(10, 1967.2 / 2083)).toBe(9.44);
		expect(fundsScore(10, 0.94)).toBe(9.4);
		expect(fundsScore(20, 1)).toBe(20);
		expect(fundsScore(10, 1.0321)).toBe(10);
		expect(fundsScore(10, 0.76)).toBe(7.6);
		expect(fundsScore(10, 0.9445)).toBe(9.45);
	});

	it('is null without a weight or a rate, and 0 for a negative rate', () => {
		expect(fundsScore(null, 0.9)).toBeNull();
		expect(fundsScore(10, null)).toBeNull();
		expect(fundsScore(10, Number.NaN)).toBeNull();
		expect(fundsScore(10, -0.2)).toBe(0);
	});

	it('never exceeds the weight and never decreases as the rate grows', () => {
		fc.assert(
			fc.property(
				fc.double({ min: 0, max: 100, noNaN: true }),
				fc.double({ min: -1, max: 3, noNaN: true }),
				fc.double({ min: -1, max: 3, noNaN: true }),
				(weight, r1, r2) => {
					const lo = Math.min(r1, r2);
					const hi = Math.max(r1, r2);
					const a = fundsScore(weight, lo) as number;
					const b = fundsScore(weight, hi) as number;
					expect(b).toBeLessThanOrEqual(weight + 0.005);
					expect(a).toBeLessThanOrEqual(b);
					expect(a).toBeGreaterThanOrEqual(0);
				}
			)
		);
	});
});

describe('totalScore', () => {
	it('adds the funds score to the printed indicator scores', () => {
		expect(totalScore(9.44, [{ score: 6 }, { score: 84 }, { score: null }])).toBe(99.44);
		expect(totalScore(7.6, [{ score: 0.1 }, { score: 0.2 }])).toBe(7.9);
	});

	it('is null when no indicator score is printed or the funds score is missing', () => {
		expect(totalScore(9.44, [])).toBeNull();
		expect(totalScore(9.44, [{ score: null }])).toBeNull();
		expect(totalScore(null, [{ score: 90 }])).toBeNull();
	});

	it('equals the funds score plus the indicator sum', () => {
		fc.assert(
			fc.property(
				fc.double({ min: 0, max: 20, noNaN: true }),
				fc.array(fc.option(fc.integer({ min: 0, max: 3000 }).map((n) => n / 100)), { minLength: 1 }),
				(funds, scores) => {
					const inds = scores.map((score) => ({ score }));
					const total = totalScore(funds, inds);
					const sum = indicatorScoreSum(inds);
					if (sum === null) expect(total).toBeNull();
					else expect(total).toBeCloseTo(funds + sum, 2);
				}
			)
		);
	});
});

describe('gradeOf', () => {
	it('applies the grade boundaries without rounding up', () => {
		expect(gradeOf(100)).toBe('优');
		expect(gradeOf(90)).toBe('优');
		expect(gradeOf(89.99)).toBe('良');
		expect(gradeOf(89.5)).toBe('良');
		expect(gradeOf(80)).toBe('良');
		expect(gradeOf(79.99)).toBe('中');
		expect(gradeOf(60)).toBe('中');
		expect(gradeOf(59.99)).toBe('差');
		expect(gradeOf(0)).toBe('差');
		expect(gradeOf(null)).toBeNull();
		expect(gradeOf(Number.NaN)).toBeNull();
	});

	it('is monotone in the score', () => {
		const order = { 差: 0, 中: 1, 良: 2, 优: 3 } as const;
		fc.assert(
			fc.property(fc.double({ min: -10, max: 110, noNaN: true }), fc.double({ min: -10, max: 110, noNaN: true }), (a, b) => {
				const [lo, hi] = a <= b ? [a, b] : [b, a];
				expect(order[gradeOf(lo)!]).toBeLessThanOrEqual(order[gradeOf(hi)!]);
			})
		);
	});
});

describe('parseQuantity and directionOf', () => {
	it('reads plain quantities with an optional operator and unit', () => {
		expect(parseQuantity('95%')).toEqual({ direction: null, value: 95, percent: true });
		expect(parseQuantity('≥90%')).toEqual({ direction: '>=', value: 90, percent: true });
		expect(parseQuantity('735 人次')).toEqual({ direction: null, value: 735, percent: false });
		expect(parseQuantity('≤ 5万元')).toEqual({ direction: '<=', value: 5, percent: false });
		expect(parseQuantity('72,890')).toMatchObject({ value: 72890 });
	});

	it('rejects words and sentences', () => {
		expect(parseQuantity('100%，按时拨付')).toBeNull();
		expect(parseQuantity('按时开展')).toBeNull();
		expect(parseQuantity('2020年9月11日举办培训班')).toBeNull();
		expect(parseQuantity('')).toBeNull();
		expect(parseQuantity(null)).toBeNull();
	});

	it('reads the operators seen on forms', () => {
		for (const t of ['≥', '≧', '>=', '正向']) expect(directionOf(t)).toBe('>=');
		for (const t of ['≤', '≦', '反向', '不超过']) expect(directionOf(t)).toBe('<=');
		for (const t of ['=', '＝', '﹦', '═']) expect(directionOf(t)).toBe('=');
		expect(directionOf('定性')).toBeNull();
	});
});

describe('reference rules', () => {
	it('≥: full marks when met, else weight × actual / target', () => {
		expect(referenceScore(indicator({ nature: '≥', targetValue: '100', actualValue: '120', weight: 10 }))).toBe(10);
		expect(referenceScore(indicator({ nature: '≥', targetValue: '100%', actualValue: '72.74%', weight: 2 }))).toBe(1.45);
		expect(referenceScore(indicator({ targetValue: '≥95%', actualValue: '90%', weight: 10 }))).toBe(9.47);
	});

	it('≤: full marks when met, else weight × target / actual, capped at the weight', () => {
		expect(referenceScore(indicator({ nature: '≤', targetValue: '5', actualValue: '4', weight: 10 }))).toBe(10);
		expect(referenceScore(indicator({ nature: '≤', targetValue: '5', actualValue: '10', weight: 10 }))).toBe(5);
	});

	it('=: full marks when hit exactly, no reference for a miss', () => {
		expect(reference(indicator({ nature: '﹦', targetValue: '72890', actualValue: '72890', weight: 10 }))).toMatchObject({
			met: true,
			score: 10
		});
		expect(referenceScore(indicator({ nature: '═', targetValue: '100', actualValue: '98%', weight: 10 }))).toBeNull();
	});

	it('without a direction only judges an exact hit', () => {
		expect(referenceScore(indicator({ targetValue: '100%', actualValue: '100%', weight: 6 }))).toBe(6);
		expect(referenceScore(indicator({ targetValue: '100%', actualValue: '90%', weight: 6 }))).toBeNull();
	});

	it('is null for qualitative, wordy or unweighted indicators', () => {
		expect(referenceScore(indicator({ nature: '定性', targetValue: '100', actualValue: '100', weight: 10 }))).toBeNull();
		expect(referenceScore(indicator({ targetValue: '95%', actualValue: '满意', weight: 10 }))).toBeNull();
		expect(referenceScore(indicator({ targetValue: '100%', actualValue: '100%', weight: null }))).toBeNull();
		expect(referenceScore(indicator({ targetValue: '100%', actualValue: '100%', weight: 0 }))).toBeNull();
	});

	it('never exceeds the weight nor goes below 0', () => {
		fc.assert(
			fc.property(
				fc.constantFrom('≥', '≤', '=', null),
				fc.double({ min: -1000, max: 1000, noNaN: true }),
				fc.double({ min: -1000, max: 1000, noNaN: true }),
				fc.integer({ min: 1, max: 30 }),
				(nature, t, a, weight) => {
					const s = referenceScore(
						indicator({ nature, targetValue: String(round6(t)), actualValue: String(round6(a)), weight })
					);
					if (s !== null) {
						expect(s).toBeLessThanOrEqual(weight);
						expect(s).toBeGreaterThanOrEqual(0);
					}
				}
			)
		);
	});
});

function round6(x: number): number {
	return Math.round(x * 1e6) / 1e6;
}
