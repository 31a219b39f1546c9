import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ImportError, type Grid, type GridCell } from '../../../src/lib/import/grid';
import { checkZipSize, DEFAULT_MAX_UNCOMPRESSED_BYTES, xlsxToGrids } from '../../../src/lib/import/xlsx';

const fixture = (name: string) => new Uint8Array(readFileSync(fileURLToPath(new URL(`../../fixtures/${name}`, import.meta.url))));
const seed = () => fixture('wangcheng-2020.xlsx');

/** the cell that starts at (sheet row, 0-based column), or undefined */
function cellAt(grid: Grid, line: number, col: number): GridCell | undefined {
	return grid.rows.find((r) => r.line === line)?.cells.find((c) => c.col === col);
}

async function rejection(p: Promise<unknown>): Promise<ImportError> {
	const e = await p.then(
		() => null,
		(err: unknown) => err
	);
	expect(e).toBeInstanceOf(ImportError);
	return e as ImportError;
}

describe('xlsxToGrids on the seed workbook', async () => {
	const t0 = performance.now();
	const grids = await xlsxToGrids(seed(), 'wangcheng-2020.xlsx');
	console.log(`xlsxToGrids(seed): ${(performance.now() - t0).toFixed(0)} ms (first call, exceljs cold)`);
	const [grid] = grids;

	it('gives one table grid for the one sheet, row by row', () => {
		expect(grids).toHaveLength(1);
		expect(grid.layout).toBe('table');
		expect(grid.sheet).toBe('部门整体自评表');
		expect(grid.source).toBe('wangcheng-2020.xlsx');
		expect(grid.rows.map((r) => r.line)).toEqual(Array.from({ length: 26 }, (_, i) => i + 1));
		expect(grid.rows[13].where).toBe('工作表「部门整体自评表」第 14 行');
	});

	it('emits a merged range once, at its master, with its spans', () => {
		expect(grid.rows[0].cells).toEqual([{ text: '部门整体自评表', col: 0, colSpan: 11, rowSpan: 1 }]);
		expect(grid.rows[1].cells).toEqual([{ text: '(2020 年)', col: 0, colSpan: 11, rowSpan: 1 }]);
		expect(cellAt(grid, 3, 1)).toMatchObject({ text: '中共长沙市望城区委办公室', colSpan: 5, rowSpan: 1 });
		expect(cellAt(grid, 3, 6)).toMatchObject({ text: '所属独立核算单位个数', colSpan: 3 });
		expect(cellAt(grid, 3, 9)).toMatchObject({ text: '0', value: 0, colSpan: 2 });
		expect(cellAt(grid, 4, 0)).toMatchObject({ text: '资金情况 (万元)', rowSpan: 3 });
		expect(cellAt(grid, 10, 0)).toMatchObject({ text: '年度绩效指标', rowSpan: 16 });
		expect(cellAt(grid, 11, 1)).toMatchObject({ text: '产出指标', rowSpan: 9, colSpan: 1 });
		expect(cellAt(grid, 11, 2)).toMatchObject({ text: '数量指标', rowSpan: 3 });
		expect(cellAt(grid, 14, 2)).toMatchObject({ text: '质量指标', rowSpan: 4 });
		expect(cellAt(grid, 20, 1)).toMatchObject({ text: '效益指标', rowSpan: 5 });
		expect(cellAt(grid, 23, 2)).toMatchObject({ text: '可持续影响指标', rowSpan: 2 });
		// exceljs repeats the master's value in covered cells: they must not come through
		for (const [line, col] of [[1, 1], [3, 2], [12, 0], [12, 1], [12, 2], [19, 1], [24, 2], [26, 3]]) {
			expect(cellAt(grid, line, col), `${line}:${col}`).toBeUndefined();
		}
	});

	it('lines columns up: each row covers columns 0–10 exactly once, counting spans from rows above', () => {
		const coveredFromAbove = new Map<number, Set<number>>();
		for (const row of grid.rows) {
			const seen = new Set(coveredFromAbove.get(row.line) ?? []);
			for (const c of row.cells) {
				for (let k = c.col; k < c.col + c.colSpan; k++) {
					expect(seen.has(k), `row ${row.line} col ${k}`).toBe(false);
					seen.add(k);
					for (let r = row.line + 1; r < row.line + c.rowSpan; r++) {
						const s = coveredFromAbove.get(r) ?? new Set<number>();
						s.add(k);
						coveredFromAbove.set(r, s);
					}
				}
			}
			expect([...seen].sort((a, b) => a - b), `row ${row.line}`).toEqual(Array.from({ length: 11 }, (_, i) => i));
		}
		// empty cells are kept as '' at their column
		expect(cellAt(grid, 11, 9)).toEqual({ text: '', col: 9, colSpan: 1, rowSpan: 1 });
		expect(cellAt(grid, 19, 3)).toEqual({ text: '', col: 3, colSpan: 1, rowSpan: 1 });
	});

	it('carries numbers as value and as printed text; percentages and dashes stay text', () => {
		const funds = grid.rows[5].cells;
		expect(funds.map((c) => c.text)).toEqual(['年度资金总额', '2083', '1967.2', '0', '10', '94.00%', '9.44']);
		expect(funds.map((c) => c.value)).toEqual([undefined, 2083, 1967.2, 0, 10, undefined, 9.44]);
		expect(cellAt(grid, 5, 7)).toEqual({ text: '—', col: 7, colSpan: 1, rowSpan: 1 });
		const numeric = grid.rows.flatMap((r) => r.cells).filter((c) => c.value !== undefined);
		expect(numeric).toHaveLength(41);
		for (const c of numeric) expect(Number(c.text)).toBe(c.value);
	});

	it('reads the indicator rows and the 总分 row', () => {
		const weights = grid.rows.slice(10, 25).map((r) => [cellAt(grid, r.line, 7)?.value, cellAt(grid, r.line, 8)?.value]);
		expect(weights).toEqual([6, 6, 6, 6, 6, 6, 6, 8, 0, 0, 10, 0, 10, 10, 10].map((w) => [w, w]));
		expect(grid.rows[25].cells.slice(0, 3)).toEqual([
			{ text: '总分', col: 0, colSpan: 7, rowSpan: 1 },
			{ text: '100', col: 7, colSpan: 1, rowSpan: 1, value: 100 },
			{ text: '99.44', col: 8, colSpan: 1, rowSpan: 1, value: 99.44 }
		]);
	});
});

describe('xlsxToGrids on other cell kinds', () => {
	it('prints rich text, formulas, dates, hyperlinks, errors and number formats as the sheet shows them', async () => {
		const wb = new ExcelJS.Workbook();
		const ws = wb.addWorksheet('表一');
		ws.getCell('A1').value = { richText: [{ text: '部门' }, { text: '整体', font: { bold: true } }, { text: '自评表' }] };
		ws.getCell('B1').value = { formula: 'B2/B3', result: 0.9444 };
		ws.getCell('B1').numFmt = '0.00%';
		ws.getCell('C1').value = { formula: 'C2*2', result: 4166 };
		ws.getCell('C1').numFmt = '#,##0.00';
		ws.getCell('D1').value = new Date(Date.UTC(2021, 2, 31));
		ws.getCell('E1').value = { text: '财政局网站', hyperlink: 'https://example.org/' };
		ws.getCell('F1').value = { error: '#DIV/0!' };
		ws.getCell('G1').value = 0.1 + 0.2;
		ws.getCell('H1').value = '  两端空格  ';
		ws.getCell('I1').value = { formula: 'A1&""', result: '结果文本' };
		ws.getCell('J1').value = true;
		ws.getCell('K1').value = { formula: 'X1' };
		ws.getCell('L1').value = 9.4444;
		ws.getCell('L1').numFmt = '#,##0.00_);[Red](#,##0.00)';
		wb.addWorksheet('空表');
		const third = wb.addWorksheet('第三');
		third.getCell('B2').value = '有内容';
		third.mergeCells('B2:C3');
		// styles far below and right of the content make no rows or columns
		third.getCell('F40').numFmt = '0.00';
		third.getCell('H9').border = { top: { style: 'thin' } };
		const bytes = new Uint8Array(await wb.xlsx.writeBuffer());

		const grids = await xlsxToGrids(bytes, 'kinds.xlsx');
		expect(grids.map((g) => g.sheet)).toEqual(['表一', '第三']);
		const row = grids[0].rows[0].cells;
		expect(row.map((c) => c.text)).toEqual([
			'部门整体自评表',
			'94.44%',
			'4,166.00',
			'2021-03-31',
			'财政局网站',
			'#DIV/0!',
			'0.3',
			'两端空格',
			'结果文本',
			'TRUE',
			'',
			'9.44'
		]);
		const values = [undefined, 0.9444, 4166, undefined, undefined, undefined, 0.1 + 0.2, undefined, undefined, undefined];
		expect(row.map((c) => c.value)).toEqual([...values, undefined, 9.4444]);
		// the empty first row and column of the third sheet keep their places
		expect(grids[1].rows).toHaveLength(3);
		expect(grids[1].rows[0].cells.map((c) => c.col)).toEqual([0, 1, 2]);
		expect(grids[1].rows[1].cells).toEqual([
			{ text: '', col: 0, colSpan: 1, rowSpan: 1 },
			{ text: '有内容', col: 1, colSpan: 2, rowSpan: 2 }
		]);
		expect(grids[1].rows[2].cells).toEqual([{ text: '', col: 0, colSpan: 1, rowSpan: 1 }]);
	});

	it('returns no grid for a workbook without any text', async () => {
		const wb = new ExcelJS.Workbook();
		wb.addWorksheet('Sheet1');
		expect(await xlsxToGrids(new Uint8Array(await wb.xlsx.writeBuffer()), 'empty.xlsx')).toEqual([]);
	});
});

describe('xlsxToGrids refuses what it cannot or must not read', () => {
	it('names a truncated workbook as damaged, without the exceljs stack', async () => {
		const e = await rejection(xlsxToGrids(fixture('bad/truncated.xlsx'), 'truncated.xlsx'));
		expect(e.reason).toBe('无法读取 Excel 文件：文件已损坏或不完整');
		expect(e.message).toBe('truncated.xlsx: 无法读取 Excel 文件：文件已损坏或不完整');
	});

	it('names random bytes as damaged', async () => {
		const e = await rejection(xlsxToGrids(new Uint8Array([0x50, 0x4b, 3, 4, 1, 2, 3, 4, 5]), 'x.xlsx'));
		expect(e.reason).toBe('无法读取 Excel 文件：文件已损坏或不完整');
	});

	it('also catches damage the central directory does not show (a broken sheet inside)', async () => {
		const bytes = seed();
		// flip bytes inside the deflated data of the first entry
		bytes.fill(0xff, 200, 260);
		const e = await rejection(xlsxToGrids(bytes, 'flipped.xlsx'));
		expect(e.reason).toBe('无法读取 Excel 文件：文件已损坏或不完整');
	});

	it('refuses an old .xls and tells how to fix it', async () => {
		const e = await rejection(xlsxToGrids(fixture('bad/old-format.xls'), 'old.xls'));
		expect(e.reason).toBe('旧版 .xls 不能读取，请另存为 .xlsx');
	});

	it('refuses a password-protected workbook as encrypted, not as .xls', async () => {
		const e = await rejection(xlsxToGrids(fixture('bad/password.xlsx'), 'password.xlsx'));
		expect(e.reason).toMatch(/已加密/);
	});

	it('refuses a workbook that unpacks beyond the limit before loading it', async () => {
		expect(DEFAULT_MAX_UNCOMPRESSED_BYTES).toBe(100 * 1024 * 1024);
		const declared = checkZipSize(seed(), 'seed.xlsx', DEFAULT_MAX_UNCOMPRESSED_BYTES);
		expect(declared).toBeGreaterThan(seed().length);
		const e = await rejection(xlsxToGrids(seed(), 'seed.xlsx', { maxUncompressedBytes: declared - 1 }));
		expect(e.reason).toMatch(/^Excel 文件解压后有 \d+ KB，超过 \d+ KB 的上限/);
		await expect(xlsxToGrids(seed(), 'seed.xlsx', { maxUncompressedBytes: declared })).resolves.toHaveLength(1);
	});

	it('refuses a zip whose entry inflates to more than its declared size (a bomb that lies), as damaged', async () => {
		const bytes = fixture('bad/understated-size.xlsx');
		// refused by the size check itself, before exceljs/JSZip would inflate all 20 MB
		expect(() => checkZipSize(bytes, 'bomb.xlsx', DEFAULT_MAX_UNCOMPRESSED_BYTES)).toThrow(ImportError);
		const e = await rejection(xlsxToGrids(bytes, 'bomb.xlsx'));
		expect(e.reason).toBe('无法读取 Excel 文件：文件已损坏或不完整');
	});
});
