import { describe, expect, it } from 'vitest';
import { formatMoney, formatNumber, formatRate, formatScore } from '../../../src/lib/domain';

describe('format', () => {
	it('formats money with thousands separators and at least 2 decimals', () => {
		expect(formatMoney(2083, '万元')).toBe('2,083.00 万元');
		expect(formatMoney(1967.2)).toBe('1,967.20');
		expect(formatMoney(387664.62, '元')).toBe('387,664.62 元');
		expect(formatMoney(0, '万元')).toBe('0.00 万元');
		expect(formatMoney(-1234.5)).toBe('-1,234.50');
	});

	it('keeps the decimals a form printed beyond 2', () => {
		expect(formatMoney(207.4538, '万元')).toBe('207.4538 万元');
		expect(formatMoney(52.8, '万元')).toBe('52.80 万元');
	});

	it('formats rates as percentages with 2 decimals, rounding half up', () => {
		expect(formatRate(1967.2 / 2083)).toBe('94.44%');
		expect(formatRate(0.94)).toBe('94.00%');
		expect(formatRate(1.0321)).toBe('103.21%');
		expect(formatRate(0.94445)).toBe('94.45%');
		expect(formatRate(0)).toBe('0.00%');
		expect(formatRate(12.345678)).toBe('1234.57%');
	});

	it('formats scores with up to 2 decimals', () => {
		expect(formatScore(9.44)).toBe('9.44');
		expect(formatScore(100)).toBe('100');
		expect(formatScore(9.4)).toBe('9.4');
		expect(formatScore(99.444)).toBe('99.44');
		expect(formatScore(9.445)).toBe('9.45');
	});

	it('shows — for absent values, never 0', () => {
		for (const f of [formatMoney, formatRate, formatScore, formatNumber]) {
			expect(f(null)).toBe('—');
			expect(f(undefined)).toBe('—');
			expect(f(Number.NaN)).toBe('—');
		}
	});

	it('formats plain numbers', () => {
		expect(formatNumber(1234567.891)).toBe('1,234,567.89');
		expect(formatNumber(1234567.891, 0, false)).toBe('1234568');
		expect(formatNumber(-0.001)).toBe('0.00');
	});
});
