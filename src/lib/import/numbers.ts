/**
 * Numbers as forms print them: '2,083.00', '94.00%', '864.2万', '52.800000', '100分', '10.00'.
 * Rates come back as fractions (94.00% → 0.94). Anything else is not a number: '≥360天' is a target.
 */

export interface PrintedNumber {
	value: number;
	/** printed with a percent sign */
	percent: boolean;
	/** decimals as printed (for rate display) */
	decimals: number;
}

const NUMBER = /^([-+]?)(\d{1,3}(?:,\d{3})+|\d+)?(?:\.(\d+))?\s*(%|‰|万元|万|元|分)?$/;

/** Parses a printed number; null when the text is not one. */
export function parseNumber(text: string | null | undefined): PrintedNumber | null {
	if (text == null) return null;
	const t = text.normalize('NFKC').replace(/\s+/g, '').replace(/。$/, '');
	const m = NUMBER.exec(t);
	if (!m || (m[2] === undefined && m[3] === undefined)) return null;
	const intPart = (m[2] ?? '0').replace(/,/g, '');
	const frac = m[3] ?? '';
	let value = Number(`${m[1]}${intPart}${frac ? `.${frac}` : ''}`);
	if (!Number.isFinite(value)) return null;
	const percent = m[4] === '%';
	if (percent) value = value / 100;
	if (m[4] === '‰') value = value / 1000;
	// fractions such as 0.9444 after a division: keep 10 significant digits to drop float noise
	value = Number(value.toPrecision(12));
	return { value, percent, decimals: frac.length };
}

/** A plain number (no percent), or null. */
export function plainNumber(text: string | null | undefined): number | null {
	const n = parseNumber(text);
	return n && !n.percent ? n.value : null;
}

/**
 * Every way of cutting a run of glued digits into `min`..`max` well-formed numbers ('194.9194.9100%' →
 * [194.9, 194.9, 100%], …). OCR and flattened tables glue adjacent cells; which cut is right is decided
 * by the caller from plausibility (rate = B/A, score = weight × rate). Leading zeros ('07.6') are refused.
 */
export function gluedSplits(text: string, max: number, limit = 400): string[][] {
	const t = text.normalize('NFKC').replace(/\s+/g, '');
	if (!/^[\d.%]+$/.test(t) || t.length > 28) return [];
	const out: string[][] = [];
	const part = /^(0|[1-9]\d*)(\.\d{1,6})?%?$/;
	const walk = (rest: string, acc: string[]) => {
		if (out.length >= limit) return;
		if (rest === '') {
			out.push(acc.slice());
			return;
		}
		if (acc.length >= max) return;
		for (let len = 1; len <= Math.min(rest.length, 14); len++) {
			const piece = rest.slice(0, len);
			// a percent sign always ends a cell
			if (piece.slice(0, -1).includes('%')) break;
			if (!part.test(piece)) continue;
			// a cell cannot end right before a '.' or '%' that belongs to it
			const next = rest[len];
			if (next === '.' || next === '%') continue;
			// percentages carry at most 2 decimals in these forms
			if (piece.endsWith('%') && /\.\d{3,}%$/.test(piece)) continue;
			acc.push(piece);
			walk(rest.slice(len), acc);
			acc.pop();
		}
	};
	walk(t, []);
	return out;
}

/** Formats a number for messages without float noise. */
export function fmt(n: number): string {
	return String(Number(n.toPrecision(10)));
}
