/** The RFC 4180 reader and writer under the flat table. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectDelimiter, parseDelimited, toDelimited } from '../../../src/lib/import/csv';

const fields = (text: string, d: ',' | '\t' = ',') => parseDelimited(text, d).map((r) => r.fields);

describe('parseDelimited', () => {
	it('splits plain records on commas and line ends, CRLF or LF', () => {
		expect(fields('a,b,c\r\n1,2,3\n4,5,6')).toEqual([
			['a', 'b', 'c'],
			['1', '2', '3'],
			['4', '5', '6']
		]);
	});

	it('keeps commas, line breaks and doubled quotes inside quoted fields', () => {
		const text = '单位,目标内容\n"望城区委办","建设基地，3个\n每个3万元"\n"x","他说""满意"""\n';
		expect(fields(text)).toEqual([
			['单位', '目标内容'],
			['望城区委办', '建设基地，3个\n每个3万元'],
			['x', '他说"满意"']
		]);
	});

	it('numbers records as a spreadsheet shows them, multi-line fields and blank lines included', () => {
		const records = parseDelimited('h1,h2\n"a\nb",c\n\nd,e\n', ',');
		expect(records.map((r) => r.row)).toEqual([1, 2, 3, 4]);
		expect(records[2].fields).toEqual(['']);
		expect(records[3].fields).toEqual(['d', 'e']);
	});

	it('keeps empty fields, including a trailing one', () => {
		expect(fields('a,,c,\n')).toEqual([['a', '', 'c', '']]);
		expect(fields('"",x')).toEqual([['', 'x']]);
	});

	it('keeps a stray quote inside an unquoted field as text', () => {
		expect(fields('5"寸,b')).toEqual([['5"寸', 'b']]);
	});

	it('reads tab-separated text, where commas are plain text', () => {
		expect(fields('单位\t金额\n区委办\t2,083.00\n', '\t')).toEqual([
			['单位', '金额'],
			['区委办', '2,083.00']
		]);
	});

	it('detects the delimiter from the first record, ignoring quoted commas', () => {
		expect(detectDelimiter('a\tb\tc\n1,2\t3')).toBe('\t');
		expect(detectDelimiter('"a\tb",c,d\n')).toBe(',');
		expect(detectDelimiter('a,b\n')).toBe(',');
	});
});

describe('toDelimited', () => {
	it('quotes only fields that need it and ends records with CRLF', () => {
		expect(toDelimited([['a', 'b,c', 'd"e', 'f\ng', ' h']])).toBe('a,"b,c","d""e","f\ng"," h"\r\n');
	});

	it('round-trips any table through parseDelimited (fields without CR, which decodeText folds to LF)', () => {
		const field = fc.string({ unit: fc.constantFrom('a', '单', ',', '"', '\n', '\t', ' ', '1', '%', '—') });
		const table = fc.integer({ min: 1, max: 5 }).chain((width) => fc.array(fc.array(field, { minLength: width, maxLength: width }), { minLength: 1, maxLength: 6 }));
		fc.assert(
			fc.property(table, fc.constantFrom<',' | '\t'>(',', '\t'), (rows, d) => {
				// a record of one empty field is written as an empty line, which reads back the same
				expect(fields(toDelimited(rows, d), d)).toEqual(rows);
			}),
			{ numRuns: 300 }
		);
	});
});
