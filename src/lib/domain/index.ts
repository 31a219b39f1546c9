/** The public API of the pure domain layer. */
export * from './form';
export { round, computeRate, pickFormula, pickFundsRow, printedRateDecimals } from './rates';
export {
	fundsScore,
	totalScore,
	indicatorScoreSum,
	indicatorWeightSum,
	gradeOf,
	reference,
	referenceScore,
	directionOf,
	parseQuantity
} from './scoring';
export type { Direction, ParsedValue, Reference } from './scoring';
export { evaluate, compute, fundsUnscored } from './evaluate';
export { checkForm, FINDING_CODES, isPlaceholder, bigramDice } from './findings';
export type { FindingCode } from './findings';
export { formatMoney, formatRate, formatScore, formatNumber, ABSENT } from './format';
