/**
 * Scores and grades (domain.md §3–§5), and the reference rules used to question a unit's own indicator
 * scores. The reference rules never replace a printed score: they only feed findings.
 */
import type { Grade, Indicator } from './form';
import { round } from './rates';

/**
 * 分值 × min(rate, 1), to 2 decimals. A negative rate (transfers larger than spending under (B−C)/A)
 * earns nothing rather than a negative score; the rate itself stays visible and is flagged elsewhere.
 */
export function fundsScore(weight: number | null, rate: number | null): number | null {
	if (weight === null || rate === null || !Number.isFinite(weight) || !Number.isFinite(rate)) return null;
	const capped = Math.min(Math.max(rate, 0), 1);
	return round(weight * capped, 2);
}

/** Sum of the indicator scores the form prints, or null when it prints none. */
export function indicatorScoreSum(indicators: readonly Pick<Indicator, 'score'>[]): number | null {
	let sum = 0;
	let any = false;
	for (const ind of indicators) {
		if (ind.score === null || !Number.isFinite(ind.score)) continue;
		sum += ind.score;
		any = true;
	}
	return any ? round(sum, 2) : null;
}

/** Sum of the indicator weights the form prints, or null when it prints none. */
export function indicatorWeightSum(indicators: readonly Pick<Indicator, 'weight'>[]): number | null {
	let sum = 0;
	let any = false;
	for (const ind of indicators) {
		if (ind.weight === null || !Number.isFinite(ind.weight)) continue;
		sum += ind.weight;
		any = true;
	}
	return any ? round(sum, 2) : null;
}

/**
 * 总分 = funds score + the units' own indicator scores, to 2 decimals. Null when either part is missing:
 * a funds score alone is not a total, and neither is an indicator sum with the funds block unscored.
 * (Templates that have no funds score at all are handled by evaluate, which passes 0 knowingly.)
 */
export function totalScore(
	funds: number | null,
	indicators: readonly Pick<Indicator, 'score'>[]
): number | null {
	const sum = indicatorScoreSum(indicators);
	if (funds === null || sum === null) return null;
	return round(funds + sum, 2);
}

/** 优 ≥ 90, 良 ≥ 80, 中 ≥ 60, else 差. No rounding up: 89.5 is 良. */
export function gradeOf(score: number | null): Grade | null {
	if (score === null || !Number.isFinite(score)) return null;
	if (score >= 90) return '优';
	if (score >= 80) return '良';
	if (score >= 60) return '中';
	return '差';
}

export type Direction = '>=' | '<=' | '=';

export interface ParsedValue {
	/** operator printed in the value itself (≥95%) */
	direction: Direction | null;
	value: number;
	percent: boolean;
}

const GE = /^(?:≥|≧|>=|＞＝|>|＞|不低于|不少于|大于等于|高于)/;
const LE = /^(?:≤|≦|<=|＜＝|<|＜|不高于|不超过|不多于|小于等于|低于)/;
const EQ = /^(?:=|＝|﹦|═|==|等于)/;

/** The direction an indicator's 指标性质 cell (or an operator in front of the value) states. */
export function directionOf(text: string | null | undefined): Direction | null {
	if (!text) return null;
	const t = text.replace(/\s+/g, '');
	if (GE.test(t) || t === '正向' || t === '正向指标') return '>=';
	if (LE.test(t) || t === '反向' || t === '反向指标') return '<=';
	if (EQ.test(t)) return '=';
	return null;
}

/**
 * A quantitative value: an optional operator, one number, an optional % and a short unit (95%, ≥90%, 735人次,
 * 72890元). Anything with more words ("100%，按时拨付", dates, sentences) is not quantitative.
 */
export function parseQuantity(text: string | null | undefined): ParsedValue | null {
	if (!text) return null;
	const t = text.replace(/\s+/g, '').replace(/[，,](?=\d{3}(?:\D|$))/g, '');
	const m = /^(≥|≧|>=|＞＝|>|＞|≤|≦|<=|＜＝|<|＜|=|＝|﹦|═)?(-?\d+(?:\.\d+)?)([%％])?([\u4e00-\u9fffA-Za-z/]{0,4})$/.exec(t);
	if (!m) return null;
	const value = Number(m[2]);
	if (!Number.isFinite(value)) return null;
	return { direction: directionOf(m[1] ?? null), value, percent: m[3] !== undefined };
}

export interface Reference {
	/** the score the reference rule gives, to 2 decimals, at most the weight */
	score: number;
	/** whether the actual value meets the target */
	met: boolean;
	direction: Direction;
	target: number;
	actual: number;
}

/**
 * The reference score of a quantitative indicator (domain.md §4), or null when the rule does not apply:
 * no weight, a qualitative target, values that are not plain numbers, or no way to tell which way is better.
 *
 * - ≥: full marks when met, else weight × actual / target;
 * - ≤: full marks when met, else weight × target / actual;
 * - =: full marks when met exactly; a miss has no agreed rule, so no reference.
 * The direction comes from 指标性质, else from an operator printed in the target value. When neither says,
 * only an exact hit is judged (full marks): guessing the direction would turn every cost indicator upside down.
 */
export function reference(ind: Indicator): Reference | null {
	const weight = ind.weight;
	if (weight === null || !Number.isFinite(weight) || weight <= 0) return null;
	if (ind.nature && /定性/.test(ind.nature)) return null;
	const target = parseQuantity(ind.targetValue);
	const actual = parseQuantity(ind.actualValue);
	if (!target || !actual) return null;
	const direction = directionOf(ind.nature) ?? target.direction;
	const t = target.value;
	const a = actual.value;
	if (direction === '>=') {
		if (a >= t) return { score: weight, met: true, direction, target: t, actual: a };
		if (t <= 0) return null;
		return { score: clamp(round((weight * a) / t, 2), weight), met: false, direction, target: t, actual: a };
	}
	if (direction === '<=') {
		if (a <= t) return { score: weight, met: true, direction, target: t, actual: a };
		if (a <= 0) return null;
		return { score: clamp(round((weight * t) / a, 2), weight), met: false, direction, target: t, actual: a };
	}
	if (a === t) return { score: weight, met: true, direction: direction ?? '=', target: t, actual: a };
	return null;
}

function clamp(score: number, weight: number): number {
	return Math.min(Math.max(score, 0), weight);
}

/** The reference score alone (see `reference`). */
export function referenceScore(ind: Indicator): number | null {
	return reference(ind)?.score ?? null;
}
