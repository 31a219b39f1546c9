/** hasTraditional says whether the fold to simplified characters changes a text, and nothing else. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hasTraditional, toSimplified } from '../../../src/lib/import/aliases';

// folded characters (項 數 總), characters the table maps to themselves (值 良), simplified ones, others
const alphabet = ['項', '數', '總', '額', '値', '值', '良', '项', '数', '目', 'a', '1', ' ', '😀', '\ud800'];
const text = fc.array(fc.constantFrom(...alphabet), { maxLength: 20 }).map((cs) => cs.join(''));

describe('hasTraditional', () => {
	it('is true exactly when toSimplified changes the text', () => {
		fc.assert(
			fc.property(text, (s) => {
				expect(hasTraditional(s)).toBe(toSimplified(s) !== s);
			}),
			{ numRuns: 2000 }
		);
	});

	it('answers each call on its own (no state kept between calls)', () => {
		expect(hasTraditional('項目名稱')).toBe(true);
		expect(hasTraditional('項目名稱')).toBe(true);
		expect(hasTraditional('项目名称')).toBe(false);
		expect(hasTraditional('值')).toBe(false);
	});
});
