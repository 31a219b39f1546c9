/**
 * The bounds that keep a hostile file's parse short, each at its edge: a cell of MAX_CELL_CHARS is read and
 * one character more is refused with its place; a form of MAX_FORM_ROWS rows is read and one more row is
 * refused, while a flat table (many forms, one indicator per row) may be far longer; merged ranges are
 * counted before exceljs would expand them.
 */
import fs from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { readDocument } from '../../src/lib/import';
import { MAX_CELL_CHARS, MAX_FORM_ROWS } from '../../src/lib/import/bounds';
import { flatTemplateCsv } from '../../src/lib/import/flat-write';
import { FLAT_EXAMPLE } from '../../src/lib/import/flat-example';
import { ImportError } from '../../src/lib/import/grid';
import { checkSheetShapes, MAX_MERGED_CELLS, mergeArea } from '../../src/lib/import/xlsx-shape';
import { FIXTURES } from './helpers';

const seed = fs.readFileSync(path.join(FIXTURES, 'wangcheng-2020.txt'), 'utf8');
const utf8 = (s: string) => new TextEncoder().encode(s);

async function refusal(bytes: Uint8Array, name: string): Promise<ImportError> {
	try {
		await readDocument(bytes, name);
	} catch (e) {
		expect(e).toBeInstanceOf(ImportError);
		return e as ImportError;
	}
	throw new Error(`${name} was read`);
}

describe('parse bounds', () => {
	it(`reads a cell of ${MAX_CELL_CHARS} characters and refuses one more, naming the row`, async () => {
		const lines = seed.split('\n');
		const withCell = (n: number) => utf8([...lines.slice(0, 11), `${lines[11]}\t${'字'.repeat(n)}`, ...lines.slice(12)].join('\n'));
		expect(await readDocument(withCell(MAX_CELL_CHARS), 'ok.txt')).toHaveLength(1);
		const e = await refusal(withCell(MAX_CELL_CHARS + 1), 'long.txt');
		expect(e.reason).toContain('20,001 个字符');
		expect(e.message).toContain('long.txt');
		expect(e.place).toMatch(/第 12 行/);
	});

	it(`refuses a form of more than ${MAX_FORM_ROWS} rows, but not a long flat table`, async () => {
		const lines = seed.split('\n').filter((l) => l.trim() !== '');
		const pad = (rows: number) => utf8([...lines, ...Array<string>(rows - lines.length).fill('备注\t无')].join('\n'));
		expect(await readDocument(pad(MAX_FORM_ROWS), 'edge.txt')).toHaveLength(1);
		expect((await refusal(pad(MAX_FORM_ROWS + 1), 'rows.txt')).reason).toContain(`超过一张自评表 ${MAX_FORM_ROWS} 行的上限`);

		const csv = flatTemplateCsv([FLAT_EXAMPLE]).split(/\r?\n/).filter((l) => l !== '');
		const [header, ...body] = csv;
		const many = [header, ...Array.from({ length: Math.ceil((MAX_FORM_ROWS * 2) / body.length) }, () => body).flat()];
		expect(many.length).toBeGreaterThan(MAX_FORM_ROWS * 2);
		const forms = await readDocument(utf8(many.join('\r\n')), 'flat.csv');
		expect(forms.length).toBeGreaterThan(0);
	});

	it('counts merged cells before loading a workbook', async () => {
		expect(mergeArea('B3:D5')).toBe(9);
		expect(mergeArea('$A$1:$XFD$1048576')).toBe(16384 * 1048576);
		expect(mergeArea('C7')).toBe(1);
		const zip = await JSZip.loadAsync(fs.readFileSync(path.join(FIXTURES, 'wangcheng-2020.xlsx')));
		const xml = await zip.file('xl/worksheets/sheet1.xml')!.async('string');
		const withMerges = async (refs: string[]) => {
			zip.file('xl/worksheets/sheet1.xml', xml.replace(/<mergeCells count="(\d+)">/, `<mergeCells count="$1">${refs.map((r) => `<mergeCell ref="${r}"/>`).join('')}`));
			return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
		};
		// the seed's own merges and a range just under the limit are fine
		expect(() => checkSheetShapes(fs.readFileSync(path.join(FIXTURES, 'wangcheng-2020.xlsx')), 'seed.xlsx', 100e6)).not.toThrow();
		const under = await withMerges(['AA1:AA100000']);
		expect(() => checkSheetShapes(under, 'ok.xlsx', 100e6)).not.toThrow();
		const big = await withMerges([`AA1:AB${MAX_MERGED_CELLS}`]);
		expect(() => checkSheetShapes(big, 'big.xlsx', 100e6)).toThrow(/合并单元格共超过 200,000 格/);
	});
});
