/**
 * bigramDice on sorted numeric bigrams gives the coefficient the string-keyed Set version gave (the 完成值
 * placement check prints it): held to that version, kept here as the reference.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bigramDice } from '../../../src/lib/domain';

function referenceBigrams(text: string): Set<string> {
	const chars = Array.from(text.replace(/[\s\p{P}\p{S}\p{N}]+/gu, ''));
	const out = new Set<string>();
	for (let i = 0; i + 1 < chars.length; i++) out.add(chars[i] + chars[i + 1]);
	return out;
}

function referenceDice(a: string, b: string): number {
	const x = referenceBigrams(a);
	const y = referenceBigrams(b);
	if (x.size === 0 || y.size === 0) return 0;
	let shared = 0;
	for (const g of x) if (y.has(g)) shared++;
	return (2 * shared) / (x.size + y.size);
}

// CJK, Latin, digits, punctuation, spaces, astral characters and lone surrogates, repeated often enough
// for shared and repeated bigrams
const alphabet = ['完', '成', '值', '目', '标', '达', '到', 'a', 'B', '1', '2', '，', '。', ' ', '%', '𠀀', '😀', '\ud800', '\udc00'];
const text = fc.array(fc.constantFrom(...alphabet), { maxLength: 30 }).map((cs) => cs.join(''));

describe('bigramDice', () => {
	it('equals the Set-of-strings coefficient', () => {
		fc.assert(
			fc.property(text, text, (a, b) => {
				expect(bigramDice(a, b)).toBe(referenceDice(a, b));
			}),
			{ numRuns: 2000 }
		);
	});

	it('ignores punctuation, digits and spacing, and counts a repeated bigram once', () => {
		expect(bigramDice('完成 2023年', '完成，年')).toBe(referenceDice('完成 2023年', '完成，年'));
		expect(bigramDice('完成完成', '完成')).toBe(2 / 3);
		expect(bigramDice('', '完成')).toBe(0);
	});
});
