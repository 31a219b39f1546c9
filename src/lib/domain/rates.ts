/**
 * Execution rates (domain.md §3). Pure functions of the printed amounts; nothing here rounds unless asked.
 */
import type { FundRow, RateFormula, ReadForm, Settings } from './form';

/**
 * Rounds half away from zero at `digits` decimals, as analysts and spreadsheets do (9.445 → 9.45).
 *
 * Binary floats store 9.445 as 9.4449999…, so `Math.round(x * 100) / 100` gives 9.44. Going through the
 * 15-significant-digit decimal form first recovers the number the user typed, and shifting by exponent
 * strings instead of multiplying avoids a second rounding error.
 */
export function round(x: number, digits: number): number {
	if (!Number.isFinite(x)) return x;
	if (x === 0) return 0;
	const d = Math.max(0, Math.trunc(digits));
	const sign = x < 0 ? -1 : 1;
	const abs = Math.abs(x);
	// beyond 15 significant digits there is nothing left to round
	if (abs >= 1e15) return x;
	// Fast path (a page formats hundreds of numbers; the string round trip below was 3% of a page's server
	// time): `abs * 10^d` is within a few units in the last place of the decimal the strings would produce, so
	// unless it lies next to a .5 boundary both round to the same integer, and dividing that integer by 10^d is
	// correctly rounded just as parsing `${n}e-${d}` is. Checked against the string path by a property test.
	if (d < POW10.length) {
		const p = POW10[d];
		const scaled = abs * p;
		if (scaled < 2 ** 52) {
			const floor = Math.floor(scaled);
			const frac = scaled - floor;
			if (Math.abs(frac - 0.5) > 1e-12 * (scaled + 1)) {
				const result = (frac < 0.5 ? floor : floor + 1) / p;
				return result === 0 ? 0 : sign * result;
			}
		}
	}
	const rounded = roundByStrings(abs, d);
	return sign === 1 || rounded === 0 ? rounded : -rounded;
}

const POW10 = Array.from({ length: 16 }, (_, i) => 10 ** i);

/** The exact rule: through the 15-significant-digit decimal and exponent strings. Exported for the test. */
export function roundByStrings(abs: number, d: number): number {
	const [mantissa, exp] = abs.toExponential(14).split('e');
	const shifted = Number(`${mantissa}e${Number(exp) + d}`);
	const rounded = Math.round(shifted);
	const result = Number(`${rounded}e-${d}`);
	return result === 0 ? 0 : result;
}

/**
 * The execution rate of one funds row as an unrounded fraction, or null when the amounts it needs are not
 * printed or its denominator is 0.
 *
 * For (B−C)/A an empty C counts as 0: C is a deduction, and a form whose C cell is blank (or that has no
 * C column at all) deducts nothing. B and A are never assumed.
 */
export function computeRate(row: FundRow, formula: RateFormula): number | null {
	const b = row.executed;
	switch (formula) {
		case 'B/A':
			return divide(b, row.budget);
		case '(B-C)/A':
			return b === null ? null : divide(b - (row.transfer ?? 0), row.budget);
		case 'B/A0':
			return divide(b, row.initialBudget);
	}
}

function divide(numerator: number | null, denominator: number | null): number | null {
	if (numerator === null || denominator === null) return null;
	if (!Number.isFinite(numerator) || !Number.isFinite(denominator) || denominator === 0) return null;
	return numerator / denominator;
}

/** The formula printed in the funds header wins; otherwise the bureau's default. */
export function pickFormula(read: Pick<ReadForm, 'rateFormulaPrinted'>, settings: Settings): RateFormula {
	return read.rateFormulaPrinted ?? settings.defaultRateFormula;
}

/**
 * The row the funds score is judged on: the printed total, or the only source row when the form has a
 * single source and no total row. With several sources and no total there is no row to judge: adding them
 * up ourselves would be inventing a total the unit did not print.
 */
export function pickFundsRow(read: Pick<ReadForm, 'funds'>): FundRow | null {
	if (read.funds.total) return read.funds.total;
	return read.funds.rows.length === 1 ? read.funds.rows[0] : null;
}

/**
 * Number of decimals of the printed percentage ("94.00%" → 2, "76%" → 0), from the printed text when the
 * reader kept it. Null when unknown.
 */
export function printedRateDecimals(text: string | null | undefined): number | null {
	if (!text) return null;
	const percent = /(\d+)(?:[.．](\d+))?\s*[%％]/.exec(text);
	if (percent) return percent[2]?.length ?? 0;
	const fraction = /^\s*\d+(?:\.(\d+))?\s*$/.exec(text);
	// a bare fraction such as 0.9444 shows two fewer decimals as a percentage
	if (fraction) return Math.max(0, (fraction[1]?.length ?? 0) - 2);
	return null;
}
