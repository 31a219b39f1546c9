import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ImportError, type Grid, type GridCell, type GridRow } from '../../../src/lib/import/grid';
import { DEFAULT_MAX_PAGES, pdfToGrid } from '../../../src/lib/import/pdf';
import { xlsxToGrids } from '../../../src/lib/import/xlsx';

const fixture = (name: string) => new Uint8Array(readFileSync(fileURLToPath(new URL(`../../fixtures/${name}`, import.meta.url))));
const squash = (s: string) => s.replace(/\s+/g, '');

async function rejection(p: Promise<unknown>): Promise<ImportError> {
	const e = await p.then(
		() => null,
		(err: unknown) => err
	);
	expect(e).toBeInstanceOf(ImportError);
	return e as ImportError;
}

const texts = (row: GridRow) => row.cells.map((c) => c.text);
const cellAt = (row: GridRow | undefined, col: number): GridCell | undefined => row?.cells.find((c) => c.col === col);
const rowWith = (grid: Grid, text: string) => grid.rows.find((r) => r.cells.some((c) => squash(c.text) === squash(text)));

type Page = { lines: [number, number, number, number][]; texts: [number, number, string][]; rotated?: boolean };

/**
 * A minimal PDF (Helvetica text, stroked lines), pages of 595 × 842 pt. A `rotated` page is stored portrait with
 * /Rotate 90 and its content turned the other way, so it displays as an upright landscape page — coordinates are
 * given as displayed (842 wide).
 */
function makePdf(pages: Page[]): Uint8Array {
	const bodies: string[] = ['<< /Type /Catalog /Pages 2 0 R >>', '', '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>'];
	const kids: number[] = [];
	for (const p of pages) {
		const ops = [
			p.rotated ? '0 1 -1 0 595 0 cm' : '',
			'0.1 w',
			...p.lines.map(([x0, y0, x1, y1]) => `${x0} ${y0} m ${x1} ${y1} l S`),
			...p.texts.map(([x, y, s]) => `BT /F1 10 Tf ${x} ${y} Td (${s}) Tj ET`)
		].join('\n');
		bodies.push(`<< /Length ${ops.length} >>\nstream\n${ops}\nendstream`);
		const rotate = p.rotated ? '/Rotate 90 ' : '';
		bodies.push(`<< /Type /Page /Parent 2 0 R ${rotate}/MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents ${bodies.length} 0 R >>`);
		kids.push(bodies.length);
	}
	bodies[1] = `<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(' ')}] /Count ${kids.length} >>`;
	let out = '%PDF-1.4\n';
	const offsets = bodies.map((b, i) => {
		const at = out.length;
		out += `${i + 1} 0 obj\n${b}\nendobj\n`;
		return at;
	});
	const xref = out.length;
	out += `xref\n0 ${bodies.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
	out += `trailer\n<< /Size ${bodies.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
	return new Uint8Array(Buffer.from(out, 'latin1'));
}

describe('pdfToGrid on the seed PDF', async () => {
	const bytes = fixture('wangcheng-2020.pdf');
	let t0 = performance.now();
	const grid = await pdfToGrid(bytes, 'wangcheng-2020.pdf');
	const cold = performance.now() - t0;
	t0 = performance.now();
	await pdfToGrid(bytes, 'wangcheng-2020.pdf');
	console.log(`pdfToGrid(seed, 3 pages): ${cold.toFixed(0)} ms first call (pdfjs cold), ${(performance.now() - t0).toFixed(0)} ms warm`);
	const [xlsx] = await xlsxToGrids(fixture('wangcheng-2020.xlsx'), 'wangcheng-2020.xlsx');

	it('reads all 3 pages into one table grid and leaves the caller’s bytes alone', () => {
		expect(grid.layout).toBe('table');
		expect(grid.source).toBe('wangcheng-2020.pdf');
		expect(new Set(grid.rows.map((r) => r.page))).toEqual(new Set([1, 2, 3]));
		expect(bytes.length).toBe(fixture('wangcheng-2020.pdf').length);
		expect(grid.rows.map((r) => r.line)).toEqual(grid.rows.map((_, i) => i + 1));
		const header = rowWith(grid, '一级指标')!;
		expect(header.where).toBe('第 2 页第 1 行');
		expect(header.page).toBe(2);
	});

	it('finds every non-empty cell text of the XLSX in some PDF cell', () => {
		const pdfTexts = new Set(grid.rows.flatMap((r) => r.cells.map((c) => squash(c.text))));
		const missing = xlsx.rows.flatMap((r) => r.cells.map((c) => squash(c.text))).filter((t) => t && !pdfTexts.has(t));
		expect(missing).toEqual([]);
	});

	it('rebuilds the funds rows in column order although the stream draws them out of order', () => {
		const total = rowWith(grid, '年度资金总额')!;
		expect(texts(total)).toEqual(['年度资金总额', '2083', '1967.2', '0', '10', '94.00%', '9.44']);
		expect(total.cells.map((c) => c.col)).toEqual([1, 4, 5, 6, 7, 8, 9]);
		expect(texts(rowWith(grid, '财政拨款')!)).toEqual(['财政拨款', '2083', '1967.2', '0', '—', '94.00%', '—']);
		// wrapped header cells come back whole: 全年执行数 / (B), 执行率 / ((B-C)/A)
		const head = rowWith(grid, '资金来源')!;
		expect(head.cells.map((c) => squash(c.text))).toEqual(
			['资金情况 (万元)', '资金来源', '全年预算数 (A)', '全年执行数 (B)', '上级财政移动支付 (C)', '分值', '执行率 ((B-C)/A)', '得分'].map(squash)
		);
	});

	it('gives the indicator rows in the XLSX order with their weights and scores', () => {
		const indicators = (g: Grid) => {
			const start = g.rows.indexOf(rowWith(g, '一级指标')!);
			const end = g.rows.indexOf(rowWith(g, '总分')!);
			return g.rows.slice(start + 1, end).map((r) => [3, 4, 5, 6, 7, 8].map((c) => squash(cellAt(r, c)?.text ?? '')));
		};
		const fromPdf = indicators(grid);
		expect(fromPdf).toEqual(indicators(xlsx));
		expect(fromPdf.map((r) => [Number(r[4]), Number(r[5])])).toEqual([6, 6, 6, 6, 6, 6, 6, 8, 0, 0, 10, 0, 10, 10, 10].map((w) => [w, w]));
		expect(fromPdf.every((r) => r[0] === '' || r[0] === '部门整体运转')).toBe(true);
	});

	it('joins wrapped lines of a cell, such as the long 可持续影响 target cut in the text rendition', () => {
		const row = rowWith(grid, '可持续影响指标')!;
		expect(squash(cellAt(row, 4)!.text)).toBe(squash('坚持知信行统一，把“两个维护”落实到“三服务”工作的全过程，确保“两个维护”在区委办公室见人、见事、见行动、见实效。'));
		expect(squash(cellAt(row, 6)!.text)).toBe(squash('坚持知信行统一，把“两个维护”落实到“三服务”工作的全过程中，确保了“两个维护”在区委办见人、见事、见行动、见实效。'));
		expect(cellAt(row, 3)!.text).toBe('部门整体运转');
		// the duplicated 分子 of the original page break is kept
		expect(rowWith(grid, '2020年7月1-3日开展入党积极分子（第一期）培训，12月9-11日开展入党积极分子分子（第二期）培训。')).toBeDefined();
	});

	it('turns merged labels drawn once mid-range into one cell with the same spans as the XLSX, across pages too', () => {
		const shape = (g: Grid) => g.rows.slice(2).map((r) => r.cells.map((c) => [c.col, c.colSpan, c.rowSpan, squash(c.text)]));
		expect(shape(grid)).toEqual(shape(xlsx));
		const label = rowWith(grid, '年度绩效指标')!;
		expect(label.page).toBe(2);
		expect(cellAt(label, 0)).toMatchObject({ text: '年度绩效指标', rowSpan: 16 });
		// 效益指标 (B20:B24) is drawn on page 3 only but starts on page 2
		const benefit = grid.rows.find((r) => cellAt(r, 1)?.text === '效益指标')!;
		expect(benefit.page).toBe(2);
		expect(cellAt(benefit, 1)!.rowSpan).toBe(5);
		// the centred title above the table, outside the rules, spans it like the sheet's merged title
		expect(grid.rows[0].cells).toEqual([{ text: '部门整体自评表', col: 0, colSpan: 11, rowSpan: 1 }]);
		expect(grid.rows[1].cells).toEqual([{ text: '(2020 年)', col: 0, colSpan: 11, rowSpan: 1 }]);
	});

	it('without rules, clustering still gets the funds row and the indicator weights in order', async () => {
		const loose = await pdfToGrid(bytes, 'wangcheng-2020.pdf', { useRules: false });
		expect(texts(rowWith(loose, '年度资金总额')!)).toEqual(['年度资金总额', '2083', '1967.2', '0', '10', '94.00%', '9.44']);
		const header = loose.rows.find((r) => r.page === 2 && r.cells.some((c) => c.text === '分值'))!;
		const scoreCol = header.cells.find((c) => c.text === '分值')!.col;
		const after = loose.rows.slice(loose.rows.indexOf(header) + 1);
		const weights = after.filter((r) => /^\d+$/.test(cellAt(r, scoreCol)?.text ?? '')).map((r) => Number(cellAt(r, scoreCol)!.text));
		expect(weights).toEqual([6, 6, 6, 6, 6, 6, 6, 8, 0, 0, 10, 0, 10, 10, 10, 100]);
	});
});

describe('pdfToGrid rebuilds rows from rules', () => {
	it('continues a row cut by a page break on the next page, and keeps text outside the table as its own row', async () => {
		const v = (x: number, y0: number, y1: number): [number, number, number, number] => [x, y0, x, y1];
		const h = (y: number): [number, number, number, number] => [50, y, 400, y];
		const bytes = makePdf([
			{
				// header row, then a row whose bottom border is missing: it runs on to page 2
				lines: [h(800), h(780), v(50, 700, 800), v(200, 700, 800), v(400, 700, 800)],
				texts: [
					[205, 786, 'Note'],
					[55, 786, 'Name'],
					[55, 760, 'alpha'],
					[205, 760, 'first part of'],
					[205, 746, 'a long note'],
					[280, 40, 'Page 1']
				]
			},
			{
				lines: [h(760), h(740), v(50, 740, 800), v(200, 740, 800), v(400, 740, 800)],
				texts: [
					[205, 785, 'carried over'],
					[55, 746, 'beta'],
					[205, 746, 'second row']
				]
			}
		]);
		const grid = await pdfToGrid(bytes, 'cut.pdf');
		expect(grid.rows.map((r) => [r.where, texts(r)])).toEqual([
			['第 1 页第 1 行', ['Name', 'Note']],
			['第 1 页第 2 行', ['alpha', 'first part of a long note carried over']],
			['第 1 页第 3 行', ['Page 1']],
			['第 2 页第 1 行', ['beta', 'second row']]
		]);
		expect(grid.rows[1].cells.map((c) => c.rowSpan)).toEqual([1, 1]);
	});
});

describe('pdfToGrid on rotated pages', () => {
	it('reads a /Rotate 90 page as displayed, not as stored', async () => {
		const table: Page = {
			lines: [
				[50, 500, 700, 500],
				[50, 480, 700, 480],
				[50, 460, 700, 460],
				[50, 460, 50, 500],
				[300, 460, 300, 500],
				[700, 460, 700, 500]
			],
			texts: [
				[55, 486, 'Budget'],
				[305, 486, 'Executed'],
				[55, 466, '2083'],
				[305, 466, '1967.2']
			]
		};
		const upright = await pdfToGrid(makePdf([table]), 'upright.pdf');
		const rotated = await pdfToGrid(makePdf([{ ...table, rotated: true }]), 'rotated.pdf');
		expect(upright.rows.map(texts)).toEqual([
			['Budget', 'Executed'],
			['2083', '1967.2']
		]);
		expect(rotated.rows).toEqual(upright.rows);
	});
});

describe('pdfToGrid refuses what it cannot read', () => {
	it('says a PDF without a text layer is a scan', async () => {
		const e = await rejection(pdfToGrid(fixture('bad/scanned.pdf'), 'scan.pdf'));
		expect(e.reason).toBe('这是扫描件（没有文字层），无法读取：请提供原始 Excel 或可复制文字的 PDF');
	});

	it('says a password-protected PDF is encrypted', async () => {
		const e = await rejection(pdfToGrid(fixture('bad/encrypted.pdf'), 'locked.pdf'));
		expect(e.reason).toMatch(/^PDF 已加密/);
	});

	it('says a truncated or garbage PDF is damaged', async () => {
		for (const bytes of [fixture('bad/truncated.pdf'), new Uint8Array(Buffer.from('%PDF-1.7\nnot really a pdf'))]) {
			const e = await rejection(pdfToGrid(bytes, 'broken.pdf'));
			expect(e.reason).toBe('无法读取 PDF 文件：文件已损坏或不完整');
		}
	});

	it('refuses more pages than the limit and names it', async () => {
		expect(DEFAULT_MAX_PAGES).toBe(200);
		const e = await rejection(pdfToGrid(fixture('wangcheng-2020.pdf'), 'seed.pdf', { maxPages: 2 }));
		expect(e.reason).toBe('PDF 共 3 页，超过 2 页的上限，拒绝读取');
	});
});
