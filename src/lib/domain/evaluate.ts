/**
 * ReadForm + settings → NormalizedForm: recompute rate, scores and grade beside the printed values, and
 * collect the findings. Pure and total: it must not throw on any ReadForm a reader can produce.
 */
import type { Computed, NormalizedForm, ReadForm, Settings } from './form';
import { checkForm } from './findings';
import { computeRate, pickFormula, pickFundsRow, round } from './rates';
import { fundsScore, gradeOf, indicatorScoreSum, indicatorWeightSum, totalScore } from './scoring';

/** Recomputes rate, funds score, total and grade (see evaluate). */
export function compute(read: ReadForm, settings: Settings): Computed {
	const rateFormula = pickFormula(read, settings);
	const row = pickFundsRow(read);

	let rate: number | null = null;
	let rateSource: Computed['rateSource'] = null;
	if (row) {
		const recomputed = computeRate(row, rateFormula);
		if (recomputed !== null && Number.isFinite(recomputed)) {
			rate = recomputed;
			rateSource = 'amounts';
		} else if (row.ratePrinted !== null && Number.isFinite(row.ratePrinted)) {
			// the amounts are lost (OCR, empty cells) but the rate is printed: using it is not inventing,
			// and the RATE_NOT_COMPUTABLE finding says so
			rate = row.ratePrinted;
			rateSource = 'printed';
		}
	}

	const funds = fundsScore(row?.weight ?? null, rate);

	let total: number | null;
	if (fundsUnscored(read)) {
		// templates whose weights all sit on the indicators (no funds 分值 or 得分 printed, indicator weights
		// making up the whole): the indicator sum is the total
		const weights = indicatorWeightSum(read.indicators);
		const whole = read.totalWeight ?? 100;
		total = weights !== null && Math.abs(weights - whole) < 0.005 ? indicatorScoreSum(read.indicators) : null;
	} else {
		total = totalScore(funds, read.indicators);
	}

	return {
		rate: rate === null ? null : round(rate, 4),
		rateSource,
		rateFormula,
		fundsScore: funds,
		totalScore: total,
		grade: gradeOf(total)
	};
}

/** True when the funds block carries no score at all (no 分值, no 得分). */
export function fundsUnscored(read: ReadForm): boolean {
	const row = pickFundsRow(read);
	return row === null || (row.weight === null && row.scorePrinted === null);
}

/**
 * The normalized form. The funds score is judged on the total row (or the single source row); the total
 * adds the units' own indicator scores — they are the unit's judgement, questioned only by findings — to
 * the recomputed funds score. Findings are the reader's notes followed by the domain checks.
 */
export function evaluate(read: ReadForm, settings: Settings): NormalizedForm {
	const computed = compute(read, settings);
	const { notes, ...rest } = read;
	const findings = [...(notes ?? []), ...checkForm(read, computed, settings)];
	return { ...rest, computed, findings };
}
