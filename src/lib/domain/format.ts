/**
 * How numbers are written in the UI, exports and finding messages. One place, so that a rate reads
 * 94.44% everywhere. An absent value is shown as —, never as 0.
 */
import type { MoneyUnit } from './form';
import { round } from './rates';

export const ABSENT = '—';

function present(n: number | null | undefined): n is number {
	return typeof n === 'number' && Number.isFinite(n);
}

/** Fixed `digits` decimals with half-up rounding and thousands separators: 2083 → "2,083.00". */
export function formatNumber(n: number | null | undefined, digits = 2, separators = true): string {
	if (!present(n)) return ABSENT;
	const fixed = Math.abs(round(n, digits)).toFixed(digits);
	const [int, frac] = fixed.split('.');
	const grouped = separators ? int.replace(/\B(?=(\d{3})+(?!\d))/g, ',') : int;
	const sign = round(n, digits) < 0 ? '-' : '';
	return sign + grouped + (frac ? `.${frac}` : '');
}

/**
 * Money with thousands separators and at least 2 decimals: 2083 → "2,083.00 万元". Forms that print more
 * decimals (207.4538 万元, 52.800000) keep their significant ones, up to 6, so that the display never
 * rounds away a digit the unit printed.
 */
export function formatMoney(n: number | null | undefined, unit?: MoneyUnit | null): string {
	if (!present(n)) return ABSENT;
	let digits = 2;
	while (digits < 6 && round(n, digits) !== round(n, 6)) digits++;
	const text = formatNumber(n, digits);
	return unit ? `${text} ${unit}` : text;
}

/** A fraction as a percentage with 2 decimals: 0.944407 → "94.44%". */
export function formatRate(fraction: number | null | undefined): string {
	if (!present(fraction)) return ABSENT;
	return `${formatNumber(round(fraction * 100, 6), 2, false)}%`;
}

/** A score with up to 2 decimals, trailing zeros dropped, as analysts write them: 9.44, 9.4, 100. */
export function formatScore(n: number | null | undefined): string {
	if (!present(n)) return ABSENT;
	const r = round(n, 2);
	return String(r === 0 ? 0 : r);
}
