/**
 * The reader's language beyond the message catalogue: dates, and switching languages. Numbers (rates, money,
 * scores) are written the same way in both languages (domain/format.ts): 94.44%, 2,083.00.
 */
import { getLocale, locales, setLocale, type Locale } from './paraglide/runtime';

export { getLocale, locales, setLocale, type Locale };

/** Each language named in itself, as a language switch shows them. */
export const LOCALE_NAMES: Record<Locale, string> = { 'zh-CN': '中文', en: 'English' };

/**
 * Times are shown on the clock of the forms' readers (China Standard Time, as in exports), not the server's
 * or the browser's: a page rendered on the server and hydrated in the browser must read the same.
 */
export const APP_TIME_ZONE = 'Asia/Shanghai';

function parse(value: string | Date): Date | null {
	const date = value instanceof Date ? value : new Date(value);
	return Number.isNaN(date.getTime()) ? null : date;
}

/**
 * Building an Intl.DateTimeFormat costs far more than formatting with one (~0.1 ms with a time zone, measured
 * in the server's profile: a form page formats a date per version). Kept per language and options; the set of
 * keys is small and fixed (two languages × a few styles × the time zones asked for).
 */
const dateFormats = new Map<string, Intl.DateTimeFormat>();

function dateFormat(options: Intl.DateTimeFormatOptions & { timeZone: string }): Intl.DateTimeFormat {
	const locale = getLocale();
	const key = `${locale}|${options.dateStyle}|${options.timeStyle}|${options.timeZone}`;
	let format = dateFormats.get(key);
	if (!format) {
		format = new Intl.DateTimeFormat(locale, options);
		dateFormats.set(key, format);
	}
	return format;
}

/** "2026年11月28日 14:03" / "Nov 28, 2026, 2:03 PM"; `seconds` adds them, `timeZone` overrides the clock. */
export function formatDateTime(
	value: string | Date,
	opts: { seconds?: boolean; timeZone?: string } = {}
): string {
	const date = parse(value);
	if (!date) return String(value);
	return dateFormat({
		dateStyle: 'medium',
		timeStyle: opts.seconds ? 'medium' : 'short',
		timeZone: opts.timeZone ?? APP_TIME_ZONE
	}).format(date);
}

/** "2026年11月28日" / "Nov 28, 2026". */
export function formatDate(value: string | Date, opts: { timeZone?: string } = {}): string {
	const date = parse(value);
	if (!date) return String(value);
	return dateFormat({ dateStyle: 'medium', timeZone: opts.timeZone ?? APP_TIME_ZONE }).format(date);
}

/**
 * Where a link goes inside a sentence: messages take it as a `{link}` parameter (请先{link} / {link} first),
 * and LinkedText.svelte splits the sentence there, so that word order stays the translation's business.
 */
export const LINK = '\uE000';
