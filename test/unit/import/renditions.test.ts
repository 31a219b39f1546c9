/**
 * The seed form in three renditions (text extracted from the PDF, the XLSX, the PDF itself) must read to the same
 * ReadForm: one form reader over grids from three grid makers. Texts compare whitespace-insensitively (the README
 * says so: wrapping and page breaks move spaces); `where` differs by format (line, sheet row, page) and is left out.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ReadForm } from '../../../src/lib/domain/form';
import { readDocument } from '../../../src/lib/import/index';

const fixture = (name: string) => new Uint8Array(readFileSync(fileURLToPath(new URL(`../../fixtures/${name}`, import.meta.url))));

function comparable(value: unknown): unknown {
	return JSON.parse(
		JSON.stringify(value, (key, v) => {
			if (key === 'where') return undefined;
			return typeof v === 'string' ? v.replace(/\s+/g, '') : v;
		})
	);
}

describe('the seed read from text, XLSX and PDF', async () => {
	const read = async (name: string) => {
		const forms = await readDocument(fixture(name), name);
		expect(forms, name).toHaveLength(1);
		return forms[0];
	};
	const text = await read('wangcheng-2020.txt');
	const others: [string, ReadForm][] = [
		['xlsx', await read('wangcheng-2020.xlsx')],
		['pdf', await read('wangcheng-2020.pdf')]
	];

	it('reads the facts from the text (so that agreeing is not agreeing on nothing)', () => {
		expect(text.unit).toBe('中共长沙市望城区委办公室');
		expect(text.year).toBe(2020);
		expect(text.kind).toBe('department');
		expect(text.funds.total?.budget).toBe(2083);
		expect(text.indicators).toHaveLength(15);
		expect(text.indicators.reduce((s, i) => s + (i.weight ?? 0), 0)).toBe(90);
		expect(text.totalScorePrinted).toBe(99.44);
	});

	it('points indicator rows at their place in each rendition', () => {
		expect(others[0][1].indicators[0].where).toBe('工作表「部门整体自评表」第 11 行');
		expect(others[1][1].indicators[0].where).toBe('第 2 页第 2 行');
		expect(others[1][1].indicators[14].where).toBe('第 3 页第 5 行');
	});

	for (const [format, form] of others) {
		it(`${format}: every header, funds and total field equals the text's`, () => {
			const keys = (Object.keys(text) as (keyof ReadForm)[]).filter((k) => k !== 'indicators' && k !== 'notes');
			expect(Object.keys(form).sort()).toEqual(Object.keys(text).sort());
			for (const k of keys) expect(comparable(form[k]), `${format}.${k}`).toEqual(comparable(text[k]));
		});

		it(`${format}: the indicators equal the text's, row by row and field by field`, () => {
			expect(form.indicators).toHaveLength(text.indicators.length);
			text.indicators.forEach((ind, i) => {
				const other = form.indicators[i] as unknown as Record<string, unknown>;
				for (const [k, v] of Object.entries(ind)) {
					if (k === 'where') continue;
					expect(comparable(other[k]), `${format} indicator ${i + 1} (${ind.level2}).${k}`).toEqual(comparable(v));
				}
			});
		});

		it(`${format}: the reader raises no error-level notes`, () => {
			expect(form.notes.filter((n) => n.severity === 'error')).toEqual([]);
		});
	}
});
